"""Reads of comunicados (issue 18): who a comunicado goes to (its distribution on a day),
who may read it, the recipients' inbox, ST's list and the "who has it" view."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from communications import permissions
from communications.models import AccessLevel, Communique, Delivery
from communications.services.deliveries import Recipient
from members.models import (
    API_ACCOUNT_PREFIX,
    CommitteeMember,
    Country,
    Designation,
    ObserverOrganisation,
    Person,
    User,
    designation_in_force_q,
)
from members.selectors import member_countries_on

Audience = Communique.Audience

# --- Distribution ---------------------------------------------------------------------------


def _people() -> QuerySet[Person]:
    return Person.objects.filter(anonymised_at__isnull=True).select_related(
        "user", "country", "observer_organisation"
    )


def _accounts() -> QuerySet[User]:
    """Accounts that can receive: active people's accounts, never an API token's service
    account (it cannot sign in, it has no inbox)."""
    return (
        User.objects.filter(is_active=True)
        .exclude(username__startswith=API_ACCOUNT_PREFIX)
        .select_related("national_body__country", "observer_organisation", "person")
    )


def distribution_countries(communique: Communique, today: dt.date) -> list[Country]:
    """The member countries on `today` whose representatives and focal points receive:
    all of them, or those chosen on the comunicado."""
    countries = member_countries_on(today)
    chosen = [c.pk for c in communique.countries.all()]
    if chosen:
        countries = countries.filter(pk__in=chosen)
    return list(countries.order_by("name_es"))


def communique_recipients(communique: Communique, today: dt.date) -> list[Recipient]:
    """Everyone the comunicado goes to on `today`, each once (by person, account or
    address): the representatives in force (designation_in_force_q) of the national body of
    each member country — or of the countries chosen —, those countries' focal points,
    the committee's people in force, the people named, and, when chosen, the people and
    accounts of the active observer organisations and the partner agencies' accounts. A
    representative who is also a focal point's account counts once."""
    audiences = set(communique.audiences or [])
    countries = (
        distribution_countries(communique, today)
        if audiences & {Audience.REPRESENTATIVES, Audience.FOCAL_POINTS}
        else []
    )
    found: list[Recipient] = []

    if Audience.REPRESENTATIVES in audiences:
        designations = (
            Designation.objects.in_force_on(today)
            .filter(national_body__country__in=countries, person__anonymised_at__isnull=True)
            .select_related(
                "person__user",
                "person__country",
                "person__observer_organisation",
                "national_body__country",
            )
            .order_by("national_body__country__name_es", "role", "pk")
        )
        for d in designations:
            found.append(
                dataclasses.replace(Recipient.of_person(d.person), country=d.national_body.country)
            )
    if Audience.FOCAL_POINTS in audiences:
        users = _accounts().filter(role=User.Role.FOCAL_POINT, national_body__country__in=countries)
        found += [Recipient.of_user(u) for u in users.order_by("pk")]
    if communique.committee_id:
        members = (
            CommitteeMember.objects.in_force_on(today)
            .filter(designation_in_force_q(today, prefix="designation__"))
            .filter(committee_id=communique.committee_id)
            .select_related(
                "designation__person__user",
                "designation__person__country",
                "designation__person__observer_organisation",
                "designation__national_body__country",
            )
            .order_by("pk")
        )
        for m in members:
            if m.designation.person.anonymised_at is None:
                found.append(
                    dataclasses.replace(
                        Recipient.of_person(m.designation.person),
                        country=m.designation.national_body.country,
                    )
                )
    named = _people().filter(pk__in=[p.pk for p in communique.people.all()]).order_by("pk")
    found += [Recipient.of_person(p) for p in named]
    if Audience.OBSERVERS in audiences:
        # the observers: active organisations an admission made observers (role), not the
        # other organisations the sources name
        observing = {
            "observer_organisation__active": True,
            "observer_organisation__role": ObserverOrganisation.Role.OBSERVER,
        }
        people = _people().filter(**observing).order_by("pk")
        found += [Recipient.of_person(p) for p in people]
        users = _accounts().filter(role=User.Role.OBSERVER, **observing)
        found += [Recipient.of_user(u) for u in users.order_by("pk")]
    if Audience.PARTNERS in audiences:
        users = _accounts().filter(role=User.Role.PARTNER)
        found += [Recipient.of_user(u) for u in users.order_by("pk")]
    return deduplicated(found)


def deduplicated(recipients: Iterable[Recipient]) -> list[Recipient]:
    """The first of each person, account or address (case-insensitive) stays."""
    seen: set[tuple[str, object]] = set()
    kept = []
    for r in recipients:
        keys = {("e", r.email.strip().lower())} if r.email.strip() else set()
        if r.person is not None:
            keys.add(("p", r.person.pk))
        if r.user is not None:
            keys.add(("u", r.user.pk))
        if not keys or keys & seen:
            continue
        seen |= keys
        kept.append(r)
    return kept


def outsiders(recipients: Iterable[Recipient]) -> list[Recipient]:
    """Recipients outside the members' side: observers' people and accounts, partner
    agencies' accounts (a restricted comunicado may not reach them)."""
    return [r for r in recipients if _group_kind(r.user, r.person) != GROUP_COUNTRY]


def partners(recipients: Iterable[Recipient]) -> list[Recipient]:
    """Recipients who are partner agencies' accounts (public comunicados only reach them)."""
    return [r for r in recipients if _group_kind(r.user, r.person) == GROUP_PARTNERS]


# --- Groups of the "who has it" view and of the confirmation -------------------------------

GROUP_COUNTRY, GROUP_OBSERVERS, GROUP_PARTNERS = "country", "observers", "partners"


def _group_kind(user: User | None, person: Person | None) -> str:
    if user is not None and user.role == User.Role.PARTNER:
        return GROUP_PARTNERS
    if (person is not None and person.observer_organisation_id) or (
        user is not None and (user.role == User.Role.OBSERVER or user.observer_organisation_id)
    ):
        return GROUP_OBSERVERS
    return GROUP_COUNTRY


def _group_label(kind: str, country: Country | None) -> tuple[tuple, str]:
    """(sort key, label): the countries by name, then observers, partners, no country."""
    if kind == GROUP_OBSERVERS:
        return (1, ""), _("Observers")
    if kind == GROUP_PARTNERS:
        return (2, ""), _("Partner agencies")
    if country is None:
        return (3, ""), _("No country")
    return (0, country.name_es), country.name


@dataclass
class RecipientGroup:
    label: str
    rows: list = field(default_factory=list)
    total: int = 0
    sent: int = 0
    opened: int = 0
    acknowledged: int = 0


def recipients_per_group(recipients: Iterable[Recipient]) -> list[RecipientGroup]:
    """The confirmation page before sending: how many recipients per country (and the
    observers' and partners' groups)."""
    groups: dict[tuple, RecipientGroup] = {}
    for r in recipients:
        key, label = _group_label(_group_kind(r.user, r.person), r.country)
        group = groups.setdefault(key, RecipientGroup(label=label))
        group.rows.append(r)
        group.total += 1
    return [groups[k] for k in sorted(groups)]


def who_has_it(communique: Communique, *, not_acknowledged: bool = False) -> list[RecipientGroup]:
    """003 §VIII ST 4, issue 18: per country (and observers, partners), each recipient with
    the time their e-mail left, they opened it in the platform and acknowledged it — one
    query whatever the number of recipients."""
    rows = (
        communique.deliveries.filter(kind=Delivery.Kind.COMMUNIQUE)
        .select_related("country", "user", "person")
        .order_by("name", "pk")
    )
    everyone = list(rows)
    groups: dict[tuple, RecipientGroup] = {}
    for d in everyone:
        key, label = _group_label(_group_kind(d.user, d.person), d.country)
        group = groups.setdefault(key, RecipientGroup(label=label))
        group.total += 1
        group.sent += d.state == Delivery.State.SENT
        group.opened += d.opened_at is not None
        group.acknowledged += d.acknowledged_at is not None
        if not (not_acknowledged and d.acknowledged_at is not None):
            group.rows.append(d)
    return [groups[k] for k in sorted(groups)]


# --- Lists ------------------------------------------------------------------------------------


def with_counts(qs: QuerySet[Communique]) -> QuerySet[Communique]:
    own = Q(deliveries__kind=Delivery.Kind.COMMUNIQUE)
    return qs.annotate(
        n_recipients=Count("deliveries", filter=own),
        n_sent=Count("deliveries", filter=own & Q(deliveries__state=Delivery.State.SENT)),
        n_opened=Count("deliveries", filter=own & Q(deliveries__opened_at__isnull=False)),
        n_acknowledged=Count(
            "deliveries", filter=own & Q(deliveries__acknowledged_at__isnull=False)
        ),
    )


def communique_list() -> QuerySet[Communique]:
    """ST's and the Presidency's list: drafts and sent ones, with their counts."""
    return with_counts(Communique.objects.select_related("drafted_by")).order_by(
        "-sent_at", "-created_at", "-pk"
    )


def _own_q(user: User, prefix: str = "") -> Q:
    q = Q(**{f"{prefix}user": user})
    if user.person_id:
        q |= Q(**{f"{prefix}person_id": user.person_id})
    return q


def inbox(user: User) -> QuerySet[Delivery]:
    """The signed-in user's comunicados (their account's or their person's copy), newest
    first; a restricted one only for the members' side (permissions.can_read)."""
    qs = (
        Delivery.objects.filter(
            _own_q(user),
            kind=Delivery.Kind.COMMUNIQUE,
            communique__status=Communique.Status.SENT,
        )
        .select_related("communique")
        .order_by("-communique__sent_at", "-pk")
    )
    if not permissions.reads_restricted(user):
        qs = qs.exclude(communique__confidentiality=AccessLevel.RESTRICTED)
    return qs


def unread_count(user: User) -> int:
    return inbox(user).filter(opened_at__isnull=True).count()


def readable_communiques(user: User) -> QuerySet[Communique]:
    """What the API lists to `user`: ST and the Presidency every sent comunicado; a
    partner agency (token or account) those sent to partners and not restricted; anyone
    else the ones they received (restricted only on the members' side)."""
    sent = Communique.objects.filter(status=Communique.Status.SENT)
    if permissions.can_draft(user):
        return sent
    if user.is_partner:
        # JSON containment is not available on SQLite: match the quoted choice.
        return sent.filter(audiences__icontains=f'"{Audience.PARTNERS}"').exclude(
            confidentiality=AccessLevel.RESTRICTED
        )
    received = Delivery.objects.filter(_own_q(user), kind=Delivery.Kind.COMMUNIQUE)
    qs = sent.filter(pk__in=received.values("communique_id"))
    if not permissions.reads_restricted(user):
        qs = qs.exclude(confidentiality=AccessLevel.RESTRICTED)
    return qs


# --- One comunicado -------------------------------------------------------------------------


def own_delivery(user: User, communique: Communique) -> Delivery | None:
    if not (user.is_authenticated and user.is_active):
        return None
    return (
        Delivery.objects.filter(_own_q(user), communique=communique, kind=Delivery.Kind.COMMUNIQUE)
        .order_by("pk")
        .first()
    )


def communique_for_reader(*, user: User, pk: int) -> tuple[Communique, Delivery | None]:
    """The comunicado and the reader's own copy; Communique.DoesNotExist for whoever may
    not read it (the page answers 404: a comunicado's existence is not disclosed)."""
    communique = (
        Communique.objects.select_related("committee", "drafted_by", "sent_by")
        .prefetch_related("countries", "people", "attachments__versions")
        .get(pk=pk)
    )
    delivery = own_delivery(user, communique)
    if not permissions.can_read(user=user, communique=communique, delivery=delivery):
        raise Communique.DoesNotExist
    return communique, delivery


@dataclass(frozen=True)
class Attachment:
    title: str
    url: str
    size: int | None


def attachments_of(communique: Communique) -> list[Attachment]:
    result = []
    for document in communique.attachments.all():
        versions = sorted(document.versions.all(), key=lambda v: v.number)
        current = versions[-1] if versions else None
        result.append(
            Attachment(
                title=document.title,
                url=current.get_absolute_url() if current else document.get_absolute_url(),
                size=current.size if current else None,
            )
        )
    return result


@dataclass(frozen=True)
class CommuniquePage:
    communique: Communique
    delivery: Delivery | None
    attachments: list[Attachment]
    can_edit: bool
    can_send: bool
    can_remind: bool
    can_acknowledge: bool
    can_see_recipients: bool


def communique_page(*, user: User, communique: Communique, delivery: Delivery | None):
    return CommuniquePage(
        communique=communique,
        delivery=delivery,
        attachments=attachments_of(communique),
        can_edit=permissions.edit_refusal(user=user, communique=communique) is None,
        can_send=permissions.send_refusal(user=user, communique=communique) is None,
        can_remind=permissions.remind_refusal(user=user, communique=communique) is None,
        can_acknowledge=delivery is not None
        and permissions.acknowledge_refusal(user=user, delivery=delivery) is None,
        can_see_recipients=permissions.can_draft(user)
        and communique.status == Communique.Status.SENT,
    )
