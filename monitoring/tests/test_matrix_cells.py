"""The dashboard writes its country × activity matrix's cells ({% matrix_cells %}) and its
results tree's rows ({% tree_row %}) at once (issue 24) instead of ~10 and ~30 template nodes
each. Each state a cell or a row can be in comes out as the template wrote it, in both
languages: a cell not concerned, concerned but not counted (not approved yet), counted with
each compliance status, with and without a goal status; a row of each level, with and
without data, an equal or a weighted share, figures carried from semester I, partial
coverage in the regional and in a country's view, no period yet."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.template.defaultfilters import floatformat
from django.utils import translation
from django.utils.formats import localize, number_format
from django.utils.text import Truncator

from monitoring.models import ProgressEntry
from monitoring.selectors import MatrixCell, MatrixRow, Result, ResultStatus
from monitoring.templatetags.monitoring_tags import _label, _numbers, _whole
from plans.selectors.weights import Share

COLOUR = {"on_track": "success", "at_risk": "warning", "delayed": "danger"}


@dataclass
class OldCell(MatrixCell):
    """A cell with what the per-cell template read through filters and a property that went
    with it (status_cell, status_mark, goal_status_label), written out here."""

    @property
    def css(self) -> str:
        return f"table-{COLOUR[self.status]}" if self.status in COLOUR else ""

    @property
    def mark(self) -> str:
        return {"on_track": "✓", "at_risk": "!", "delayed": "✗"}.get(self.status, "")

    @property
    def goal_status_label(self) -> str:
        return ProgressEntry.GoalStatus(self.goal_status).label if self.goal_status else ""


# The per-cell template the tag replaces (templates/monitoring/_dashboard.html before it).
BEFORE = Template(
    "{% load i18n monitoring_tags %}"
    '{% translate "not concerned" as t_not_concerned %}'
    '{% translate "not approved yet" as t_not_approved %}'
    "{% for cell in row.all_cells %}{% if not cell.concerned %}"
    '<td class="text-body-tertiary" title="{{ t_not_concerned }}">·</td>'
    '{% elif cell.counted %}<td class="{{ cell.css }}" '
    'title="{{ cell.status|status_label }}{% if cell.goal_status %} · '
    '{{ cell.goal_status_label }}{% endif %}">{{ cell.progress }}<span aria-hidden="true"> '
    '{{ cell.mark }}</span><span class="visually-hidden"> '
    "{{ cell.status|status_label }}</span></td>{% else %}"
    '<td title="{{ t_not_approved }}">…<span class="visually-hidden"> {{ t_not_approved }}'
    "</span></td>{% endif %}{% endfor %}"
)
AFTER = Template("{% load monitoring_tags %}{% matrix_cells row %}")

CELLS = [
    OldCell(),
    OldCell(concerned=True),
    OldCell(concerned=True, report_status="submitted"),
    *[
        OldCell(concerned=True, counted=True, progress=progress, status=status)
        for progress, status in (
            (100, ResultStatus.ON_TRACK),
            (40, ResultStatus.AT_RISK),
            (0, ResultStatus.DELAYED),
            (None, ""),
        )
    ],
    *[
        OldCell(concerned=True, counted=True, progress=70, status="on_track", goal_status=g)
        for g in ProgressEntry.GoalStatus.values
    ],
]


@pytest.mark.parametrize("language", ["es", "en"])
def test_every_state_of_a_cell_is_written_as_the_template_wrote_it(language):
    row = MatrixRow(activity=None, planned=50, cells=CELLS[:-1], regional=CELLS[-1])  # type: ignore[arg-type]
    with translation.override(language):
        before = BEFORE.render(Context({"row": row}))
        after = AFTER.render(Context({"row": row}))
    assert after == before
    assert after.count("<td") == len(CELLS)


def test_the_words_are_those_of_the_language_of_the_page():
    row = MatrixRow(
        activity=None, planned=50, cells=[MatrixCell(concerned=True)], regional=MatrixCell()
    )  # type: ignore[arg-type]
    with translation.override("es"):
        spanish = AFTER.render(Context({"row": row}))
    with translation.override("en"):
        english = AFTER.render(Context({"row": row}))
    assert "no aprobado" in spanish.lower() and "not approved yet" in english


def test_a_cells_figure_is_escaped():
    cell = MatrixCell(concerned=True, counted=True, progress="<b>1</b>", status="on_track")  # type: ignore[arg-type]
    row = MatrixRow(activity=None, planned=50, cells=[], regional=cell)  # type: ignore[arg-type]
    assert "&lt;b&gt;1&lt;/b&gt;" in AFTER.render(Context({"row": row}))


# The tree's rows before {% tree_row %} (templates/monitoring/_dashboard.html).
TREE_BEFORE = Template(
    "{% load i18n monitoring_tags %}"
    + """    {% translate "Axis" as t_axis %}{% translate "Strategic objective" as t_objective %}{% translate "Operational objective" as t_operational %}{% translate "Activity" as t_activity %}{% translate "Achieved" as t_achieved %}{% translate "Planned" as t_planned %}{% translate "no data" as t_no_data %}{% translate "equal share" as t_equal %}
    {% for axis in shown_axes %}{% for node in axis.walk %}
      <tr{% if node.level == 'axis' %} class="table-light fw-semibold"{% endif %}>
        <th scope="row" class="fw-normal tree-{{ node.level }}">
          <span class="text-body-secondary small">{% if node.level == 'axis' %}{{ t_axis }}{% elif node.level == 'objective' %}{{ t_objective }}{% elif node.level == 'operational' %}{{ t_operational }}{% else %}{{ t_activity }}{% endif %}</span>
          <strong>{{ node.code }}</strong> <span lang="es">{{ node.label|truncatechars:110 }}</span>
        </th>
        <td class="text-end">{{ node.share.share|pct }}{% if node.share.is_default %}<span class="visually-hidden"> {{ t_equal }}</span>{% endif %}</td>
        <td>{% with achieved=node.achieved|pct planned=node.planned|pct %}
          <div class="position-relative">
            <div class="progress" role="progressbar" aria-label="{{ t_achieved }}" aria-valuenow="{{ node.achieved|bar_width }}" aria-valuemin="0" aria-valuemax="100" title="{{ t_achieved }} {{ achieved }} · {{ t_planned }} {{ planned }}">
              <div class="progress-bar {{ node.bar }} bar-w-{{ node.achieved|bar_width|floatformat:"0u" }}"></div>
            </div>
            <span aria-hidden="true" title="{{ t_planned }}" class="planned-mark bar-at-{{ node.planned|bar_width|floatformat:"0u" }}"></span>
          </div>
          <small>{{ achieved }} / {{ planned }}{% if not node.has_data %} · <span class="badge text-bg-light border">{{ t_no_data }}</span>{% endif %}</small>
        {% endwith %}</td>
        <td class="text-end">{{ node.compliance|pct }}</td>
        <td><span class="badge {{ node.status|status_badge }}">{{ node.status_label }}</span></td>
        <td class="text-end">{% if node.expected %}{{ node.reported }}/{{ node.expected }}{% if node.carried %}<span title="{% translate 'includes figures carried from semester I' %}">*</span>{% endif %}{% if node.partial and not results.body %} <span class="badge text-bg-light border">{% translate "partial" %}</span>{% endif %}{% endif %}</td>
      </tr>
    {% endfor %}{% endfor %}"""
)
TREE_AFTER = Template(
    "{% load monitoring_tags %}{% for axis in shown_axes %}{% for node in axis.walk %}"
    "{% tree_row node results.body %}{% endfor %}{% endfor %}"
)


@dataclass
class OldResult(Result):
    """A node with the bar colour the template read through status_bar, written out here."""

    @property
    def bar(self) -> str:
        return f"bg-{COLOUR[self.status]}" if self.status in COLOUR else "bg-secondary"


def _normalised(html: str) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


def _tree() -> Result:
    equal = Share(weight=None, share=Decimal("50.00"), is_default=True)
    weighted = Share(weight=Decimal("70"), share=Decimal("70.00"), is_default=False)
    # label, share, achieved, planned, has data, reported, expected, carried, period opened
    shapes = [
        ("Actividad <con> marcas & " + "x" * 120, equal, "45.5", "50", True, 3, 9, 0, True),
        ("Sin datos", weighted, "0", "0", False, 0, 0, 0, True),
        ("Arrastrada", weighted, "100", "100", True, 9, 9, 4, True),
        ("Sin periodo", None, "0", "0", False, 1, 1, 0, False),
        ("Atrasada", equal, "0.04", "99.96", True, 1, 2, 1, True),
    ]
    activities = [
        OldResult(
            "activity",
            pk,
            f"1.1.{pk}",
            label,
            share=share,
            achieved=Decimal(achieved),
            planned=Decimal(planned),
            has_data=has_data,
            reported=reported,
            expected=expected,
            carried=carried,
            started=started,
        )
        for pk, (
            label,
            share,
            achieved,
            planned,
            has_data,
            reported,
            expected,
            carried,
            started,
        ) in enumerate(shapes, 1)
    ]
    operational = OldResult(
        "operational",
        6,
        "1.1",
        "Objetivo operativo",
        share=weighted,
        achieved=Decimal("30"),
        planned=Decimal("50"),
        has_data=True,
        reported=5,
        expected=9,
        children=activities,
    )
    objective = OldResult(
        "objective", 7, "1", "Objetivo estratégico", share=equal, children=[operational]
    )
    return OldResult(
        "axis",
        8,
        "1",
        "Prevención",
        share=None,
        achieved=Decimal("12.345"),
        planned=Decimal("40"),
        has_data=True,
        children=[objective],
    )


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("body", [None, "a country"])
def test_every_row_of_the_tree_is_written_as_the_template_wrote_it(language, body):
    context = {"shown_axes": [_tree()], "results": {"body": body}}
    with translation.override(language):
        before = _normalised(TREE_BEFORE.render(Context(context)))
        after = _normalised(TREE_AFTER.render(Context(context)))
    assert after == before
    assert after.count("<tr") == 8
    assert (">*</span>" in after) and ("visually-hidden" in after)
    assert 'badge text-bg-light border">' in after


# The tree's row writes its numbers, labels and bar widths by helpers of its own, looked up
# once a page (issue 24): each must give what the filters it replaced gave.


@pytest.mark.parametrize(
    "text", ["", "a" * 110, "a" * 111, "e\u0301" * 50, "e\u0301" * 60, "Café " * 30]
)
def test_a_tree_label_is_cut_as_truncatechars_cut_it(text):
    assert _label(text) == Truncator(text).chars(110)


def test_a_bar_width_is_rounded_as_floatformat_rounded_it():
    widths = [f"{tenths / 10:.1f}" for tenths in range(1001)]
    assert [_whole(w) for w in widths] == [floatformat(w, "0u") for w in widths]


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_pages_numbers_are_the_readers(language, settings):
    settings.USE_THOUSAND_SEPARATOR = True
    with translation.override(language):
        numbers = _numbers()
        for value in (Decimal("85.25"), Decimal("1234.5"), Decimal("0"), 7, 12345):
            assert numbers(value, 1) == number_format(value, 1)
            assert numbers(value) == localize(value)
