"""Reads of the members registry. Anything spanning relations lives here, with its queries
bounded (select_related / prefetch_related), so pages and the API do not run N+1 queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from django.db.models import BooleanField, Case, Count, Prefetch, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken

from common.home import HomeTask
from members.models import (
    API_ACCOUNT_PREFIX,
    MAX_IN_FORCE_PER_ROLE,
    Committee,
    CommitteeMember,
    Country,
    Designation,
    Membership,
    NationalBody,
    ObserverOrganisation,
    Office,
    Person,
    User,
    designation_in_force_q,
    in_force_q,
)


def countries_with_status_on(*, status: str, day: dt.date) -> QuerySet[Country]:
    """Countries whose membership in force on `day` has `status` (member or observer)."""
    return Country.objects.filter(
        Q(memberships__status=status) & in_force_q(day, prefix="memberships__")
    ).distinct()


def member_countries_on(day: dt.date) -> QuerySet[Country]:
    """Countries with voice and vote on `day` (quorum and votes count these, SPEC §3)."""
    return countries_with_status_on(status=Membership.Status.MEMBER, day=day)


def country_list(*, day: dt.date | None = None) -> QuerySet[Country]:
    """Countries with their national body and the membership status in force on `day`."""
    day = day or timezone.localdate()
    current = Membership.objects.in_force_on(day)
    return (
        Country.objects.select_related("national_body")
        .prefetch_related(Prefetch("memberships", queryset=current, to_attr="current_memberships"))
        .order_by("name_es")
    )


def national_body_list() -> QuerySet[NationalBody]:
    return NationalBody.objects.select_related("country").order_by("country__name_es")


def national_body_detail(*, acronym: str) -> NationalBody:
    return NationalBody.objects.select_related("country").get(acronym__iexact=acronym)


@dataclass(frozen=True)
class BodyRepresentatives:
    current: list[Designation]
    past: list[Designation]
    upcoming: list[Designation]


def body_representatives(*, body: NationalBody, day: dt.date | None = None) -> BodyRepresentatives:
    """Current, past and upcoming designations of a body, in one query; "current" is the
    database's answer to designation_in_force_q, the rule every count uses."""
    day = day or timezone.localdate()
    current, past, upcoming = [], [], []
    for d in (
        Designation.objects.filter(national_body=body)
        .annotate(
            in_force=Case(
                When(designation_in_force_q(day), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .select_related("person")
        .order_by("-role", "-start_date")  # titular before alternate
    ):
        if d.start_date > day:
            upcoming.append(d)
        elif d.in_force:
            current.append(d)
        else:
            past.append(d)
    return BodyRepresentatives(current=current, past=past, upcoming=upcoming)


def designations_in_force(*, day: dt.date | None = None) -> QuerySet[Designation]:
    day = day or timezone.localdate()
    return Designation.objects.in_force_on(day).select_related("person", "national_body__country")


def person_list(*, user: User | None = None) -> QuerySet[Person]:
    """People directory. Current designations are attached as `current_designations`."""
    today = timezone.localdate()
    return (
        Person.objects.select_related("country", "observer_organisation")
        .prefetch_related(
            Prefetch(
                "designations",
                queryset=Designation.objects.in_force_on(today).select_related("national_body"),
                to_attr="current_designations",
            )
        )
        .order_by("last_name", "first_name")
    )


def observer_organisation_list() -> QuerySet[ObserverOrganisation]:
    return ObserverOrganisation.objects.prefetch_related("representatives").order_by("acronym")


def office_history() -> QuerySet[Office]:
    return Office.objects.select_related("country").order_by("-start_date", "kind")


def office_holder(*, kind: str, day: dt.date | None = None) -> Office | None:
    day = day or timezone.localdate()
    return (
        Office.objects.in_force_on(day)
        .filter(kind=kind)
        .select_related("country")
        .order_by("-start_date")
        .first()
    )


def committee_list() -> QuerySet[Committee]:
    members = CommitteeMember.objects.select_related(
        "designation__person", "designation__national_body"
    )
    return Committee.objects.prefetch_related(Prefetch("members", queryset=members))


@dataclass(frozen=True)
class ChangeRow:
    record: object
    app_label: str
    model_name: str
    verbose_name: str

    # Fields that name a record by themselves. str() of a historical record rebuilds the
    # instance and follows its foreign keys: one query per row on a page of 100 changes.
    LABEL_FIELDS = ("number", "acronym", "name", "title", "code", "username", "iso_code")

    @property
    def label(self) -> str:
        first, last = (getattr(self.record, f, "") for f in ("first_name", "last_name"))
        if last:
            return f"{first} {last}".strip()
        for name in self.LABEL_FIELDS:
            value = getattr(self.record, name, None)
            if value:
                return f"{value}"[:80]
        return f"#{self.record.id}"


def recent_changes(*, limit: int = 100) -> list[ChangeRow]:
    """The latest history records of every audited model, newest first (ST's history view).

    Discovered from the app registry (every model with django-simple-history), so upper
    apps' models appear without members importing them: one query per audited model.
    """
    rows = []
    for model in apps.get_models():
        # Skip the through-table histories simple-history adds for m2m fields: no history_date.
        is_history = model.__name__.startswith("Historical") and hasattr(model, "instance_type")
        if is_history and any(f.name == "history_date" for f in model._meta.fields):
            meta = model.instance_type._meta
            latest = model.objects.select_related("history_user").order_by("-history_date")
            rows += [
                ChangeRow(r, meta.app_label, meta.model_name, str(meta.verbose_name))
                for r in latest[:limit]
            ]
    rows.sort(key=lambda row: row.record.history_date, reverse=True)
    return rows[:limit]


@dataclass(frozen=True)
class HistoryEntry:
    record: object
    changes: list[tuple[str, object, object]]  # (field, old, new)


def object_history(*, app_label: str, model_name: str, pk: int) -> list[HistoryEntry]:
    """Every recorded version of one object with what changed, old → new, newest first.
    All versions come in one query; the diffs are computed between consecutive versions."""
    model = apps.get_model(app_label, model_name)
    if not hasattr(model, "history"):
        raise LookupError(model_name)
    versions = list(
        model.history.filter(id=pk).select_related("history_user").order_by("history_date")
    )
    entries: list[HistoryEntry] = []
    previous = None
    for version in versions:
        changes = []
        if previous is not None:
            delta = version.diff_against(previous)
            changes = [(c.field, c.old, c.new) for c in delta.changes]
        entries.append(HistoryEntry(record=version, changes=changes))
        previous = version
    return list(reversed(entries))


def body_representation_status(*, day: dt.date | None = None) -> QuerySet[NationalBody]:
    """Each body with its titular / alternate designations in force on `day`, and how many
    of those lack an accreditation letter — one aggregate query for the home page."""
    day = day or timezone.localdate()
    in_force = designation_in_force_q(day, prefix="designations__")
    titular, alternate = Designation.Role.TITULAR, Designation.Role.ALTERNATE
    return national_body_list().annotate(
        titulars=Count("designations", filter=in_force & Q(designations__role=titular)),
        alternates=Count("designations", filter=in_force & Q(designations__role=alternate)),
        missing_letters=Count(
            "designations", filter=in_force & Q(designations__accreditation_letter="")
        ),
    )


@dataclass(frozen=True)
class LegalMatrix:
    countries: list[Country]
    rows: list[tuple[object, list[object]]]  # (instrument, [Ratification | None per country])


def legal_matrix() -> LegalMatrix:
    """Country × instrument matrix of 003 §IV in three queries, whatever its size."""
    from members.models import LegalInstrument, Ratification

    countries = list(member_countries_on(timezone.localdate()).order_by("name_es"))
    cells = {
        (r.instrument_id, r.country_id): r
        for r in Ratification.objects.filter(country__in=countries)
    }
    rows = [
        (instrument, [cells.get((instrument.pk, c.pk)) for c in countries])
        for instrument in LegalInstrument.objects.order_by("scope", "position")
    ]
    return LegalMatrix(countries=countries, rows=rows)


def national_law_list() -> QuerySet:
    from members.models import NationalLaw

    return NationalLaw.objects.select_related("country").order_by("country__name_es", "year")


# --- API tokens (issue #8) ----------------------------------------------------------------


class TokenState:
    ACTIVE = "active"
    EXPIRED = "expired"
    REVOKED = "revoked"
    LABELS = {ACTIVE: _("Active"), EXPIRED: _("Expired"), REVOKED: _("Revoked")}


def api_token_list() -> QuerySet[User]:
    """The token accounts, newest first, each with `tokens` (0 or 1 knox token) — two
    queries whatever their number. `token_state(account)` says active, expired or revoked."""
    return (
        User.objects.filter(username__startswith=API_ACCOUNT_PREFIX)
        .select_related("national_body__country", "observer_organisation")
        .prefetch_related(
            Prefetch(
                "auth_token_set", queryset=AuthToken.objects.order_by("-created"), to_attr="tokens"
            )
        )
        .order_by("-date_joined")
    )


def token_state(account: User, now: dt.datetime | None = None) -> str:
    now = now or timezone.now()
    if not account.is_active:
        return TokenState.REVOKED
    live = [t for t in account.tokens if t.expiry is None or t.expiry > now]
    return TokenState.ACTIVE if live else TokenState.EXPIRED


# --- Home page ----------------------------------------------------------------------------


def home_bodies(*, user: User) -> list:
    """The bodies whose representation the home page shows: all of them for ST, the user's
    own for a member of a national body, none for the others."""
    if user.is_secretariat:
        return list(body_representation_status())
    if user.national_body_id:
        return [b for b in body_representation_status() if b.pk == user.national_body_id]
    return []


def home_tasks(*, user: User, today: dt.date, bodies: list | None = None) -> list[HomeTask]:
    """The registry's part of the home page: for ST, designations without their letter and
    bodies without a titular; for a focal point, their body's missing titulars and letters
    (001 §4.A.1). `bodies` is home_bodies(user), when the caller has it already."""
    bodies = home_bodies(user=user) if bodies is None else bodies
    tasks: list[HomeTask] = []
    if user.is_secretariat:
        lacking = [b for b in bodies if b.missing_letters]
        if lacking:
            tasks.append(
                HomeTask(
                    _(
                        "%(n)s designation(s) in force in %(bodies)s national bodies have no accreditation letter."
                    )
                    % {"n": sum(b.missing_letters for b in lacking), "bodies": len(lacking)},
                    reverse("members:directory"),
                )
            )
        for body in bodies:
            if body.titulars == 0:
                tasks.append(
                    HomeTask(
                        _("%(body)s has no titular representative in force.") % {"body": body},
                        reverse("members:body-detail", args=[body.acronym]),
                        "warning",
                    )
                )
    elif user.is_focal_point and user.national_body_id:
        url = reverse("members:body-detail", args=[user.national_body.acronym])
        for body in bodies:
            if body.titulars < MAX_IN_FORCE_PER_ROLE:
                tasks.append(
                    HomeTask(
                        _("Your national body has %(n)s of 2 titular representatives designated.")
                        % {"n": body.titulars},
                        url,
                        "warning",
                    )
                )
            if body.missing_letters:
                tasks.append(
                    HomeTask(
                        _("Upload the accreditation letter of %(n)s designation(s).")
                        % {"n": body.missing_letters},
                        url,
                    )
                )
    return tasks
