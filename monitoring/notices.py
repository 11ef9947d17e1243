"""E-mails of the monitoring workflow (SPEC §5): period opened, reminder before the due
date, report returned or approved. Each is written in the recipient's language; its link
is absolute (settings.SITE_URL, common.links), since it is opened outside the platform."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from common.links import absolute_reverse
from common.mail import sender
from members.models import User
from monitoring.models import ProgressReport, ReportingPeriod


def _message(template: str, context: dict, user: User) -> EmailMessage:
    language = user.language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {**context, "user": user}
        subject = render_to_string(f"monitoring/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"monitoring/email/{template}_body.txt", context)
        return EmailMessage(subject=subject, body=body, from_email=sender(), to=[user.email])


def report_edit_link(report: ProgressReport | None) -> str:
    """Where a focal point fills their report (none when their body has no report)."""
    return absolute_reverse("monitoring:report-edit", report.pk) if report else ""


def report_detail_link(report: ProgressReport) -> str:
    return absolute_reverse("monitoring:report-detail", report.pk)


def period_opened_message(
    *, period: ReportingPeriod, user: User, report: ProgressReport | None = None
) -> EmailMessage:
    """`report`: the user's body's report of the period, when the caller has it already."""
    if report is None:
        report = period.reports.filter(national_body_id=user.national_body_id).first()
    url = report_edit_link(report)
    return _message("period_opened", {"period": period, "url": url}, user)


def due_reminder_message(*, report: ProgressReport, user: User, today: dt.date) -> EmailMessage:
    context = {
        "report": report,
        "period": report.period,
        "days": (report.period.due_on - today).days,
        "url": report_edit_link(report),
    }
    return _message("due_reminder", context, user)


def report_reviewed_message(*, report: ProgressReport, user: User) -> EmailMessage:
    context = {
        "report": report,
        "period": report.period,
        "url": report_detail_link(report),
    }
    return _message("report_reviewed", context, user)
