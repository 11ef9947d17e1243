"""Monitoring's part of the home page (portal.selectors.home_summary): what each role has to
do next about the progress reports."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.home import HomeTask
from members.models import User
from monitoring.models import ProgressReport, ReportingPeriod

ReportStatus = ProgressReport.Status


def home_tasks(*, user: User, today: dt.date) -> list[HomeTask]:
    """Monitoring's part of the home page: the focal point's report of each open period
    (to fill or submit, with its due date) and returned reports to fix; for ST, reports
    awaiting review, bodies overdue and the regional report to fill. Three queries at most."""
    tasks: list[HomeTask] = []
    if user.is_focal_point and user.national_body_id:
        reports = (
            ProgressReport.objects.filter(national_body_id=user.national_body_id)
            .filter(Q(period__status=ReportingPeriod.Status.OPEN) | Q(reopened=True))
            .exclude(status=ReportStatus.APPROVED)
            .select_related("period__poa")
        )
        for report in reports:
            url = reverse("monitoring:report-edit", args=[report.pk])
            due = date_format(report.period.due_on, "SHORT_DATE_FORMAT")
            if report.status == ReportStatus.RETURNED:
                tasks.append(
                    HomeTask(
                        _(
                            "Your report %(period)s was returned with comments: fix it and submit it again."
                        )
                        % {"period": report.period},
                        url,
                        "warning",
                    )
                )
            elif report.status == ReportStatus.DRAFT:
                late = report.period.due_on < today
                text = (
                    _("Your report %(period)s was due on %(due)s: fill it in and submit it.")
                    if late
                    else _("Fill in and submit your report %(period)s by %(due)s.")
                )
                tasks.append(
                    HomeTask(
                        text % {"period": report.period, "due": due},
                        url,
                        "warning" if late else "info",
                    )
                )
    if user.is_secretariat:
        regional = (
            ProgressReport.objects.filter(is_regional=True)
            .filter(Q(period__status=ReportingPeriod.Status.OPEN) | Q(reopened=True))
            .filter(status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED])
            .select_related("period__poa")
        )
        for report in regional:
            tasks.append(
                HomeTask(
                    _("Regional report %(period)s: fill it in and submit it (due on %(due)s).")
                    % {
                        "period": report.period,
                        "due": date_format(report.period.due_on, "SHORT_DATE_FORMAT"),
                    },
                    reverse("monitoring:report-edit", args=[report.pk]),
                    "warning" if report.period.due_on < today else "info",
                )
            )
        counts = ProgressReport.objects.aggregate(
            awaiting=Count("pk", filter=Q(status=ReportStatus.SUBMITTED)),
            overdue=Count(
                "pk",
                filter=Q(
                    is_regional=False,
                    period__status=ReportingPeriod.Status.OPEN,
                    period__due_on__lt=today,
                    status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED],
                ),
            ),
        )
        url = reverse("monitoring:inbox")
        if counts["awaiting"]:
            tasks.append(
                HomeTask(
                    ngettext(
                        "%(n)s progress report awaits your review.",
                        "%(n)s progress reports await your review.",
                        counts["awaiting"],
                    )
                    % {"n": counts["awaiting"]},
                    url,
                    "warning",
                )
            )
        if counts["overdue"]:
            tasks.append(
                HomeTask(
                    ngettext(
                        "%(n)s national body has not submitted a report that is past due.",
                        "%(n)s national bodies have not submitted a report that is past due.",
                        counts["overdue"],
                    )
                    % {"n": counts["overdue"]},
                    url,
                    "warning",
                )
            )
    return tasks
