"""A POA's lock (issue 17, "locked means locked"): once one of its reporting periods is
closed (monitoring.services.reporting_period_close calls poa_lock), the figures its official
results are computed from — its weights at every level and its activities' semester targets
and responsible parties — change only through an audited reopening by the Technical
Secretariat with a reason (poa_reopen), the same exception as a locked progress report's.
The reopening ends when the ST locks the POA again (poa_relock) or a period closes.

Also here: the POA's own axis and strategic-objective weights, filled from the plan's
weights when a POA is created (poa_weights_fill), so changing the plan's weights afterwards
never rewrites a past year."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from members.models import User
from members.permissions import ensure_secretariat
from plans.models import (
    POA,
    Axis,
    POAAxisWeight,
    POAObjectiveWeight,
    POAReopening,
    StrategicObjective,
    StrategicPlan,
)
from plans.services.base import save_checked

POA_LOCKED = _(
    "POA %(year)s is locked: a reporting period of it is closed, so its weights and semester "
    "targets are those of its official results. Only the Technical Secretariat can reopen it "
    "for changes, giving a reason."
)
POA_NOT_LOCKED = _("This POA is not locked; it can be changed without reopening it.")
POA_ALREADY_REOPENED = _("This POA is already reopened for changes.")
POA_NOT_REOPENED = _("This POA is not reopened.")
REOPEN_REASON_REQUIRED = _("Give the reason for reopening the POA.")


def ensure_poa_editable(poa: POA) -> POA:
    """Refuse (code poa_locked) a change to what a locked POA's results are computed from,
    unless the ST has reopened it. Takes the POA's row lock, so a concurrent relock waits
    for the change (or the change sees the relock). Call inside a transaction."""
    poa = POA.objects.select_for_update(of=("self",)).get(pk=poa.pk)
    if poa.is_locked and not POAReopening.objects.filter(poa=poa, closed_at__isnull=True).exists():
        raise ValidationError(POA_LOCKED, code="poa_locked", params={"year": poa.year})
    return poa


def _close_reopening(poa: POA, user: User) -> POAReopening | None:
    reopening = POAReopening.objects.filter(poa=poa, closed_at__isnull=True).first()
    if reopening is not None:
        reopening.closed_at = timezone.now()
        reopening.closed_by = user
        save_checked(reopening, user, update_fields=["closed_at", "closed_by"])
    return reopening


@transaction.atomic
def poa_lock(*, user: User, poa: POA) -> POA:
    """Lock a POA: called when one of its reporting periods closes. The first lock's date is
    kept; a reopening in progress ends here (a period closing again locks it again)."""
    ensure_secretariat(user)
    poa = POA.objects.select_for_update(of=("self",)).get(pk=poa.pk)
    _close_reopening(poa, user)
    if poa.locked_at is None:
        poa.locked_at = timezone.now()
        save_checked(poa, user, update_fields=["locked_at"])
    return poa


@transaction.atomic
def poa_reopen(*, user: User, poa: POA, reason: str) -> POAReopening:
    """The lock exception: the ST reopens a locked POA for changes to its weights and
    semester targets, with a written reason kept in the POA's reopening history."""
    ensure_secretariat(user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(REOPEN_REASON_REQUIRED, code="reason_required")
    poa = POA.objects.select_for_update(of=("self",)).get(pk=poa.pk)
    if not poa.is_locked:
        raise ValidationError(POA_NOT_LOCKED, code="poa_not_locked")
    if POAReopening.objects.filter(poa=poa, closed_at__isnull=True).exists():
        raise ValidationError(POA_ALREADY_REOPENED, code="poa_already_reopened")
    reopening = POAReopening(poa=poa, reason=reason, opened_at=timezone.now(), opened_by=user)
    save_checked(reopening, user)
    return reopening


@transaction.atomic
def poa_relock(*, user: User, poa: POA) -> POAReopening:
    """The ST ends a reopening: the POA is locked again."""
    ensure_secretariat(user)
    poa = POA.objects.select_for_update(of=("self",)).get(pk=poa.pk)
    reopening = _close_reopening(poa, user)
    if reopening is None:
        raise ValidationError(POA_NOT_REOPENED, code="poa_not_reopened")
    return reopening


def poa_weights_fill(*, poa: POA, user: User | None = None) -> None:
    """Give a POA its own axis and strategic-objective weights, copied from the plan's
    current ones, for every element it has none for yet (a new POA gets them all; existing
    ones are never overwritten)."""
    have_axes = set(POAAxisWeight.objects.filter(poa=poa).values_list("axis_id", flat=True))
    have_objectives = set(
        POAObjectiveWeight.objects.filter(poa=poa).values_list("objective_id", flat=True)
    )
    axes = [
        POAAxisWeight(poa=poa, axis=axis, weight=axis.weight)
        for axis in Axis.objects.filter(plan_id=poa.plan_id).exclude(pk__in=have_axes)
    ]
    objectives = [
        POAObjectiveWeight(poa=poa, objective=objective, weight=objective.weight)
        for objective in StrategicObjective.objects.filter(axis__plan_id=poa.plan_id).exclude(
            pk__in=have_objectives
        )
    ]
    if axes:
        bulk_create_with_history(axes, POAAxisWeight, default_user=user)
    if objectives:
        bulk_create_with_history(objectives, POAObjectiveWeight, default_user=user)


def plan_poas_weights_fill(*, plan: StrategicPlan, user: User | None = None) -> None:
    """Before the plan's own weights change: every POA of the plan keeps the weights it has
    now (a POA without its own rows gets them from the plan's current weights first)."""
    for poa in POA.objects.filter(plan=plan):
        poa_weights_fill(poa=poa, user=user)
