"""The three kinds of snapshot a report job freezes: the biennial accountability report, a
progress report (the §IX form) and the minutes of a meeting."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from meetings import pdf as meeting_pdf
from meetings.models import Minutes
from members.models import Office
from monitoring import selectors
from monitoring.models import ProgressReport
from plans.models import POA
from presidency.selectors.report import cooperation_for_years
from reports.snapshot.records import _agreements, _indicators, _meetings, _participation
from reports.snapshot.results import _year
from reports.snapshot.statistics import _statistics
from reports.snapshot.terms import _term, _term_reports
from reports.snapshot.values import SNAPSHOT_VERSION, _country, _date


def accountability_snapshot(*, years: list[int], office: Office | None = None) -> dict:
    """Every figure of the biennial accountability report of `years` (SPEC §6, 003 §IX).
    The data are gathered with the dashboards' selectors: poa_dashboard (weighted results,
    semesters), country_results (the dashboard's country filter), period_timeliness,
    progress_matrix, all_indicator_values, participation_by_country_year, agreement_list;
    the regional statistics with stats' publication as the public sees it (viewer=None)."""
    years = sorted(years)
    # Only approved POAs are official: a draft (say, next year's copy) is left out.
    poas = {p.year: p for p in POA.objects.filter(year__in=years, status=POA.Status.APPROVED)}
    term = _term(years, office)
    return {
        "version": SNAPSHOT_VERSION,
        "kind": "accountability",
        "taken_at": timezone.now().isoformat(),
        "coalition": settings.SITE_NAME,
        "thresholds": dict(settings.MONITORING_COMPLIANCE_THRESHOLDS),
        "coverage_partial_below": settings.MONITORING_COVERAGE_PARTIAL_BELOW,
        "term": term,
        "years": [_year(year, poas.get(year)) for year in years],
        "indicators": _indicators(years),
        "meetings": _meetings(years),
        "participation": _participation(years),
        "agreements": _agreements(years),
        # The presented term reports of the term's Presidency and ST (issue 17).
        "term_reports": _term_reports(term),
        # The regional statistics as the public sees them (issue 20).
        "statistics": _statistics(years),
        # The international cooperation the Presidency manages (issue 22; 003 §VIII
        # Presidency 4).
        "cooperation": cooperation_for_years(years),
    }


def progress_report_snapshot(*, report: ProgressReport) -> dict:
    """A national body's (or the regional) progress report in the layout of the §IX form:
    date, country, national body; objective | activity | goal | indicator | % | status |
    justification."""
    report = selectors.report_detail(pk=report.pk)
    period = report.period
    body = report.national_body
    return {
        "version": SNAPSHOT_VERSION,
        "kind": "progress_report",
        "taken_at": timezone.now().isoformat(),
        "coalition": settings.SITE_NAME,
        "report": {
            "id": report.pk,
            "year": period.poa.year,
            "semester": period.semester,
            "status": report.status,
            "date": _date(
                report.report_date
                or (timezone.localdate(report.submitted_at) if report.submitted_at else None)
            ),
            "regional": report.is_regional,
            "country": _country(body.country) if body else None,
            "body": {"name": body.name, "acronym": body.acronym} if body else None,
            "reviewed_at": _date(report.reviewed_at),
        },
        "rows": [
            {
                "objective": entry.activity.operational_objective.code,
                "objective_text": entry.activity.operational_objective.text,
                "code": entry.activity.code,
                "activity": entry.activity.description,
                "goal": entry.activity.goal,
                "indicator": entry.activity.indicator,
                "planned": entry.planned,
                "progress": entry.progress,
                # The row's status as the pages show it (monitoring.selectors.goal_status),
                # with the reason when it departs from what the figures suggest.
                "goal_status": entry.status_reading.status,
                "status_override_reason": entry.status_override_reason
                if entry.status_reading.is_override
                else "",
                "justification": entry.justification,
                "evidence": len(entry.evidence.all()),
                # What the PDF lists of each (issue 17): a file by its name, a link by its URL.
                "evidence_items": [
                    {
                        "file": e.file.name.rsplit("/", 1)[-1] if e.file else "",
                        "url": e.url,
                        "description": e.description,
                    }
                    for e in entry.evidence.all()
                ],
            }
            for entry in report.rows
        ],
    }


def minutes_snapshot(*, minutes: Minutes) -> dict:
    """The minutes already are a snapshot of the meeting's records (meetings.Minutes.records);
    their state, narrative and approval date are frozen with them."""
    return {
        "version": SNAPSHOT_VERSION,
        "kind": "minutes",
        "taken_at": timezone.now().isoformat(),
        "coalition": settings.SITE_NAME,
        **meeting_pdf.minutes_snapshot(minutes),
    }


def snapshot_for(kind: str, params: dict) -> dict:
    """The snapshot of a report job's kind and parameters (monitoring.models.ReportJob)."""
    if kind == "accountability":
        office = (
            Office.objects.select_related("country").get(pk=params["office"])
            if params.get("office")
            else None
        )
        return accountability_snapshot(years=params["years"], office=office)
    if kind == "progress_report":
        return progress_report_snapshot(report=ProgressReport.objects.get(pk=params["report"]))
    minutes = Minutes.objects.select_related("meeting").get(meeting_id=params["meeting"])
    return minutes_snapshot(minutes=minutes)
