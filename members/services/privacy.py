"""Erasing an official's personal data on request (issue 23, data protection).

person_anonymise replaces what identifies the person (names, e-mail, phone) with a neutral
placeholder, in the record and in every history row of it, deactivates and scrubs their
account, and blanks the copies of their e-mail on the rows that point at them (invitations).
The institutional record stays: designations with their dates and bodies, attendance,
votes by country, offices and committee seats keep pointing at the (now anonymous) person."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Person, User
from members.permissions import ensure_secretariat

ANONYMISED_FIRST_NAME = "Persona anonimizada"
ANONYMISATION_REASON_REQUIRED = _("Give the reason for erasing this person's data.")
PERSON_IN_OFFICE = _(
    "%(person)s still holds a designation in force: their data is part of the current "
    "institutional record. End or revoke the designation first."
)
PERSON_ALREADY_ANONYMISED = _("This person's data was already erased.")


def anonymised_name(person: Person) -> tuple[str, str]:
    """(first name, last name): together "Persona anonimizada #<id>"."""
    return ANONYMISED_FIRST_NAME, f"#{person.pk}"


def _scrub_history(obj: Model, **values) -> None:
    obj.history.update(**values)


def _blank_emails_pointing_at(person: Person) -> None:
    """Rows of other apps that copied the person's e-mail (an invitation's address)."""
    for relation in Person._meta.related_objects:
        model = relation.related_model
        if relation.one_to_many and "email" in {f.name for f in model._meta.concrete_fields}:
            model._default_manager.filter(**{relation.field.name: person}).update(email="")
            history = getattr(model, "history", None)
            if history is not None:
                history.filter(**{f"{relation.field.name}_id": person.pk}).update(email="")


@transaction.atomic
def person_anonymise(user: User, person: Person, reason: str) -> Person:
    """ST erases a person's data on request (code person_in_office while a designation is
    in force today; reason_required; person_anonymised when already done)."""
    ensure_secretariat(user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": ValidationError(ANONYMISATION_REASON_REQUIRED, code="reason_required")}
        )
    person = Person.objects.select_for_update(of=("self",)).get(pk=person.pk)
    if person.anonymised_at is not None:
        raise ValidationError(PERSON_ALREADY_ANONYMISED, code="person_anonymised")
    if person.designations.in_force_on(timezone.localdate()).exists():
        raise ValidationError(PERSON_IN_OFFICE, code="person_in_office", params={"person": person})
    first, last = anonymised_name(person)
    scrubbed = {"first_name": first, "last_name": last, "email": "", "phone": ""}
    for name, value in scrubbed.items():
        setattr(person, name, value)
    person.anonymised_at = timezone.now()
    person.version += 1  # the row is locked: a form read before this save is now stale
    person.full_clean()
    person._history_user = user
    person._change_reason = reason
    person.save()
    person.refresh_from_db()
    _scrub_history(person, **scrubbed)
    account = User.objects.filter(person=person).first()
    if account is not None:
        account.is_active = False
        account.first_name, account.last_name, account.email = first, last, ""
        account.username = f"anonimizada-{account.pk}"
        account._history_user = user
        account._change_reason = reason
        account.save()
        _scrub_history(
            account, first_name=first, last_name=last, email="", username=account.username
        )
    _blank_emails_pointing_at(person)
    return person
