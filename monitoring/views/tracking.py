"""The indicator tracking table (issue 17, after TolaData's IPTT): each indicator of the
Strategic Plan with its baseline, its target and actual value per year, the share of the
target met, and the plan's final target; on the web and as a spreadsheet. Every signed-in
role may read it; the figures come from monitoring.indicators.tracking_table."""

from __future__ import annotations

from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from common.tabular import tabular_response
from members.requests import AuthenticatedRequest
from monitoring.indicators import TrackingTable, tracking_table

NO_VALUE = "—"  # no target set / no actual value: never 0


@login_required
@require_GET
def indicator_tracking(request: AuthenticatedRequest) -> HttpResponse:
    table = tracking_table()
    return render(
        request,
        "monitoring/indicator_tracking.html",
        {
            "table": table,
            "column_count": 3 + 3 * len(table.years),
            "can_set_targets": request.user.is_secretariat,
        },
    )


def _or_dash(value):
    return NO_VALUE if value is None else value


def _rows(table: TrackingTable) -> Iterator[list]:
    for row in table.rows():
        result = row.indicator.result
        yield [
            result.objective.axis.number,
            result.code,
            row.indicator.text,
            row.indicator.unit,
            _or_dash(row.baseline),
            *[
                v
                for cell in row.cells
                for v in (
                    _or_dash(cell.target),
                    _or_dash(cell.actual),
                    _or_dash(cell.percent_met),
                )
            ],
            _or_dash(row.final_target),
        ]


@login_required
@require_GET
def indicator_tracking_export(request: AuthenticatedRequest) -> HttpResponse:
    """The table as .xlsx (default) or CSV (?format=csv): one row per indicator, for each
    year the columns target, actual and % met."""
    table = tracking_table()
    end = table.plan.end_year if table.plan else ""
    headers = [
        _("Axis"),
        _("Result"),
        _("Indicator"),
        _("Unit"),
        _("Baseline"),
        *[
            label % {"year": y}
            for y in table.years
            for label in (_("%(year)s target"), _("%(year)s actual"), _("%(year)s %% met"))
        ],
        _("Final target %(year)s") % {"year": end},
    ]
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    return tabular_response(
        filename="seguimiento-indicadores", headers=headers, rows=_rows(table), fmt=fmt
    )
