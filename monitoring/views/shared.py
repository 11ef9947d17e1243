"""What the monitoring pages share: membership, loading a report, and turning a service's
refusal into messages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from monitoring import selectors, services
from monitoring.models import ProgressReport
from monitoring.permissions import (
    can_use_monitoring,
)


def ensure_member(request: HttpRequest) -> None:
    if not can_use_monitoring(request.user):
        raise PermissionDenied


def get_report(pk: int, axis: int | None = None, *, rows: bool = True) -> ProgressReport:
    """The report with its rows (those of one axis with `axis`), or without (`rows=False`)."""
    try:
        if not rows:
            return selectors.report_header(pk=pk)
        return selectors.report_detail(pk=pk, axis=axis)
    except ProgressReport.DoesNotExist as exc:
        raise Http404 from exc


def stale_message(report: ProgressReport, error: ValidationError) -> str:
    return format_html(
        '{} <a href="{}">{}</a>',
        " ".join(error.messages),
        reverse("monitoring:report-history", args=[report.pk]),
        _("See the history of this report."),
    )


def flash_error(request: HttpRequest, report: ProgressReport, error: ValidationError) -> None:
    if getattr(error, "code", None) == "stale_version":
        messages.error(request, stale_message(report, error))
    elif isinstance(error, services.ReportRowsInvalid):
        messages.error(request, " ".join(error.messages))
        for activity_id, fields in error.rows.items():
            code = next((e.activity.code for e in report.rows if e.activity_id == activity_id), "")
            for errors in fields.values():
                for e in errors:
                    messages.error(request, f"{code}: {' '.join(e.messages)}")
    else:
        messages.error(request, " ".join(error.messages))
