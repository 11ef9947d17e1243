"""The dashboard's country × activity matrix writes a row's cells at once ({% matrix_cells %},
issue 24) instead of ~10 template nodes a cell. Each state a cell can be in comes out as the
template wrote it, in both languages: not concerned, concerned but not counted (not
approved yet), counted with each compliance status, with and without a goal status."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation

from monitoring.models import ProgressEntry
from monitoring.selectors import MatrixCell, MatrixRow, ResultStatus

# The per-cell template the tag replaces (templates/monitoring/_dashboard.html before it).
BEFORE = Template(
    "{% load i18n monitoring_tags %}"
    '{% translate "not concerned" as t_not_concerned %}'
    '{% translate "not approved yet" as t_not_approved %}'
    "{% for cell in row.all_cells %}{% if not cell.concerned %}"
    '<td class="text-body-tertiary" title="{{ t_not_concerned }}">·</td>'
    '{% elif cell.counted %}<td class="{{ cell.status|status_cell }}" '
    'title="{{ cell.status|status_label }}{% if cell.goal_status %} · '
    '{{ cell.goal_status_label }}{% endif %}">{{ cell.progress }}<span aria-hidden="true"> '
    '{{ cell.status|status_mark }}</span><span class="visually-hidden"> '
    "{{ cell.status|status_label }}</span></td>{% else %}"
    '<td title="{{ t_not_approved }}">…<span class="visually-hidden"> {{ t_not_approved }}'
    "</span></td>{% endif %}{% endfor %}"
)
AFTER = Template("{% load monitoring_tags %}{% matrix_cells row %}")

CELLS = [
    MatrixCell(),
    MatrixCell(concerned=True),
    MatrixCell(concerned=True, report_status="submitted"),
    *[
        MatrixCell(concerned=True, counted=True, progress=progress, status=status)
        for progress, status in (
            (100, ResultStatus.ON_TRACK),
            (40, ResultStatus.AT_RISK),
            (0, ResultStatus.DELAYED),
            (None, ""),
        )
    ],
    *[
        MatrixCell(concerned=True, counted=True, progress=70, status="on_track", goal_status=g)
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
