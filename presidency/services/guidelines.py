"""The follow-up of the Lineamientos (001 §4.A.2; 003 §VIII Presidency 3): each member
country's checklist of the specific guidelines (001 §5 A–F), kept by its focal points and
reviewed by ST, and the Presidency's reorientation proposals put to the Plenary.

A checklist row moves: not submitted → waiting for review (the focal point submits) →
reviewed or returned with ST's note; any change to a row takes it back to "not submitted"
(or straight to "waiting for review" when the change is submitted at once)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.versions import claim_version
from meetings import services as meeting_services
from meetings.models import AgendaItem, Agreement, Meeting
from members.models import Country, User
from members.selectors import member_countries_on
from presidency import permissions
from presidency.models import Guideline, GuidelineProgress, ReorientationProposal
from presidency.services.base import refuse, save

Status = GuidelineProgress.Status
Review = GuidelineProgress.Review
ProposalStatus = ReorientationProposal.Status

# A status that claims something was done needs what shows it.
NEEDS_EVIDENCE = (Status.IMPLEMENTED, Status.IN_PROGRESS)
PROGRESS_FIELDS = ("status", "evidence", "evidence_url", "comments")

# The agenda item of a proposal: data on a plenary's agenda, in the Coalition's working
# language (like representation's "Informe de representación").
ITEM_TITLE = "Propuesta de reorientación: %(title)s"
ITEM_PRESENTER = "Presidencia"


# --- The checklist --------------------------------------------------------------------------


def _ensure_focal_point_of(user: User, country: Country) -> None:
    if not permissions.can_update_checklist(user, country.pk):
        refuse(_("Only the country's focal points update its checklist."), "not_your_country")


def _ensure_member_today(country: Country) -> None:
    if not member_countries_on(timezone.localdate()).filter(pk=country.pk).exists():
        refuse(
            _("%(country)s is not a member country today: it keeps no checklist."),
            "not_a_member",
            country=country.name,
        )


def _ensure_evidence(row: GuidelineProgress) -> None:
    if row.status in NEEDS_EVIDENCE and not (row.evidence.strip() or row.evidence_url):
        refuse(
            _("Guideline %(guideline)s: say what shows its progress (evidence) to submit it."),
            "evidence_required",
            guideline=row.guideline.code,
        )


@transaction.atomic
def progress_update(
    *,
    user: User,
    country: Country,
    guideline: Guideline,
    status: str,
    evidence: str = "",
    evidence_url: str = "",
    comments: str = "",
    version: int | None,
    submit: bool = False,
) -> GuidelineProgress:
    """The focal point's line for `guideline`, created on its first change. A line
    unchanged is left as it is (with `submit`, a saved line not submitted yet goes before
    ST); any change takes its review back to "not submitted", or to "waiting for review"
    with `submit`. `version` is the line's version the form was read at (1 for a line never
    saved)."""
    _ensure_focal_point_of(user, country)
    _ensure_member_today(country)
    values = {
        "status": status,
        "evidence": (evidence or "").strip(),
        "evidence_url": evidence_url or "",
        "comments": (comments or "").strip(),
    }
    row = (
        GuidelineProgress.objects.select_for_update()
        .filter(country=country, guideline=guideline)
        .first()
    )
    current = row or GuidelineProgress(country=country, guideline=guideline)
    changed = any(getattr(current, k) != v for k, v in values.items())
    pending = row is not None and row.review == Review.NOT_SUBMITTED
    if not changed and not (submit and pending):
        return current
    if row is None:
        row, _created = GuidelineProgress.objects.get_or_create(
            country=country, guideline=guideline
        )
    claim_version(row, version)
    for key, value in values.items():
        setattr(row, key, value)
    if submit:
        _ensure_evidence(row)
        row.review = Review.SUBMITTED
    else:
        row.review = Review.NOT_SUBMITTED
    row.updated_by, row.updated_at = user, timezone.now()
    save(row, user)
    return row


@transaction.atomic
def progress_submit(*, user: User, country: Country) -> int:
    """Puts every changed row of the country's checklist (not submitted yet) before ST.
    Returns how many rows were submitted."""
    _ensure_focal_point_of(user, country)
    _ensure_member_today(country)
    rows = list(
        GuidelineProgress.objects.select_for_update()
        .filter(country=country, review=Review.NOT_SUBMITTED)
        .select_related("guideline")
        .order_by("guideline__area", "guideline__number")
    )
    if not rows:
        refuse(_("No change of the checklist waits to be submitted."), "nothing_to_submit")
    for row in rows:
        _ensure_evidence(row)
    for row in rows:
        claim_version(row, None)
        row.review = Review.SUBMITTED
        save(row, user)
    return len(rows)


@transaction.atomic
def progress_review(
    *, user: User, progress: GuidelineProgress, accept: bool, note: str = "", version: int | None
) -> GuidelineProgress:
    """ST accepts a submitted row, or returns it to the focal point saying why."""
    if not permissions.can_review_checklist(user):
        refuse(_("Only the Technical Secretariat reviews the checklists."), "not_secretariat")
    row = GuidelineProgress.objects.select_for_update().get(pk=progress.pk)
    if row.review != Review.SUBMITTED:
        refuse(_("This line is not waiting for review."), "not_submitted_for_review")
    note = (note or "").strip()
    if not accept and not note:
        refuse(_("Say what the country should complete or correct."), "note_required")
    claim_version(row, version)
    row.review = Review.REVIEWED if accept else Review.RETURNED
    row.review_note = note
    row.reviewed_by, row.reviewed_at = user, timezone.now()
    save(row, user)
    return row


# --- Reorientation proposals ----------------------------------------------------------------


def _ensure_can_propose(user: User) -> None:
    if not permissions.can_propose_reorientation(user):
        refuse(
            _("Reorientation proposals are the Presidency's (with the Technical Secretariat)."),
            "not_presidency",
        )


def _locked(proposal: ReorientationProposal) -> ReorientationProposal:
    return ReorientationProposal.objects.select_for_update().get(pk=proposal.pk)


def _ensure_draft(proposal: ReorientationProposal) -> None:
    if proposal.status != ProposalStatus.DRAFT:
        refuse(_("Only a draft proposal can be changed or put to a plenary."), "not_draft")


def _target(guideline: Guideline | None, area: str) -> tuple[Guideline | None, str]:
    """A proposal on one guideline belongs to its area."""
    return guideline, (guideline.area if guideline is not None else (area or ""))


@transaction.atomic
def proposal_create(
    *,
    user: User,
    title: str,
    rationale: str,
    proposal: str,
    guideline: Guideline | None = None,
    area: str = "",
) -> ReorientationProposal:
    _ensure_can_propose(user)
    guideline, area = _target(guideline, area)
    obj = ReorientationProposal(
        guideline=guideline,
        area=area,
        title=title,
        rationale=rationale,
        proposal=proposal,
        created_by=user,
    )
    save(obj, user)
    return obj


@transaction.atomic
def proposal_update(
    *,
    user: User,
    proposal: ReorientationProposal,
    version: int | None,
    title: str,
    rationale: str,
    proposal_text: str,
    guideline: Guideline | None = None,
    area: str = "",
) -> ReorientationProposal:
    _ensure_can_propose(user)
    obj = _locked(proposal)
    _ensure_draft(obj)
    claim_version(obj, version)
    obj.guideline, obj.area = _target(guideline, area)
    obj.title, obj.rationale, obj.proposal = title, rationale, proposal_text
    save(obj, user)
    return obj


@transaction.atomic
def proposal_submit(
    *,
    user: User,
    proposal: ReorientationProposal,
    meeting: Meeting,
    version: int | None = None,
) -> ReorientationProposal:
    """Puts the proposal to a plenary: an item "Propuesta de reorientación: …" for decision
    at the end of its agenda."""
    _ensure_can_propose(user)
    obj = _locked(proposal)
    _ensure_draft(obj)
    if not meeting.is_plenary:
        refuse(
            _(
                "A reorientation proposal goes to the Plenary: choose an ordinary or "
                "extraordinary plenary."
            ),
            "not_a_plenary",
        )
    if not meeting_services.agenda_accepts_items(meeting):
        refuse(_("That plenary's agenda no longer takes items."), "agenda_closed")
    item = meeting_services.agenda_item_attach(
        meeting=meeting,
        title=ITEM_TITLE % {"title": obj.title},
        kind=AgendaItem.Kind.DECISION,
        presenter=ITEM_PRESENTER,
        description=obj.proposal,
    )
    if item is None:  # the agenda was approved meanwhile
        refuse(_("That plenary's agenda no longer takes items."), "agenda_closed")
    claim_version(obj, version)
    obj.status, obj.meeting, obj.agenda_item = ProposalStatus.SUBMITTED, meeting, item
    save(obj, user)
    return obj


@transaction.atomic
def proposal_decide(
    *,
    user: User,
    proposal: ReorientationProposal,
    adopted: bool,
    agreement: Agreement | None = None,
    version: int | None = None,
) -> ReorientationProposal:
    """Records what the Plenary decided: adopted (naming its agreement, taken at the
    plenary the proposal was put to) or not adopted."""
    _ensure_can_propose(user)
    obj = _locked(proposal)
    if obj.status != ProposalStatus.SUBMITTED:
        refuse(_("Only a proposal put to a plenary can be decided."), "not_submitted")
    if adopted and agreement is None:
        refuse(_("An adopted proposal names the Plenary agreement."), "agreement_required")
    if agreement is not None and agreement.meeting_id != obj.meeting_id:
        refuse(
            _("The agreement must be one of the plenary the proposal was put to."),
            "agreement_other_meeting",
        )
    claim_version(obj, version)
    obj.status = ProposalStatus.ADOPTED if adopted else ProposalStatus.REJECTED
    obj.agreement = agreement
    save(obj, user)
    return obj


@transaction.atomic
def proposal_withdraw(
    *, user: User, proposal: ReorientationProposal, version: int | None = None
) -> ReorientationProposal:
    """A draft, or a proposal put to a plenary not decided yet, is withdrawn; its item leaves
    the agenda while that agenda still takes changes (else it stays, to be announced)."""
    _ensure_can_propose(user)
    obj = _locked(proposal)
    if obj.status not in (ProposalStatus.DRAFT, ProposalStatus.SUBMITTED):
        refuse(_("Only a draft or a pending proposal can be withdrawn."), "not_withdrawable")
    claim_version(obj, version)
    if obj.agenda_item is not None and meeting_services.agenda_item_detach(item=obj.agenda_item):
        obj.agenda_item = None
    obj.status = ProposalStatus.WITHDRAWN
    save(obj, user)
    return obj
