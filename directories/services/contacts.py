"""Writes of the regional directory (issue 19). Every write checks who may keep the entry's
country before and after the change (directories.permissions), claims the version the
form was read at (common.versions) and runs full_clean() (which also refuses identity
numbers in free text, common.validators)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from common.links import absolute_reverse
from common.mail import sender
from common.versions import claim_version
from communications.models import Delivery
from communications.services import Recipient, notify
from directories.models import ContactPoint, Institution
from directories.permissions import ensure_can_edit_country
from directories.selectors.contacts import stale_contact_points
from members.models import NationalBody, User

INSTITUTION_FIELDS = (
    "country",
    "name",
    "acronym",
    "sector",
    "level",
    "areas",
    "website",
)
CONTACT_POINT_FIELDS = (
    "country",
    "type",
    "institution",
    "name",
    "contact_name",
    "position",
    "level",
    "authority_status",
    "designating_act",
    "function",
    "email",
    "phone",
    "website",
    "address",
    "city",
    "notes",
    "areas",
    "review_interval_days",
)
# The review interval a new entry gets when none is given, per type.
REVIEW_DAYS_BY_TYPE = {
    ContactPoint.Type.PUBLIC_MINISTRY: 90,
    ContactPoint.Type.CENTRAL_AUTHORITY: 365,
}
BODY_OF_ANOTHER_COUNTRY = _lazy(
    "An institution sits only on national bodies of its own country (not %(bodies)s)."
)
# Delivery.Kind the lead adds to communications (issue 19): the directory's review reminder.
DIRECTORY_REVIEW_KIND = Delivery.Kind.DIRECTORY_REVIEW


def _country_id(value) -> int | None:
    return getattr(value, "pk", value)


def _apply(obj, fields: dict, allowed: tuple[str, ...]) -> None:
    for name, value in fields.items():
        if name in allowed:
            setattr(obj, name, value)


# --- Institutions ---------------------------------------------------------------------


def _set_bodies(institution: Institution, bodies: Iterable[NationalBody] | None) -> None:
    """An institution sits only on bodies of its own country; None leaves them as they are
    (a caller that does not edit them). A move to another country with bodies kept is
    refused the same way."""
    if bodies is None:
        bodies = list(institution.national_bodies.all())
    foreign = [b for b in bodies if b.country_id != institution.country_id]
    if foreign:
        raise ValidationError(
            {
                "national_bodies": ValidationError(
                    BODY_OF_ANOTHER_COUNTRY,
                    code="body_of_another_country",
                    params={"bodies": ", ".join(b.acronym for b in foreign)},
                )
            }
        )
    institution.national_bodies.set(bodies)


@transaction.atomic
def institution_create(
    *, user: User, national_bodies: Iterable[NationalBody] = (), **fields
) -> Institution:
    ensure_can_edit_country(user, _country_id(fields.get("country")))
    institution = Institution()
    _apply(institution, fields, INSTITUTION_FIELDS)
    institution.full_clean()
    institution.save()
    _set_bodies(institution, list(national_bodies))
    return institution


@transaction.atomic
def institution_update(
    *,
    user: User,
    institution: Institution,
    expected_version: int | None = None,
    national_bodies: Iterable[NationalBody] | None = None,
    **fields,
) -> Institution:
    ensure_can_edit_country(user, institution.country_id)
    claim_version(institution, expected_version)
    _apply(institution, fields, INSTITUTION_FIELDS)
    ensure_can_edit_country(user, institution.country_id)  # not moved to another country
    institution.full_clean()
    institution.save()
    _set_bodies(institution, None if national_bodies is None else list(national_bodies))
    return institution


# --- Contact points -------------------------------------------------------------------


@transaction.atomic
def contact_point_create(*, user: User, **fields) -> ContactPoint:
    ensure_can_edit_country(user, _country_id(fields.get("country")))
    contact_point = ContactPoint()
    if not fields.get("review_interval_days"):
        fields["review_interval_days"] = REVIEW_DAYS_BY_TYPE.get(fields.get("type"), 180)
    _apply(contact_point, fields, CONTACT_POINT_FIELDS)
    contact_point.full_clean()
    contact_point.save()
    return contact_point


@transaction.atomic
def contact_point_update(
    *,
    user: User,
    contact_point: ContactPoint,
    expected_version: int | None = None,
    **fields,
) -> ContactPoint:
    ensure_can_edit_country(user, contact_point.country_id)
    claim_version(contact_point, expected_version)
    _apply(contact_point, fields, CONTACT_POINT_FIELDS)
    ensure_can_edit_country(user, contact_point.country_id)  # not moved to another country
    contact_point.full_clean()
    contact_point.save()
    return contact_point


@transaction.atomic
def contact_point_verify(
    *,
    user: User,
    contact_point: ContactPoint,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> ContactPoint:
    """ "Mark verified": the owner confirms the entry is right as of today."""
    ensure_can_edit_country(user, contact_point.country_id)
    claim_version(contact_point, expected_version)
    contact_point.verified_on = today or timezone.localdate()
    contact_point.save(update_fields=["verified_on"])
    return contact_point


# --- Reminders ------------------------------------------------------------------------


def _review_message(*, user: User, entries: list[ContactPoint]) -> EmailMessage:
    with translation.override(user.language or "es"):
        lines = [
            _("These entries of your country's regional directory need their review:"),
            "",
        ]
        for entry in entries:
            verified = entry.verified_on.isoformat() if entry.verified_on else _("never")
            lines.append(
                f"- {entry.get_type_display()}: {entry.name} "
                f"({_('verified on')} {verified}) "
                f"{absolute_reverse('contacts:detail', entry.pk)}"
            )
        lines += ["", _("Check each one and mark it verified, or correct it.")]
        subject = _("Directory entries to review (%(n)d)") % {"n": len(entries)}
        return EmailMessage(
            subject=subject, body="\n".join(lines), from_email=sender(), to=[user.email]
        )


def stale_reminders_send(*, today: dt.date | None = None) -> int:
    """Daily (Celery beat): each country with stale entries — its focal points get one
    e-mail listing them, logged as a Delivery. Returns how many e-mails left."""
    today = today or timezone.localdate()
    by_country: dict[int, list[ContactPoint]] = {}
    for entry in stale_contact_points(today):
        by_country.setdefault(entry.country_id, []).append(entry)
    if not by_country:
        return 0
    users = (
        User.objects.filter(
            is_active=True,
            role=User.Role.FOCAL_POINT,
            national_body__country_id__in=by_country,
        )
        .select_related("national_body__country", "observer_organisation", "person")
        .order_by("pk")
    )
    sent = 0
    for user in users:
        entries = by_country[user.national_body.country_id]
        delivery = notify(
            _review_message(user=user, entries=entries),
            kind=DIRECTORY_REVIEW_KIND,
            recipient=Recipient.of_user(user),
            link=absolute_reverse("contacts:list") + "?stale=on",
            about=user.national_body.country,
        )
        sent += int(delivery.state == Delivery.State.SENT)
    return sent
