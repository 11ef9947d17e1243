"""The POAs' life: a new year's POA copied from the previous one, and the plenary's
approval (SPEC §4)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from members.models import User
from members.permissions import ensure_secretariat
from plans.models import POA, Activity, ActivityResponsible, OperationalObjective
from plans.selectors import weights_valid
from plans.services.base import ensure_year_in_plan, save_checked
from plans.services.locks import poa_weights_fill

POA_YEAR_EXISTS = _("There is already a POA for %(year)s.")
ACTIVITY_NOT_IN_POA = _("Some chosen activities do not belong to POA %(year)s.")
CARRY_OVER_MUST_BE_COPIED = _("An activity that carries over unfinished work must be copied.")
POA_ALREADY_APPROVED = _("This POA is already approved.")
POA_EMPTY = _("A POA without activities cannot be approved.")
APPROVAL_DATE_REQUIRED = _("Give the date of the approval.")


@transaction.atomic
def poa_copy(
    *,
    user: User,
    source_poa: POA,
    year: int,
    copy_activity_ids: Iterable[int] | None = None,
    carry_over_activity_ids: Iterable[int] = (),
) -> POA:
    """Create the POA of a new year as a draft copy of `source_poa` (SPEC §4).

    Interpretation of the issue ("copying the previous one: structure, activities,
    responsible parties, weights; progress not copied; choosing which unfinished activities
    carry over"):
    - every operational objective is copied (text, strategic objective, position, weight);
      the notes about the 2018 source matrix (source_code, note, source_note) are not;
    - an activity is copied when its id is in `copy_activity_ids` (None = all of them), with
      goal, indicator, responsible parties, semester targets and weight. Reported progress
      lives in monitoring and is never copied;
    - an activity in `carry_over_activity_ids` is unfinished work that continues: the copy's
      `continues` points at the source activity. A carry-over must also be copied;
    - if the weights of an operational objective's copied activities break the weight rule
      (plans.selectors.weights_check: some activities left out, so the rest no longer add up
      to 100), those copies fall back to equal shares (weights empty) rather than carrying
      an invalid weighting;
    - the axes' and strategic objectives' weights of the new POA are the plan's current ones
      (poa_weights_fill: the plan's weights are the defaults of new POAs), kept per POA.
    """
    ensure_secretariat(user)
    if POA.objects.filter(year=year).exists():
        raise ValidationError(POA_YEAR_EXISTS, code="poa_year_exists", params={"year": year})
    plan = source_poa.plan
    ensure_year_in_plan(plan=plan, year=year)
    source_activities = list(
        Activity.objects.filter(operational_objective__poa=source_poa)
        .prefetch_related("responsibles")
        .order_by("operational_objective__position", "position")
    )
    source_ids = {a.pk for a in source_activities}
    copy_ids = source_ids if copy_activity_ids is None else {int(i) for i in copy_activity_ids}
    carry_ids = {int(i) for i in carry_over_activity_ids}
    if not (copy_ids | carry_ids) <= source_ids:
        raise ValidationError(
            ACTIVITY_NOT_IN_POA, code="activity_not_in_poa", params={"year": source_poa.year}
        )
    if not carry_ids <= copy_ids:
        raise ValidationError(CARRY_OVER_MUST_BE_COPIED, code="carry_over_must_be_copied")

    new_poa = POA(plan=plan, year=year, status=POA.Status.DRAFT, copied_from=source_poa)
    save_checked(new_poa, user)
    poa_weights_fill(poa=new_poa, user=user)
    op_map: dict[int, OperationalObjective] = {}
    for op in source_poa.operational_objectives.order_by("position"):
        new_op = OperationalObjective(
            poa=new_poa,
            strategic_objective_id=op.strategic_objective_id,
            code=op.code,
            position=op.position,
            text=op.text,
            weight=op.weight,
        )
        save_checked(new_op, user)
        op_map[op.pk] = new_op

    by_op: dict[int, list[Activity]] = {}
    for activity in source_activities:
        by_op.setdefault(activity.operational_objective_id, []).append(activity)
    for op_id, activities in by_op.items():
        kept = [a for a in activities if a.pk in copy_ids]
        keep_weights = weights_valid(kept)
        for activity in kept:
            new = Activity(
                operational_objective=op_map[op_id],
                code=activity.code,
                position=activity.position,
                description=activity.description,
                goal=activity.goal,
                indicator=activity.indicator,
                responsible_text=activity.responsible_text,
                semester_1=activity.semester_1,
                semester_2=activity.semester_2,
                weight=activity.weight if keep_weights else None,
                continues=activity if activity.pk in carry_ids else None,
            )
            save_checked(new, user)
            for r in activity.responsibles.all():
                save_checked(
                    ActivityResponsible(
                        activity=new,
                        kind=r.kind,
                        committee_id=r.committee_id,
                        national_body_id=r.national_body_id,
                    ),
                    user,
                )
    return new_poa


@transaction.atomic
def poa_approve(
    *, user: User, poa: POA, approved_on: dt.date, approving_agreement: str = ""
) -> POA:
    """Record the plenary's approval of a POA (the meetings app will later link the
    agreement itself; for now its reference is text). Approved POAs become public."""
    ensure_secretariat(user)
    poa = POA.objects.select_for_update(of=("self",)).get(pk=poa.pk)
    if poa.is_approved:
        raise ValidationError(POA_ALREADY_APPROVED, code="poa_already_approved")
    if approved_on is None:
        raise ValidationError(APPROVAL_DATE_REQUIRED, code="approval_date_required")
    if not Activity.objects.filter(operational_objective__poa=poa).exists():
        raise ValidationError(POA_EMPTY, code="poa_empty")
    poa.status = POA.Status.APPROVED
    poa.approved_on = approved_on
    poa.approving_agreement = approving_agreement.strip()
    save_checked(poa, user, update_fields=["status", "approved_on", "approving_agreement"])
    return poa
