"""What the platform holds on one official (issue 23, data protection): everything gathered
for an export on request, and who is due for anonymisation under the retention rule
(settings.PERSONAL_DATA_RETENTION_YEARS after their last designation ended).

The rows that point at a person or at their designations are found through the models'
relations (`_meta.related_objects`), so attendance records, invitations, committee seats and
offices of the apps above members are included without members importing them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Model, Q
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from members.models import Designation, Person, User

# Never exported: secrets (a password hash, an invitation's RSVP token).
SECRET_FIELDS = {"password", "token"}


def _value(value: Any) -> Any:
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, int | float | bool | str | list | dict) or value is None:
        return value
    return str(value)


def _row(obj: Model) -> dict[str, Any]:
    """A row's own columns, foreign keys as their id and their text."""
    row: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in SECRET_FIELDS:
            continue
        if field.is_relation:
            related_id = getattr(obj, field.attname)
            row[field.name] = related_id
            if related_id is not None and not field.name.startswith("history_"):
                row[f"{field.name}_text"] = str(getattr(obj, field.name))
        else:
            row[field.name] = _value(getattr(obj, field.attname))
    return row


def _related_rows(obj: Model, *, skip: set[str]) -> dict[str, list[dict[str, Any]]]:
    """Rows of other models pointing at `obj` (one-to-many), by model label."""
    found: dict[str, list[dict[str, Any]]] = {}
    for relation in obj._meta.related_objects:
        model = relation.related_model
        if relation.one_to_one or relation.many_to_many or hasattr(model, "instance_type"):
            continue
        label = model._meta.label
        if label in skip:
            continue
        rows = [_row(r) for r in getattr(obj, relation.get_accessor_name()).all()]
        if rows:
            found.setdefault(label, []).extend(rows)
    return found


def _history(obj: Model) -> list[dict[str, Any]]:
    return [
        {
            "history_date": _value(row.history_date),
            "history_type": row.history_type,
            "history_user_id": row.history_user_id,
            "history_change_reason": row.history_change_reason,
            **{k: v for k, v in _row(row).items() if not k.startswith("history_")},
        }
        for row in obj.history.order_by("history_date")
    ]


def person_data_export(person: Person) -> dict[str, Any]:
    """Everything the platform holds on `person`: their record and its history, their
    account (no password) and its history, their designations with the rows about each
    (offices, committee seats, attendance...), and every other row about them (invitations,
    attendance records...)."""
    account = User.objects.filter(person=person).first()
    designations = []
    for designation in person.designations.select_related("national_body", "person"):
        designations.append(
            {
                **_row(designation),
                "related": _related_rows(designation, skip=set()),
                "history": _history(designation),
            }
        )
    return {
        "exported_at": timezone.now().isoformat(),
        "person": _row(person),
        "person_history": _history(person),
        "user_account": _row(account) if account else None,
        "user_account_history": _history(account) if account else [],
        "designations": designations,
        "related": _related_rows(person, skip={Designation._meta.label}),
    }


def can_export_person_data(user: User, person: Person) -> bool:
    """ST, and the person themself through their own account."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_secretariat or (user.person_id is not None and user.person_id == person.pk)


def retention_cutoff(today: dt.date | None = None) -> dt.date:
    """Designations that ended on or before this day are past the retention period."""
    today = today or timezone.localdate()
    years = settings.PERSONAL_DATA_RETENTION_YEARS
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def persons_due_for_anonymisation(today: dt.date | None = None):
    """People not yet anonymised, with no designation in force or to come, whose last
    designation ended (end date, or the day before revocation) more than
    PERSONAL_DATA_RETENTION_YEARS ago; `last_end` is that day."""
    today = today or timezone.localdate()
    not_ended = Designation.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today),
        Q(revoked_on__isnull=True) | Q(revoked_on__gt=today),
    )
    people = (
        Person.objects.filter(anonymised_at__isnull=True, designations__isnull=False)
        .exclude(pk__in=not_ended.values("person_id"))
        .distinct()
        .prefetch_related("designations")
    )
    cutoff = retention_cutoff(today)
    due = []
    for person in people:
        ends = [d.effective_end for d in person.designations.all() if d.effective_end]
        if ends and max(ends) <= cutoff:
            person.last_end = max(ends)
            due.append(person)
    return due
