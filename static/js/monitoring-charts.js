/* Charts of the monitoring dashboard (Chart.js, vendored). The numbers come from the
   json_script "chart-data" and are the same as the tables next to each chart. */
(function () {
  "use strict";
  var source = document.getElementById("chart-data");
  if (!source || !window.Chart) { return; }
  var data = JSON.parse(source.textContent);
  var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var planned = "#6c8ebf", achieved = "#0b6e4f";

  function percentBars(id, labels, series) {
    var canvas = document.getElementById(id);
    if (!canvas || !labels.length) { return; }
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: labels,
        datasets: [
          { label: data.labels.planned, data: series.planned, backgroundColor: planned },
          { label: data.labels.achieved, data: series.achieved, backgroundColor: achieved }
        ]
      },
      options: {
        animation: reduce ? false : undefined,
        scales: { y: { beginAtZero: true, max: 100, ticks: { callback: function (v) { return v + " %"; } } } },
        plugins: { tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": " + c.parsed.y + " %"; } } } }
      }
    });
  }

  percentBars("chart-axes", data.axes.labels, data.axes);
  percentBars("chart-semesters", data.semesters.labels, data.semesters);

  var timeliness = document.getElementById("chart-timeliness");
  if (timeliness && data.timeliness.values.length) {
    new window.Chart(timeliness, {
      type: "bar",
      data: {
        labels: data.timeliness.labels,
        datasets: [{ data: data.timeliness.values, backgroundColor: ["#198754", "#b35c00", "#b02a37", "#adb5bd"] }]
      },
      options: {
        animation: reduce ? false : undefined,
        indexAxis: "y",
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } } }
      }
    });
  }
}());
