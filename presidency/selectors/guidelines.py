"""Reads of the follow-up of the Lineamientos: a country's checklist (every guideline, with
the country's line or a default "not started"), the regional view (guideline × member
country, with counts per status), ST's review queue, the reorientation proposals, and the
flags the pages ask for (so templates never compare statuses)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from meetings import services as meeting_services
from meetings.models import Agreement, Meeting
from members.models import Country
from members.selectors import member_countries_on
from presidency import permissions
from presidency.models import Guideline, GuidelineProgress, ReorientationProposal

Status = GuidelineProgress.Status
Review = GuidelineProgress.Review
ProposalStatus = ReorientationProposal.Status

OPEN_MEETING = (Meeting.Status.DRAFT, Meeting.Status.CONVENED, Meeting.Status.IN_SESSION)

# How a status is drawn; the label is always written beside it (not colour only).
STATUS_BADGE = {
    Status.NOT_STARTED: "text-bg-light border",
    Status.IN_PROGRESS: "text-bg-warning",
    Status.IMPLEMENTED: "text-bg-success",
    Status.NOT_APPLICABLE: "text-bg-secondary",
}
# A short mark for the dense regional table, beside the label read by screen readers.
STATUS_MARK = {
    Status.NOT_STARTED: "○",
    Status.IN_PROGRESS: "◐",
    Status.IMPLEMENTED: "●",
    Status.NOT_APPLICABLE: "—",
}


def member_countries_today() -> QuerySet[Country]:
    return member_countries_on(timezone.localdate()).order_by("name_es")


def is_member_today(country: Country) -> bool:
    return member_countries_on(timezone.localdate()).filter(pk=country.pk).exists()


# --- A country's checklist ------------------------------------------------------------------


@dataclass
class ChecklistLine:
    """A guideline and the country's line of it (an unsaved default while never saved)."""

    guideline: Guideline
    row: GuidelineProgress

    @property
    def saved(self) -> bool:
        return self.row.pk is not None

    @property
    def badge(self) -> str:
        return STATUS_BADGE[self.row.status]

    @property
    def mark(self) -> str:
        return STATUS_MARK[self.row.status]

    @property
    def not_submitted(self) -> bool:
        return self.saved and self.row.review == Review.NOT_SUBMITTED

    @property
    def waiting_review(self) -> bool:
        return self.row.review == Review.SUBMITTED

    @property
    def returned(self) -> bool:
        return self.row.review == Review.RETURNED

    @property
    def reviewed(self) -> bool:
        return self.row.review == Review.REVIEWED


@dataclass
class ChecklistArea:
    code: str
    label: str
    lines: list[ChecklistLine] = field(default_factory=list)


def _default_row(country: Country, guideline: Guideline) -> GuidelineProgress:
    return GuidelineProgress(country=country, guideline=guideline)


def checklist(country: Country, *, area: str | None = None) -> list[ChecklistArea]:
    """Every guideline by area (or one area's) with the country's line: two queries."""
    guidelines = Guideline.objects.all()
    rows = GuidelineProgress.objects.filter(country=country).select_related(
        "updated_by", "reviewed_by"
    )
    if area:
        guidelines = guidelines.filter(area=area)
        rows = rows.filter(guideline__area=area)
    by_guideline = {row.guideline_id: row for row in rows}
    labels = dict(Guideline.Area.choices)
    areas: dict[str, ChecklistArea] = {}
    for guideline in guidelines:
        row = by_guideline.get(guideline.pk) or _default_row(country, guideline)
        row.guideline = guideline  # no query per line for its guideline
        row.country = country
        group = areas.setdefault(
            guideline.area, ChecklistArea(guideline.area, str(labels[guideline.area]))
        )
        group.lines.append(ChecklistLine(guideline, row))
    return list(areas.values())


def checklist_page(*, user, country: Country) -> dict:
    """The country's checklist with what the user may do on it."""
    areas = checklist(country)
    lines = [line for group in areas for line in group.lines]
    can_edit = permissions.can_update_checklist(user, country.pk) and is_member_today(country)
    to_submit = sum(1 for line in lines if line.not_submitted)
    counts = Counter(line.row.status for line in lines)
    return {
        "country": country,
        "areas": areas,
        "can_edit": can_edit,
        "can_submit": can_edit and to_submit > 0,
        "to_submit": to_submit,
        "status_counts": [(label, counts.get(value, 0)) for value, label in Status.choices],
        "can_review": permissions.can_review_checklist(user),
    }


# --- The regional view ----------------------------------------------------------------------


@dataclass
class RegionalCell:
    country: Country
    status: str
    status_label: str
    review_label: str
    saved: bool

    @property
    def badge(self) -> str:
        return STATUS_BADGE[self.status]

    @property
    def mark(self) -> str:
        return STATUS_MARK[self.status]


@dataclass
class RegionalRow:
    guideline: Guideline
    cells: list[RegionalCell]
    counts: dict[str, int]

    @property
    def count_list(self) -> list[int]:
        return [self.counts[value] for value in Status.values]


@dataclass
class RegionalArea:
    code: str
    label: str
    rows: list[RegionalRow] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(Status.values, 0))

    @property
    def count_list(self) -> list[int]:
        return [self.counts[value] for value in Status.values]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class RegionalView:
    countries: list[Country]
    areas: list[RegionalArea]
    statuses: list[tuple[str, str]]  # (label, mark), in the order of the counts

    @property
    def total_counts(self) -> list[int]:
        return [sum(a.counts[value] for a in self.areas) for value in Status.values]


def regional_view() -> RegionalView:
    """Guideline × member country (members today): each country's status, and the counts per
    status per guideline and per area (a country with no line counts as not started). Three
    queries: the countries, the guidelines, the lines."""
    countries = list(member_countries_today())
    guidelines = list(Guideline.objects.all())
    found = {
        (row["guideline_id"], row["country_id"]): row
        for row in GuidelineProgress.objects.filter(country__in=[c.pk for c in countries]).values(
            "guideline_id", "country_id", "status", "review"
        )
    }
    status_labels = dict(Status.choices)
    review_labels = dict(Review.choices)
    area_labels = dict(Guideline.Area.choices)
    areas: dict[str, RegionalArea] = {}
    for guideline in guidelines:
        cells = []
        counts = dict.fromkeys(Status.values, 0)
        for country in countries:
            row = found.get((guideline.pk, country.pk))
            status = row["status"] if row else Status.NOT_STARTED
            counts[status] += 1
            cells.append(
                RegionalCell(
                    country=country,
                    status=status,
                    status_label=str(status_labels[status]),
                    review_label=str(review_labels[row["review"]]) if row else "",
                    saved=row is not None,
                )
            )
        group = areas.setdefault(
            guideline.area, RegionalArea(guideline.area, str(area_labels[guideline.area]))
        )
        group.rows.append(RegionalRow(guideline, cells, counts))
        for value, n in counts.items():
            group.counts[value] += n
    return RegionalView(
        countries=countries,
        areas=list(areas.values()),
        statuses=[(str(label), STATUS_MARK[value]) for value, label in Status.choices],
    )


# --- One guideline --------------------------------------------------------------------------


def guideline_page(guideline: Guideline) -> dict:
    """A guideline's full text and each member country's line (two queries beyond it)."""
    countries = list(member_countries_today())
    rows = {
        row.country_id: row
        for row in GuidelineProgress.objects.filter(
            guideline=guideline, country__in=[c.pk for c in countries]
        )
    }
    lines = []
    for country in countries:
        row = rows.get(country.pk) or _default_row(country, guideline)
        row.country, row.guideline = country, guideline
        lines.append(ChecklistLine(guideline, row))
    proposals = list(guideline.proposals.order_by("-created_at"))
    return {"guideline": guideline, "lines": lines, "proposals": proposals}


# --- ST's review ----------------------------------------------------------------------------


def review_queue() -> QuerySet[GuidelineProgress]:
    """The lines waiting for ST's review, oldest change first."""
    return (
        GuidelineProgress.objects.filter(review=Review.SUBMITTED)
        .select_related("country", "guideline", "updated_by")
        .order_by("updated_at", "pk")
    )


# --- Reorientation proposals ----------------------------------------------------------------


def proposal_list(*, status: str | None = None) -> QuerySet[ReorientationProposal]:
    proposals = ReorientationProposal.objects.select_related(
        "guideline", "meeting", "agreement", "created_by"
    )
    if status:
        proposals = proposals.filter(status=status)
    return proposals


def proposal_flags(*, user, proposal: ReorientationProposal) -> dict[str, bool]:
    """What the page offers: the service refuses the same."""
    may = permissions.can_propose_reorientation(user)
    status = proposal.status
    return {
        "can_edit": may and status == ProposalStatus.DRAFT,
        "can_submit": may and status == ProposalStatus.DRAFT,
        "can_decide": may and status == ProposalStatus.SUBMITTED,
        "can_withdraw": may and status in (ProposalStatus.DRAFT, ProposalStatus.SUBMITTED),
        "is_decided": status in (ProposalStatus.ADOPTED, ProposalStatus.REJECTED),
    }


def agreements_for(proposal: ReorientationProposal):
    """The agreements an adopted proposal may name: those of its plenary."""
    if proposal.meeting_id is None:
        return Agreement.objects.none()
    return Agreement.objects.filter(meeting_id=proposal.meeting_id).order_by("sequence")


def plenaries_taking_items() -> list[Meeting]:
    """The plenaries a proposal may be put to: ordinary or extraordinary whose agenda still
    takes items (meetings.services.agenda_accepts_items), soonest first."""
    meetings = Meeting.objects.filter(
        kind__in=Meeting.PLENARY_KINDS, status__in=OPEN_MEETING, agenda_approved_at__isnull=True
    ).order_by("starts_at")
    return [m for m in meetings if meeting_services.agenda_accepts_items(m)]
