"""The actor directory, alliances and joint actions (POA 2018 objective 4.1.1; indicators of
result 4.1)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from common.versions import claim_version
from members.models import Country, User
from plans.models import END_BEFORE_START, Actor, Alliance, JointAction
from plans.permissions import ensure_can_manage_actors, ensure_can_register_for
from plans.services.base import assign_fields, save_checked
from plans.services.records import (
    attach_evidence,
    attach_new_evidence,
    ensure_not_future,
    lock_for_change,
    require_evidence,
    save_change,
)

ACTORS_REQUIRED = _("A joint action needs at least one actor.")
END_DATE_REQUIRED = _("An ended alliance needs its end date.")

ACTOR_FIELDS = (
    "name",
    "acronym",
    "kind",
    "level",
    "country",
    "parent",
    "contact",
    "website",
    "priority",
    "notes",
    "source",
)
ALLIANCE_FIELDS = (
    "actor",
    "country",
    "type",
    "level",
    "start_date",
    "end_date",
    "instrument",
    "status",
    "description",
    "evidence_url",
)
JOINT_ACTION_FIELDS = ("date", "title", "country", "description", "evidence_url")


@transaction.atomic
def actor_create(*, user: User, **fields) -> Actor:
    """Add an actor to the directory (POA 2018 activity 4.1.1.1, ST and Presidency)."""
    ensure_can_manage_actors(user)
    actor = Actor(registered_by=user)
    assign_fields(actor, fields, ACTOR_FIELDS)
    save_checked(actor, user)
    return actor


@transaction.atomic
def actor_update(
    *, user: User, actor: Actor, expected_version: int | None = None, **fields
) -> Actor:
    ensure_can_manage_actors(user)
    actor = Actor.objects.select_for_update(of=("self",)).get(pk=actor.pk)
    claim_version(actor, expected_version)
    if assign_fields(actor, fields, ACTOR_FIELDS):
        save_checked(actor, user)
    return actor


def _check_alliance(alliance: Alliance) -> None:
    if alliance.end_date and alliance.end_date < alliance.start_date:
        raise ValidationError(
            {"end_date": ValidationError(END_BEFORE_START, code="end_before_start")}
        )
    if alliance.status == Alliance.Status.ENDED and alliance.end_date is None:
        raise ValidationError(
            {"end_date": ValidationError(END_DATE_REQUIRED, code="end_date_required")}
        )


@transaction.atomic
def alliance_create(
    *,
    user: User,
    actor: Actor,
    type: str,
    level: str,
    start_date: dt.date,
    country: Country | None = None,
    end_date: dt.date | None = None,
    instrument: str = "",
    status: str = Alliance.Status.IN_FORCE,
    description: str = "",
    evidence_file: UploadedFile | None = None,
    evidence_url: str = "",
) -> Alliance:
    """An alliance of the Coalition (ST) or of a national body (its focal point), POA 2018
    activity 4.1.1.2."""
    ensure_can_register_for(user, country)
    alliance = Alliance(
        actor=actor,
        country=country,
        type=type,
        level=level,
        start_date=start_date,
        end_date=end_date,
        instrument=instrument.strip(),
        status=status,
        description=description.strip(),
        evidence_url=evidence_url or "",
        registered_by=user,
    )
    _check_alliance(alliance)
    attach_evidence(alliance, evidence_file)
    save_checked(alliance, user)
    return alliance


@transaction.atomic
def alliance_update(
    *,
    user: User,
    alliance: Alliance,
    evidence_file: UploadedFile | None = None,
    expected_version: int | None = None,
    **fields,
) -> Alliance:
    alliance, changed = lock_for_change(alliance, user, fields, ALLIANCE_FIELDS, expected_version)
    _check_alliance(alliance)
    attach_new_evidence(alliance, evidence_file, changed)
    save_change(alliance, user, changed)
    return alliance


def _some_actors(actors: Iterable[Actor]) -> list[Actor]:
    """A joint action is carried out with at least one actor (result 4.1)."""
    actors = list(actors)
    if not actors:
        raise ValidationError({"actors": ValidationError(ACTORS_REQUIRED, code="actors_required")})
    return actors


@transaction.atomic
def joint_action_create(
    *,
    user: User,
    date: dt.date,
    title: str,
    actors: Iterable[Actor],
    country: Country | None = None,
    description: str = "",
    evidence_file: UploadedFile | None = None,
    evidence_url: str = "",
) -> JointAction:
    """An action carried out with other actors (result 4.1), with its evidence."""
    ensure_can_register_for(user, country)
    actors = _some_actors(actors)
    ensure_not_future(date)
    action = JointAction(
        date=date,
        title=title.strip(),
        country=country,
        description=description.strip(),
        evidence_url=evidence_url or "",
        registered_by=user,
    )
    attach_evidence(action, evidence_file)
    require_evidence(action)
    save_checked(action, user)
    action.actors.set(actors)
    return action


@transaction.atomic
def joint_action_update(
    *,
    user: User,
    joint_action: JointAction,
    actors: Iterable[Actor] | None = None,
    evidence_file: UploadedFile | None = None,
    expected_version: int | None = None,
    **fields,
) -> JointAction:
    action, changed = lock_for_change(
        joint_action, user, fields, JOINT_ACTION_FIELDS, expected_version
    )
    ensure_not_future(action.date)
    attach_new_evidence(action, evidence_file, changed)
    require_evidence(action)
    if actors is not None:
        actors = _some_actors(actors)
        if {a.pk for a in actors} != set(action.actors.values_list("pk", flat=True)):
            changed.append("actors")
    save_change(action, user, changed)
    if changed and actors is not None:
        action.actors.set(actors)
    return action
