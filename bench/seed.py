"""Demo monitoring data for the API fuzzing run (.ci/run) and the load benchmark
(bench/api_load.sh), made through the services: ST opens semester I of POA 2018 and, with
`--approve`, every national body's report is filled (60 %, with a justification where the
plan asks one), submitted and approved, so the aggregates have figures.

Run after migrate, load_coalition and load_demo:  python bench/seed.py [--approve]"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coalicion.settings.local")

import django

django.setup()

from members.models import User  # noqa: E402
from monitoring import services  # noqa: E402
from monitoring.models import ProgressEntry, ReportingPeriod  # noqa: E402
from plans.models import POA  # noqa: E402


def main(approve: bool) -> None:
    st = User.objects.get(username="st")
    poa = POA.objects.get(year=2018)
    period = ReportingPeriod.objects.filter(poa=poa, semester=1).first()
    if period is None:
        period = services.reporting_period_open(
            user=st, poa=poa, semester=1, opens_on=dt.date(2018, 6, 1), due_on=dt.date(2018, 7, 15)
        )
    print(f"period {period.pk}: {period.reports.count()} reports")
    if not approve:
        return
    for report in period.reports.select_related("national_body").order_by("pk"):
        if report.status == "approved":
            continue
        if report.is_regional:
            author = st
        else:
            author = (
                User.objects.filter(
                    role=User.Role.FOCAL_POINT, national_body=report.national_body, is_active=True
                )
                .exclude(username__startswith="api-")
                .first()
            )
            if author is None:
                continue
        rows = [
            services.RowInput(
                activity_id=activity_id,
                progress=60,
                justification="Avance según el plan de trabajo del semestre",
                status_override_reason="",
            )
            for activity_id in ProgressEntry.objects.filter(report=report).values_list(
                "activity_id", flat=True
            )
        ]
        report.refresh_from_db()
        services.progress_report_save(
            user=author, report=report, expected_version=report.version, rows=rows
        )
        report.refresh_from_db()
        services.progress_report_submit(user=author, report=report, expected_version=report.version)
        report.refresh_from_db()
        services.progress_report_approve(user=st, report=report, expected_version=report.version)
    print(f"approved: {period.reports.filter(status='approved').count()}")


if __name__ == "__main__":
    main(approve="--approve" in sys.argv)
