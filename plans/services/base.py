"""What every write to the plan shares: full_clean() before save() with the author recorded
in the history, the rule that only named fields may change, and the plan's span of years."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from members.models import User
from plans.models import StrategicPlan

FIELD_NOT_EDITABLE = _("The field %(field)s cannot be changed here.")
YEAR_OUTSIDE_PLAN = _("The year %(year)s is outside the plan (%(start)s–%(end)s).")


def save_checked(obj: Model, user: User, update_fields: list[str] | None = None) -> None:
    """full_clean() then save(), recording who changed it in the history."""
    obj.full_clean()
    obj._history_user = user
    obj.save(update_fields=update_fields)


def assign_fields(record: Model, fields: dict, allowed: tuple[str, ...]) -> list[str]:
    """Set the allowed fields that differ and return their names; refuse any other field
    (the pages and the API may only change what the service names)."""
    changed = []
    for name, value in fields.items():
        if name not in allowed:
            raise ValidationError(
                FIELD_NOT_EDITABLE, code="field_not_editable", params={"field": name}
            )
        if name == "evidence_url" and value is None:
            value = ""
        if getattr(record, name) != value:
            setattr(record, name, value)
            changed.append(name)
    return changed


def ensure_year_in_plan(*, plan: StrategicPlan, year: int) -> None:
    """A measurement or a POA belongs to a year of the plan (003 §VI: 2018–2027)."""
    if not plan.start_year <= year <= plan.end_year:
        raise ValidationError(
            YEAR_OUTSIDE_PLAN,
            code="year_outside_plan",
            params={"year": year, "start": plan.start_year, "end": plan.end_year},
        )
