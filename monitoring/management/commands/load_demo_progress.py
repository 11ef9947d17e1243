"""Demo progress for the embedded default (`make run`), through the services so every rule
holds: semester I of POA 2018 opened, reports approved for Honduras, Guatemala and Costa Rica,
one returned to El Salvador, Panama still in draft, and the regional report approved.
Idempotent: does nothing if the period exists."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from members.models import User
from monitoring import services
from monitoring.models import ProgressReport, ReportingPeriod
from monitoring.services import RowInput
from plans.models import POA
from plans.selectors import planned_cumulative

# Share of the planned progress each country reached (a demo spread of the results).
REACHED = {"HN": 1.0, "GT": 0.8, "CR": 0.6, "SV": 0.5, "PA": 0.9}


class Command(BaseCommand):
    help = "Create demo progress reports for POA 2018, semester I. Idempotent."

    def handle(self, *args, **options):
        poa = POA.objects.filter(year=2018).first()
        st = User.objects.filter(username="st").first()
        if poa is None or st is None:
            raise CommandError("Run load_coalition and load_demo first.")
        if ReportingPeriod.objects.filter(poa=poa, semester=1).exists():
            self.stdout.write("monitoring: demo progress already there")
            return
        with transaction.atomic():
            self.create(poa, st)
        self.stdout.write(self.style.SUCCESS("monitoring: demo progress created"))

    def rows(self, report: ProgressReport, share: float) -> list[RowInput]:
        rows = []
        for entry in report.entries.select_related("activity"):
            planned = planned_cumulative(activity=entry.activity, semester=1)
            progress = min(90, round(planned * share))
            rows.append(
                RowInput(
                    activity_id=entry.activity_id,
                    progress=progress,
                    justification=""
                    if progress >= planned
                    else "El comité de trabajo se integró más tarde de lo previsto.",
                )
            )
        return rows

    def create(self, poa: POA, st: User) -> None:
        period = services.reporting_period_open(
            user=st,
            poa=poa,
            semester=1,
            opens_on=dt.date(2018, 6, 1),
            due_on=dt.date(2018, 7, 15),
        )
        reports = ProgressReport.objects.filter(period=period).select_related(
            "national_body__country"
        )
        for report in reports:
            if report.is_regional:
                report = services.progress_report_save(
                    user=st,
                    report=report,
                    expected_version=report.version,
                    rows=self.rows(report, 0.9),
                )
                report = services.progress_report_submit(
                    user=st, report=report, expected_version=report.version
                )
                services.progress_report_approve(
                    user=st, report=report, expected_version=report.version
                )
                continue
            iso = report.national_body.country.iso_code
            if iso not in REACHED:
                continue
            focal_point = User.objects.get(username=f"fp-{iso.lower()}")
            report = services.progress_report_save(
                user=focal_point,
                report=report,
                expected_version=report.version,
                rows=self.rows(report, REACHED[iso]),
            )
            if iso == "PA":
                continue  # still a draft
            report = services.progress_report_submit(
                user=focal_point, report=report, expected_version=report.version
            )
            if iso == "SV":
                services.progress_report_return(
                    user=st,
                    report=report,
                    expected_version=report.version,
                    comment="Complete la justificación de las actividades 2.1.3.",
                )
            else:
                services.progress_report_approve(
                    user=st, report=report, expected_version=report.version
                )
