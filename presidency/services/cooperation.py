"""Writes of the international cooperation (issue 22; 003 §VIII Presidency 4: "Gestionar la
cooperación internacional necesaria para el cumplimiento de las metas definidas"; 002 f).

Rules (each refusal a ValidationError with its code):
- only the Presidency and ST manage cooperation (not_allowed);
- a project moves one step at a time along CooperationProject.PIPELINE: proposal →
  commitment (sets committed_on) → execution (sets execution_start) → final report (sets
  closed_on; only once a final report is owed and every one owed is submitted:
  final_report_missing); a proposal may be declined, a commitment or a project in execution
  cancelled, each with a reason (reason_required); any other move is refused
  (bad_transition); a stage's date is not before the previous one (date_before_previous) nor
  in the future (date_in_future);
- an ended project (final report, declined, cancelled) is no longer edited, nor are its
  reporting duties added, changed, submitted or removed (project_ended);
- the alliance a project rests on is one with its partner (alliance_other_partner); a
  funding commitment it covers belongs to one of its events (commitment_not_of_events) and,
  when it names an actor, comes from the partner (commitment_other_partner);
- money says how much (amount_required), in kind says what (in_kind_required): the model's
  constraints;
- only a pending reporting duty is edited, submitted or removed (duty_not_pending); a
  submission has its date and, optionally, the report (common.validators);
- every edit carries the version it was read at (stale_version, common.versions)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.validators import validate_document_upload
from common.versions import claim_version
from events.models import FundingCommitment
from members.models import User
from presidency import permissions
from presidency.models import CooperationProject, ReportingDuty
from presidency.selectors.cooperation import (
    final_reports_missing,
    is_ended,
    may_cancel,
    may_decline,
    next_stage,
)
from presidency.services.base import attribute_to, refuse, save

Stage = CooperationProject.Stage

NOT_ALLOWED = _("Only the Presidency and the Technical Secretariat manage the cooperation.")
BAD_TRANSITION = _("This project cannot move from “%(current)s” to “%(to)s”.")
FINAL_REPORT_MISSING = _(
    "The project closes on its final report: record the final report owed to the partner "
    "and mark it submitted first."
)
REASON_REQUIRED = _("Say why.")
DATE_BEFORE_PREVIOUS = _("This date is before the project's previous stage (%(previous)s).")
DATE_IN_FUTURE = _("This date is in the future.")
PROJECT_ENDED = _("This project has ended: it is no longer changed.")
ALLIANCE_OTHER_PARTNER = _("This alliance is with another actor than the project's partner.")
COMMITMENT_NOT_OF_EVENTS = _(
    "The event budget commitment “%(commitment)s” belongs to an event this project does not "
    "serve: add its event first."
)
COMMITMENT_OTHER_PARTNER = _(
    "The event budget commitment “%(commitment)s” comes from another actor than the "
    "project's partner."
)
DUTY_NOT_PENDING = _("This report was already submitted.")

PROJECT_FIELDS = (
    "partner",
    "title",
    "direction",
    "description",
    "kind",
    "amount",
    "currency",
    "in_kind",
    "year",
    "proposed_on",
    "execution_end",
    "alliance",
)


def ensure_can_manage(user: User) -> None:
    if not permissions.can_manage_cooperation(user):
        refuse(NOT_ALLOWED, "not_allowed")


def _ensure_not_ended(project: CooperationProject) -> None:
    if is_ended(project):
        refuse(PROJECT_ENDED, "project_ended")


def _locked(project: CooperationProject) -> CooperationProject:
    return CooperationProject.objects.select_for_update().get(pk=project.pk)


def _check_links(
    project: CooperationProject, events: Iterable, funding_commitments: Iterable
) -> None:
    if project.alliance is not None and project.alliance.actor_id != project.partner_id:
        refuse(ALLIANCE_OTHER_PARTNER, "alliance_other_partner")
    event_ids = {e.pk for e in events}
    for commitment in funding_commitments:
        if commitment.event_id not in event_ids:
            refuse(COMMITMENT_NOT_OF_EVENTS, "commitment_not_of_events", commitment=commitment)
        if commitment.actor_id is not None and commitment.actor_id != project.partner_id:
            refuse(COMMITMENT_OTHER_PARTNER, "commitment_other_partner", commitment=commitment)


def _write(
    project: CooperationProject,
    user: User,
    fields: dict,
    *,
    activities: Iterable | None,
    events: Iterable | None,
    funding_commitments: Iterable | None,
) -> CooperationProject:
    for name, value in fields.items():
        if name not in PROJECT_FIELDS:
            raise TypeError(name)
        setattr(project, name, value.strip() if isinstance(value, str) else value)
    if project.kind == CooperationProject.Kind.MONEY:
        project.in_kind = ""
    known = project.pk is not None
    event_list = list(events) if events is not None else list(project.events.all()) if known else []
    commitment_list = (
        list(funding_commitments)
        if funding_commitments is not None
        else list(project.funding_commitments.all())
        if known
        else []
    )
    _check_links(project, event_list, commitment_list)
    save(project, user)
    if activities is not None:
        project.activities.set(activities)
    if events is not None:
        project.events.set(event_list)
    if funding_commitments is not None:
        project.funding_commitments.set(commitment_list)
    return project


@transaction.atomic
def project_create(
    *,
    user: User,
    activities: Iterable = (),
    events: Iterable = (),
    funding_commitments: Iterable[FundingCommitment] = (),
    **fields,
) -> CooperationProject:
    """A request of the Coalition or a proposal of a partner, at its first stage."""
    ensure_can_manage(user)
    project = CooperationProject(created_by=user, stage=Stage.PROPOSAL)
    return _write(
        project,
        user,
        fields,
        activities=activities,
        events=events,
        funding_commitments=funding_commitments,
    )


@transaction.atomic
def project_update(
    *,
    user: User,
    project: CooperationProject,
    version: int | None,
    activities: Iterable | None = None,
    events: Iterable | None = None,
    funding_commitments: Iterable[FundingCommitment] | None = None,
    **fields,
) -> CooperationProject:
    """Change a project's facts and links (the M2M left None are kept)."""
    ensure_can_manage(user)
    project = _locked(project)
    _ensure_not_ended(project)
    claim_version(project, version)
    return _write(
        project,
        user,
        fields,
        activities=activities,
        events=events,
        funding_commitments=funding_commitments,
    )


# --- The pipeline -------------------------------------------------------------------------------


def _bad_transition(project: CooperationProject, to: str):
    labels = dict(Stage.choices)
    refuse(
        BAD_TRANSITION,
        "bad_transition",
        current=labels.get(project.stage, project.stage),
        to=labels.get(to, to),
    )


def _previous_date(project: CooperationProject) -> dt.date:
    return project.execution_start or project.committed_on or project.proposed_on


def _check_date(project: CooperationProject, on_date: dt.date) -> None:
    if on_date > timezone.localdate():
        refuse(DATE_IN_FUTURE, "date_in_future")
    previous = _previous_date(project)
    if on_date < previous:
        refuse(DATE_BEFORE_PREVIOUS, "date_before_previous", previous=previous)


@transaction.atomic
def project_advance(
    *,
    user: User,
    project: CooperationProject,
    to: str,
    on_date: dt.date | None = None,
    version: int | None = None,
) -> CooperationProject:
    """One step forward along the pipeline, on `on_date` (today by default)."""
    ensure_can_manage(user)
    project = _locked(project)
    if to != next_stage(project):
        _bad_transition(project, to)
    on_date = on_date or timezone.localdate()
    _check_date(project, on_date)
    if to == Stage.FINAL_REPORT and final_reports_missing(project):
        refuse(FINAL_REPORT_MISSING, "final_report_missing")
    claim_version(project, version)
    if to == Stage.COMMITMENT:
        project.committed_on = on_date
    elif to == Stage.EXECUTION:
        project.execution_start = on_date
    else:
        project.closed_on = on_date
    project.stage = to
    save(project, user)
    return project


def _end(
    *,
    user: User,
    project: CooperationProject,
    to: str,
    allowed,
    reason: str,
    on_date: dt.date | None,
    version: int | None,
) -> CooperationProject:
    ensure_can_manage(user)
    project = _locked(project)
    if not allowed(project):
        _bad_transition(project, to)
    reason = (reason or "").strip()
    if not reason:
        refuse(REASON_REQUIRED, "reason_required")
    on_date = on_date or timezone.localdate()
    _check_date(project, on_date)
    claim_version(project, version)
    project.stage, project.stage_reason, project.closed_on = to, reason, on_date
    save(project, user, reason=reason)
    return project


@transaction.atomic
def project_decline(
    *,
    user: User,
    project: CooperationProject,
    reason: str,
    on_date: dt.date | None = None,
    version: int | None = None,
) -> CooperationProject:
    """A request or proposal that will not go ahead (either side declined it)."""
    return _end(
        user=user,
        project=project,
        to=Stage.DECLINED,
        allowed=may_decline,
        reason=reason,
        on_date=on_date,
        version=version,
    )


@transaction.atomic
def project_cancel(
    *,
    user: User,
    project: CooperationProject,
    reason: str,
    on_date: dt.date | None = None,
    version: int | None = None,
) -> CooperationProject:
    """A commitment, or a project in execution, that will not be carried out."""
    return _end(
        user=user,
        project=project,
        to=Stage.CANCELLED,
        allowed=may_cancel,
        reason=reason,
        on_date=on_date,
        version=version,
    )


# --- Reporting duties ---------------------------------------------------------------------------


def _pending(duty: ReportingDuty) -> ReportingDuty:
    duty = ReportingDuty.objects.select_for_update().select_related("project").get(pk=duty.pk)
    if duty.status != ReportingDuty.Status.PENDING:
        refuse(DUTY_NOT_PENDING, "duty_not_pending")
    return duty


@transaction.atomic
def duty_create(
    *, user: User, project: CooperationProject, kind: str, due_date: dt.date, title: str = ""
) -> ReportingDuty:
    """A report owed to the partner, with its due date (reminded: cooperation_notices)."""
    ensure_can_manage(user)
    project = _locked(project)
    _ensure_not_ended(project)
    duty = ReportingDuty(project=project, kind=kind, due_date=due_date, title=title.strip())
    save(duty, user)
    return duty


@transaction.atomic
def duty_update(
    *,
    user: User,
    duty: ReportingDuty,
    kind: str,
    due_date: dt.date,
    title: str = "",
    version: int | None = None,
) -> ReportingDuty:
    """A new due date starts its reminders again."""
    ensure_can_manage(user)
    duty = _pending(duty)
    _ensure_not_ended(duty.project)
    claim_version(duty, version)
    if due_date != duty.due_date:
        duty.reminders_sent = []
    duty.kind, duty.due_date, duty.title = kind, due_date, title.strip()
    save(duty, user)
    return duty


@transaction.atomic
def duty_submit(
    *,
    user: User,
    duty: ReportingDuty,
    submitted_on: dt.date,
    document=None,
    version: int | None = None,
) -> ReportingDuty:
    """The report was delivered to the partner on `submitted_on` (a copy optional)."""
    ensure_can_manage(user)
    duty = _pending(duty)
    _ensure_not_ended(duty.project)
    if submitted_on > timezone.localdate():
        refuse(DATE_IN_FUTURE, "date_in_future")
    if document:
        validate_document_upload(document)
    claim_version(duty, version)
    duty.status, duty.submitted_on = ReportingDuty.Status.SUBMITTED, submitted_on
    if document:
        duty.document = document
    save(duty, user)
    return duty


@transaction.atomic
def duty_delete(*, user: User, duty: ReportingDuty, version: int | None = None) -> None:
    ensure_can_manage(user)
    duty = _pending(duty)
    _ensure_not_ended(duty.project)
    claim_version(duty, version)
    attribute_to(duty, user)
    duty.delete()
