/* Behaviour of every page that would otherwise sit in inline event handlers, which the
   Content-Security-Policy forbids (coalicion/settings/base.py, "Browser policies").
   - A <select data-submit-on-change> submits its form when its value changes (the language
     switch in base.html; without JavaScript its <noscript> button does it).
   - A failed form's error summary takes the focus; its links focus their inputs.
   Listeners are delegated from the document, so content swapped in by htmx needs nothing. */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field instanceof HTMLSelectElement && field.hasAttribute("data-submit-on-change") && field.form) {
      field.form.submit();
    }
  });

  /* Error summary (templates/partials/_error_summary.html, GOV.UK pattern): after a failed
     submit, focus moves to the summary so screen readers announce it first; a link of the
     summary moves focus to its input and scrolls the input's label into view. */
  function focusErrorSummary(root) {
    var summary = (root || document).querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
    return summary;
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { focusErrorSummary(document); });
  } else {
    focusErrorSummary(document);
  }
  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element ? event.target.closest("[data-error-summary] a[href^='#']") : null;
    if (!link) {
      return;
    }
    var input = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!input) {
      return;
    }
    event.preventDefault();
    var label = input.id ? document.querySelector("label[for='" + CSS.escape(input.id) + "']") : null;
    var legend = input.closest("fieldset") ? input.closest("fieldset").querySelector("legend") : null;
    (label || legend || input).scrollIntoView();
    input.focus({preventScroll: true});
  });
}());
