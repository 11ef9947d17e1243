"""Reads of the report jobs (issue #7): the archive, one job, the last parameters used and
what changed since a job froze its figures; and of the term reports of the Presidency and
the Technical Secretariat (issue 17): the list, one report with its page flags, the term
whose report a user may start, the plenaries where it may be presented and the summary
pre-filled from the records."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from meetings import selectors as meeting_selectors
from meetings.models import Meeting
from members import selectors as member_selectors
from members.models import Office, User
from monitoring import selectors as monitoring_selectors
from plans import selectors as plan_selectors
from plans.models import POA, Alliance, Level
from presidency.selectors.report import term_work
from reports import snapshot
from reports.models import ReportJob, TermReport
from reports.permissions import (
    can_use_reports,
    term_report_archive_refusal,
    term_report_author_kind,
    term_report_edit_refusal,
    term_report_present_refusal,
)
from reports.snapshot.records import _agreements, _meetings, _participation
from reports.snapshot.terms import term_years
from reports.snapshot.values import _country, _date, num

# --- Report jobs (issue #7) ---------------------------------------------------------------


def report_job_list(*, user: User, kind: str | None = None, state: str | None = None):
    """The archive of report jobs, newest first, for whoever may read it (ST and the
    Presidency, reports.permissions); nobody else sees any. One query; the
    snapshot (large) is not loaded."""

    if not can_use_reports(user):
        return ReportJob.objects.none()
    qs = ReportJob.objects.select_related("requested_by").defer("snapshot")
    if kind:
        qs = qs.filter(kind=kind)
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("-queued_at", "-pk")


def report_job_detail(*, pk: int, with_snapshot: bool = False):

    qs = ReportJob.objects.select_related("requested_by")
    if not with_snapshot:
        qs = qs.defer("snapshot")
    return qs.get(pk=pk)


def report_job_latest_params(*, kind: str) -> dict:
    """Parameters of the latest job of a kind (the term and language chosen last time), so
    the request form starts from them. One query."""

    params = (
        ReportJob.objects.filter(kind=kind)
        .order_by("-queued_at", "-pk")
        .values_list("params", flat=True)
        .first()
    )
    return params or {}


@dataclass
class SnapshotDifference:
    what: str
    frozen: object
    today: object


def report_job_differences(*, job) -> list[SnapshotDifference]:
    """What changed between the figures a report was issued with and today's (issue #7:
    "compared with today's numbers"): the same gathering run again, figure by figure. The
    report itself never changes."""

    if not job.snapshot:
        return []

    def shown(value):
        return round(value, 2) if isinstance(value, float) else value

    today = snapshot.snapshot_for(job.kind, job.params)
    return [
        SnapshotDifference(" · ".join(str(p) for p in key), shown(old), shown(new))
        for key, old, new in snapshot.differences(job.snapshot, today)
    ]


# --- Term reports (issue 17; 003 §VIII Presidency 12, ST 13) ------------------------------


def term_report_current_term(*, office_kind: str, today: dt.date | None = None) -> Office | None:
    """The term whose holder writes its term report now: the latest term of the office that
    has begun — the term in force or, once it ended and no successor is recorded yet, the
    term that just ended (the report is presented "al término del período"). One query."""
    today = today or timezone.localdate()
    return (
        member_selectors.office_history()
        .filter(kind=office_kind, start_date__lte=today)
        .order_by("-start_date")
        .first()
    )


def term_report_kind_of(office: Office) -> str | None:
    """The kind of term report an office's term calls for (None: the 2011 coordinator and
    vocal present none)."""
    for kind, office_kind in TermReport.OFFICE_KINDS.items():
        if office.kind == office_kind:
            return kind
    return None


def term_report_list(*, user: User):
    """Every term report, newest term first, for ST and the Presidency (the readers of the
    reports archive, reports.permissions.can_use_reports); nobody else sees any. One
    query."""
    if not can_use_reports(user):
        return TermReport.objects.none()
    return TermReport.objects.select_related("office__country", "meeting", "created_by").defer(
        "summary"
    )


def term_report_detail(*, pk: int) -> TermReport:
    return TermReport.objects.select_related(
        "office__country", "meeting", "created_by", "presented_by", "archived_by"
    ).get(pk=pk)


def term_report_draftable(*, user: User, today: dt.date | None = None) -> Office | None:
    """The term whose report this user may start now: the current term of the user's own
    office (reports.permissions.term_report_author_kind), when it has no report yet."""
    kind = term_report_author_kind(user)
    if kind is None:
        return None
    office = term_report_current_term(office_kind=TermReport.OFFICE_KINDS[kind], today=today)
    if office is None or TermReport.objects.filter(office=office, kind=kind).exists():
        return None
    return office


def meeting_is_of_term(meeting: Meeting, office: Office, today: dt.date | None = None) -> bool:
    """A term report is presented to the Plenary: an ordinary or extraordinary meeting that
    was held (meetings.selectors.HELD) on a day of the term (in the venue's zone, Meeting.date;
    a term still running: up to today)."""
    today = today or timezone.localdate()
    last = office.end_date or today
    return (
        meeting.kind in Meeting.PLENARY_KINDS
        and meeting.status in meeting_selectors.HELD
        and office.start_date <= meeting.date <= last
    )


def term_report_meetings(*, office: Office, today: dt.date | None = None) -> list[Meeting]:
    """The plenary meetings held during the term, oldest first: where its report may be
    presented (meeting_is_of_term). One query."""
    today = today or timezone.localdate()
    last = office.end_date or today
    margin = dt.timedelta(days=1)  # the venue's day may differ from UTC's by a few hours
    candidates = Meeting.objects.filter(
        kind__in=Meeting.PLENARY_KINDS,
        status__in=meeting_selectors.HELD,
        starts_at__date__gte=office.start_date - margin,
        starts_at__date__lte=last + margin,
    ).order_by("starts_at")
    return [m for m in candidates if meeting_is_of_term(m, office, today)]


@dataclass
class TermReportPage:
    """A term report and what the user may do with it: each flag is "the service would not
    refuse" (reports.permissions.term_report_*_refusal)."""

    report: TermReport
    can_edit: bool
    can_present: bool
    can_archive: bool
    meetings: list[Meeting]

    @property
    def sections(self) -> list[tuple[str, str, str]]:
        return self.report.sections()

    @property
    def alliances(self) -> list[dict]:
        """The summary's alliances with their type and level in the reader's language."""
        items = ((self.report.summary or {}).get("alliances") or {}).get("items", [])
        types, levels = dict(Alliance.Type.choices), dict(Level.choices)
        return [
            item
            | {
                "type_label": str(types.get(item["type"], item["type"])),
                "level_label": str(levels.get(item["level"], item["level"])),
            }
            for item in items
        ]


def term_report_page(*, user: User, report: TermReport) -> TermReportPage:
    can_present = term_report_present_refusal(user, report) is None
    return TermReportPage(
        report=report,
        can_edit=term_report_edit_refusal(user, report) is None,
        can_present=can_present,
        can_archive=term_report_archive_refusal(user, report) is None,
        meetings=term_report_meetings(office=report.office) if can_present else [],
    )


def _alliances(years: list[int]) -> dict:
    """Alliances in force during the term's years, validated and counted (in force or ended;
    never those under negotiation) — the rule of the alliances indicator
    (plans.indicators: started by the end of a year, not ended before it began)."""
    first, last = dt.date(years[0], 1, 1), dt.date(years[-1], 12, 31)
    items = list(
        plan_selectors.alliance_list()
        .filter(validated_at__isnull=False, status__in=Alliance.COUNTED_STATUSES)
        .filter(Q(start_date__lte=last) & (Q(end_date__isnull=True) | Q(end_date__gte=first)))
        .order_by("start_date", "pk")
    )
    return {
        "total": len(items),
        "regional": sum(1 for a in items if a.country_id is None),
        "by_type": dict(Counter(a.type for a in items)),
        "by_level": dict(Counter(a.level for a in items)),
        "items": [
            {
                "actor": str(a.actor),
                "actor_kind": a.actor.kind,
                "type": a.type,
                "level": a.level,
                "country": _country(a.country),
                "start": _date(a.start_date),
                "end": _date(a.end_date),
                "status": a.status,
                "instrument": a.instrument,
            }
            for a in items
        ],
    }


def _results(years: list[int]) -> list[dict]:
    """Per year of the term, the weighted results of its POA as the dashboard shows them
    (monitoring.selectors.poa_dashboard: the latest reporting period, approved reports),
    worked out from the rows, never from a kept roll-up."""
    poas = {p.year: p for p in POA.objects.filter(year__in=years)}
    out: list[dict] = []
    for year in years:
        poa = poas.get(year)
        if poa is None:
            out.append({"year": year, "poa": None})
            continue
        dashboard = monitoring_selectors.poa_dashboard(poa=poa, from_rows=True)
        root = dashboard.official.root
        out.append(
            {
                "year": year,
                "poa": {"id": poa.pk, "status": poa.status},
                "semester": dashboard.period.semester if dashboard.period else None,
                "achieved": num(root.achieved),
                "planned": num(root.planned),
                "compliance": num(root.compliance),
                "status": root.status,
                "has_data": root.has_data,
                "axes": [
                    {
                        "code": axis.code,
                        "label": axis.label,
                        "achieved": num(axis.achieved),
                        "planned": num(axis.planned),
                        "compliance": num(axis.compliance),
                        "status": axis.status,
                    }
                    for axis in dashboard.official.axes
                ],
            }
        )
    return out


def term_report_summary(*, office: Office) -> dict:
    """What the records say about a term, pre-filled into its report when drafted: the
    meetings held and each country's participation, the agreements adopted and their
    fulfilment, the alliances in force and the weighted results of the POAs. The term is
    read as the biennial report reads it (reports.snapshot.term_years: every calendar year
    it touches), with the same gatherings (reports.snapshot.records), so both documents
    give the same figures. Stored as JSON: numbers unrounded, codes not labels."""
    years = term_years(office)
    meetings = _meetings(years)
    agreements = _agreements(years)
    return {
        "taken_at": timezone.now().isoformat(),
        "term": {
            "office": office.kind,
            "country": _country(office.country),
            "start": _date(office.start_date),
            "end": _date(office.end_date),
            "years": years,
        },
        "meetings": {
            "held": len(meetings),
            "plenary": sum(1 for m in meetings if m["plenary"]),
            "items": meetings,
        },
        "participation": _participation(years),
        "agreements": agreements,
        "alliances": _alliances(years),
        "results": _results(years),
        # The Presidency's own work (issue 22): representation, cooperation, admissions,
        # the Lineamientos' follow-up. Only in the Presidency's summary.
        **({"presidency": term_work(years)} if office.kind == Office.Kind.PRESIDENCY else {}),
    }
