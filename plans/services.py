"""Writes to the plan and the POAs. Only the Technical Secretariat keeps them (003 §VIII ST:
the ST follows up the plan and keeps the coalition's records), so every service starts with
ensure_secretariat; the web pages, the admin and the API all go through here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.validators import validate_document_upload
from members.models import Committee, Country, NationalBody, User
from members.permissions import ensure_secretariat
from plans.loaders import parse_responsible, responsible_key
from plans.models import (
    END_BEFORE_START,
    POA,
    Activity,
    ActivityResponsible,
    Actor,
    Alliance,
    Axis,
    ExpectedResult,
    GoodPractice,
    Indicator,
    IndicatorMeasurement,
    InstrumentStage,
    JointAction,
    OperationalObjective,
    PlanInstrument,
    PlanStatement,
    RegisteredRecord,
    Replication,
    Scope,
    Stage,
    StrategicObjective,
    StrategicPlan,
    WithEvidence,
    validate_weight,
)
from plans.permissions import (
    ensure_can_manage_actors,
    ensure_can_register_for,
    ensure_can_validate,
)
from plans.selectors import weight_children

WEIGHTS_MUST_SUM_100 = _(
    "The weights of %(parent)s must add up to 100%%; they add up to %(total)s%%. "
    "Leave them all empty for equal shares."
)
WEIGHTS_WRONG_CHILDREN = _("Give a weight for every element of %(parent)s, and only for them.")
WEIGHTS_ALL_OR_NONE = _(
    "Give a weight to every element of %(parent)s, or leave them all empty for equal shares."
)
FIELD_NOT_EDITABLE = _("The field %(field)s cannot be changed here.")
RESPONSIBLE_REQUIRED = _("An activity needs at least one responsible party.")
RESPONSIBLE_UNKNOWN = _("Unknown responsible party: %(token)s.")
INDICATOR_IS_COMPUTED = _(
    "This indicator is computed by the platform from its own records; it cannot be entered by hand."
)
YEAR_OUTSIDE_PLAN = _("The year %(year)s is outside the plan (%(start)s–%(end)s).")
PERCENTAGE_OUT_OF_RANGE = _("A percentage is a value between 0 and 100.")
MILESTONE_IS_YES_NO = _("A milestone is reached (1) or not (0).")
NEGATIVE_COUNT = _("A count cannot be negative.")
POA_YEAR_EXISTS = _("There is already a POA for %(year)s.")
ACTIVITY_NOT_IN_POA = _("Some chosen activities do not belong to POA %(year)s.")
CARRY_OVER_MUST_BE_COPIED = _("An activity that carries over unfinished work must be copied.")
POA_ALREADY_APPROVED = _("This POA is already approved.")
POA_EMPTY = _("A POA without activities cannot be approved.")
APPROVAL_DATE_REQUIRED = _("Give the date of the approval.")

# What the ST may reword on each level (SPEC §4; the source's numbering stays as loaded).
EDITABLE_FIELDS: dict[type[Model], tuple[str, ...]] = {
    StrategicPlan: ("name", "vision", "mission", "general_objective"),
    PlanStatement: ("name", "description"),
    Axis: ("name", "definition"),
    StrategicObjective: ("text",),
    ExpectedResult: ("text",),
    Indicator: ("text", "kind", "unit", "baseline", "target_2027"),
    POA: ("presentation",),
    OperationalObjective: ("text", "note"),
    Activity: (
        "description",
        "goal",
        "indicator",
        "responsible_text",
        "semester_1",
        "semester_2",
        "source_note",
    ),
}


def _save(obj: Model, user: User, update_fields: list[str] | None = None) -> None:
    """full_clean() then save(), recording who changed it in the history."""
    obj.full_clean()
    obj._history_user = user
    obj.save(update_fields=update_fields)


# --- Wording ---------------------------------------------------------------------------


@transaction.atomic
def plan_item_update(*, user: User, item: Model, **fields) -> Model:
    """Reword an element of the plan or of a POA; the previous wording stays in its history."""
    ensure_secretariat(user)
    allowed = EDITABLE_FIELDS.get(type(item), ())
    for name in fields:
        if name not in allowed:
            raise ValidationError(
                FIELD_NOT_EDITABLE, code="field_not_editable", params={"field": name}
            )
    changed = [name for name, value in fields.items() if getattr(item, name) != value]
    if not changed:
        return item
    for name in changed:
        setattr(item, name, fields[name])
    _save(item, user, update_fields=changed)
    return item


@transaction.atomic
def activity_update(
    *, user: User, activity: Activity, responsibles: list[str] | None = None, **fields
) -> Activity:
    """Change an activity's wording, semester targets (0–100, validated by the model) and,
    when given, its responsible parties."""
    plan_item_update(user=user, item=activity, **fields)
    if responsibles is not None:
        activity_set_responsibles(user=user, activity=activity, tokens=responsibles)
    return activity


@transaction.atomic
def activity_set_responsibles(*, user: User, activity: Activity, tokens: Iterable[str]) -> None:
    """Replace the responsible parties with `tokens` ("plenary", "presidency",
    "technical_secretariat", "petit_committee", "national_bodies", "committee:<name>",
    "body:<ACRONYM>"), keeping unchanged rows so their history stays meaningful."""
    ensure_secretariat(user)
    tokens = list(dict.fromkeys(t for t in tokens if t))
    if not tokens:
        raise ValidationError(RESPONSIBLE_REQUIRED, code="responsible_required")
    wanted = {}
    for token in tokens:
        try:
            fields = parse_responsible(token)
        except (ValueError, NationalBody.DoesNotExist, Committee.DoesNotExist) as exc:
            raise ValidationError(
                RESPONSIBLE_UNKNOWN, code="responsible_unknown", params={"token": token}
            ) from exc
        key = responsible_key(fields)
        wanted[key] = fields
    current = {(r.kind, r.committee_id, r.national_body_id): r for r in activity.responsibles.all()}
    for key, row in current.items():
        if key not in wanted:
            row._history_user = user
            row.delete()
    for key, fields in wanted.items():
        if key not in current:
            _save(ActivityResponsible(activity=activity, **fields), user)


# --- Weights ---------------------------------------------------------------------------


@transaction.atomic
def weights_set(
    *,
    user: User,
    parent: Model,
    weights: dict[int, Decimal | None],
    poa: POA | None = None,
) -> list[Model]:
    """Set the weights of a parent's children (SPEC §4, for the weighted results of §IX).

    Either every child gets a weight, each in (0, 100] and together exactly 100, or every
    weight is empty, which means equal shares. For a strategic objective the children are its
    operational objectives in `poa`."""
    ensure_secretariat(user)
    children = weight_children(parent=parent, poa=poa)
    label = str(parent)
    if set(weights) != {c.pk for c in children}:
        raise ValidationError(
            WEIGHTS_WRONG_CHILDREN, code="weights_wrong_children", params={"parent": label}
        )
    values = list(weights.values())
    if any(v is None for v in values) and not all(v is None for v in values):
        raise ValidationError(
            WEIGHTS_ALL_OR_NONE, code="weights_all_or_none", params={"parent": label}
        )
    if values and values[0] is not None:
        values = [Decimal(v) for v in values]
        for v in values:
            validate_weight(v)
        total = sum(values, Decimal(0))
        if total != Decimal(100):
            raise ValidationError(
                WEIGHTS_MUST_SUM_100,
                code="weights_must_sum_100",
                params={"parent": label, "total": total.normalize()},
            )
    for child in children:
        new = weights[child.pk]
        new = None if new is None else Decimal(new)
        if child.weight != new:
            child.weight = new
            _save(child, user, update_fields=["weight"])
    return children


# --- Indicators ------------------------------------------------------------------------


@transaction.atomic
def indicator_measurement_record(
    *,
    user: User,
    indicator: Indicator,
    year: int,
    value: Decimal,
    country: Country | None = None,
    source: str = "",
    note: str = "",
) -> IndicatorMeasurement:
    """Record (or correct) the value of an indicator for a year, for the region or one
    country. Indicators the platform computes from its own records (Indicator.measure other
    than manual: instruments, good practices, alliances, joint actions, agreements fulfilled,
    meeting participation) are refused: typing them would contradict the records (issue #6:
    "manual entry stays possible only for indicators with no source in the platform")."""
    ensure_secretariat(user)
    if indicator.is_computed:
        raise ValidationError(INDICATOR_IS_COMPUTED, code="indicator_is_computed")
    plan = StrategicPlan.objects.get(axes__objectives__results__indicators=indicator)
    if not plan.start_year <= year <= plan.end_year:
        raise ValidationError(
            YEAR_OUTSIDE_PLAN,
            code="year_outside_plan",
            params={"year": year, "start": plan.start_year, "end": plan.end_year},
        )
    value = Decimal(value)
    if indicator.kind == Indicator.Kind.PERCENTAGE and not 0 <= value <= 100:
        raise ValidationError(PERCENTAGE_OUT_OF_RANGE, code="percentage_out_of_range")
    if indicator.kind == Indicator.Kind.MILESTONE and value not in (0, 1):
        raise ValidationError(MILESTONE_IS_YES_NO, code="milestone_is_yes_no")
    if indicator.kind == Indicator.Kind.COUNT and value < 0:
        raise ValidationError(NEGATIVE_COUNT, code="negative_count")
    measurement = (
        IndicatorMeasurement.objects.select_for_update(of=("self",))
        .filter(indicator=indicator, year=year, country=country)
        .first()
    ) or IndicatorMeasurement(indicator=indicator, year=year, country=country)
    measurement.value = value
    measurement.source = source.strip()
    measurement.note = note.strip()
    _save(measurement, user)
    return measurement


# --- POAs ------------------------------------------------------------------------------


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
    - if some activities of an operational objective are left out and the remaining explicit
      weights no longer add up to 100, that objective's copied activities fall back to equal
      shares (weights empty) rather than carrying an invalid weighting.
    """
    ensure_secretariat(user)
    if POA.objects.filter(year=year).exists():
        raise ValidationError(POA_YEAR_EXISTS, code="poa_year_exists", params={"year": year})
    plan = source_poa.plan
    if not plan.start_year <= year <= plan.end_year:
        raise ValidationError(
            YEAR_OUTSIDE_PLAN,
            code="year_outside_plan",
            params={"year": year, "start": plan.start_year, "end": plan.end_year},
        )
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
    _save(new_poa, user)
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
        _save(new_op, user)
        op_map[op.pk] = new_op

    by_op: dict[int, list[Activity]] = {}
    for activity in source_activities:
        by_op.setdefault(activity.operational_objective_id, []).append(activity)
    for op_id, activities in by_op.items():
        kept = [a for a in activities if a.pk in copy_ids]
        weights = [a.weight for a in kept]
        keep_weights = len(kept) == len(activities) or (
            all(w is not None for w in weights) and sum(weights, Decimal(0)) == 100
        )
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
            _save(new, user)
            for r in activity.responsibles.all():
                _save(
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
    _save(poa, user, update_fields=["status", "approved_on", "approving_agreement"])
    return poa


# --- Plan evidence records (issue #6) ------------------------------------------------------
#
# Focal points register their own country's records, ST anything; only ST validates, and
# only validated records count in the indicators (plans.indicators). A focal point's change
# to a validated record withdraws its validation, so nothing counts that ST has not seen.

EVIDENCE_REQUIRED = _("Give the evidence: upload a document or give a link.")
DATE_IN_FUTURE = _("The date %(date)s is in the future; record it once it has happened.")
STAGE_OUT_OF_ORDER = _(
    "The stage “%(stage)s” cannot be dated before an earlier stage or after a later one."
)
STAGE_EXISTS = _("This instrument already has the stage “%(stage)s”; correct that one instead.")
INDICATOR_NOT_FROM_INSTRUMENTS = _("This indicator is not measured from instruments.")
INSTRUMENT_KIND_MISMATCH = _("This indicator counts documents of type “%(kind)s”.")
INSTRUMENT_NEEDS_COUNTRY = _("This indicator counts national instruments: choose the country.")
INSTRUMENT_MUST_BE_REGIONAL = _(
    "This indicator counts a regional instrument of the Coalition: leave the country empty."
)
REPLICATION_IN_ORIGIN_COUNTRY = _(
    "A replication is the adoption of the practice by another country than the one it comes from."
)
REPLICATION_EXISTS = _("This country's adoption of the practice is already recorded.")
ACTORS_REQUIRED = _("A joint action needs at least one actor.")
END_DATE_REQUIRED = _("An ended alliance needs its end date.")
ALREADY_VALIDATED = _("This record is already validated.")
NOT_VALIDATED = _("This record is not validated.")
NOT_A_RECORD = _("This kind of record is not validated.")

INSTRUMENT_FIELDS = ("kind", "country", "title", "indicator", "description", "evidence_url")
STAGE_FIELDS = ("stage", "date", "approved_by", "approving_act", "note", "evidence_url")
PRACTICE_FIELDS = ("title", "country", "institution", "axis", "description", "evidence_url")
REPLICATION_FIELDS = ("country", "institution", "date", "description", "evidence_url")
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


def _ensure_not_future(day: dt.date, field: str = "date") -> None:
    """Stages, adoptions and joint actions are facts: a future date would count early."""
    if day and day > timezone.localdate():
        raise ValidationError(
            {field: ValidationError(DATE_IN_FUTURE, code="date_in_future", params={"date": day})}
        )


def _attach_evidence(record: WithEvidence, evidence_file: UploadedFile | None) -> None:
    if evidence_file is not None:
        validate_document_upload(evidence_file)
        # Assigned, not saved: Django writes the file when the row is saved, after every
        # check passed, so a refused record leaves no file behind.
        record.evidence_file = evidence_file


def _require_evidence(record: WithEvidence) -> None:
    if not record.has_evidence:
        raise ValidationError(EVIDENCE_REQUIRED, code="evidence_required")


def _assign(record: Model, fields: dict, allowed: tuple[str, ...]) -> list[str]:
    """Set the allowed fields that differ; refuse unknown ones (same rule as the plan)."""
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


def _withdraw_if_not_st(record: RegisteredRecord, user: User) -> None:
    """A focal point's change must be seen again by ST before it counts."""
    if not user.is_secretariat:
        record.validated_at = None
        record.validated_by = None


def _check_serves(*, kind: str, country: Country | None, indicator: Indicator | None) -> None:
    """An instrument that serves an indicator must be of the type and scope it counts, or it
    would silently not count (or count where it should not)."""
    if indicator is None:
        return
    if indicator.measure != Indicator.Measure.INSTRUMENT_STAGE:
        raise ValidationError(
            {
                "indicator": ValidationError(
                    INDICATOR_NOT_FROM_INSTRUMENTS, code="indicator_not_from_instruments"
                )
            }
        )
    if kind != indicator.instrument_kind:
        raise ValidationError(
            {
                "kind": ValidationError(
                    INSTRUMENT_KIND_MISMATCH,
                    code="instrument_kind_mismatch",
                    params={"kind": indicator.get_instrument_kind_display()},
                )
            }
        )
    if indicator.instrument_scope == Scope.NATIONAL and country is None:
        raise ValidationError(
            {"country": ValidationError(INSTRUMENT_NEEDS_COUNTRY, code="instrument_scope_mismatch")}
        )
    if indicator.instrument_scope == Scope.REGIONAL and country is not None:
        raise ValidationError(
            {
                "country": ValidationError(
                    INSTRUMENT_MUST_BE_REGIONAL, code="instrument_scope_mismatch"
                )
            }
        )


@transaction.atomic
def instrument_create(
    *,
    user: User,
    kind: str,
    title: str,
    country: Country | None = None,
    indicator: Indicator | None = None,
    description: str = "",
    evidence_file: UploadedFile | None = None,
    evidence_url: str = "",
) -> PlanInstrument:
    """Register a strategy, protocol, procedure... (issue #6). Its stages come next."""
    ensure_can_register_for(user, country)
    _check_serves(kind=kind, country=country, indicator=indicator)
    instrument = PlanInstrument(
        kind=kind,
        title=title.strip(),
        country=country,
        indicator=indicator,
        result_id=indicator.result_id if indicator else None,
        description=description.strip(),
        evidence_url=evidence_url or "",
        registered_by=user,
    )
    _attach_evidence(instrument, evidence_file)
    _save(instrument, user)
    return instrument


@transaction.atomic
def instrument_update(
    *,
    user: User,
    instrument: PlanInstrument,
    evidence_file: UploadedFile | None = None,
    **fields,
) -> PlanInstrument:
    ensure_can_register_for(user, instrument.country_id)
    instrument = PlanInstrument.objects.select_for_update(of=("self",)).get(pk=instrument.pk)
    changed = _assign(instrument, fields, INSTRUMENT_FIELDS)
    ensure_can_register_for(user, instrument.country_id)  # not moved to another country
    _check_serves(kind=instrument.kind, country=instrument.country, indicator=instrument.indicator)
    instrument.result_id = (
        instrument.indicator.result_id if instrument.indicator_id else instrument.result_id
    )
    if evidence_file is not None:
        _attach_evidence(instrument, evidence_file)
        changed.append("evidence_file")
    if changed:
        _withdraw_if_not_st(instrument, user)
        _save(instrument, user)
    return instrument


def _check_stage_order(row: InstrumentStage) -> None:
    """Dated stages follow their order: approval cannot precede drafting, implementation
    cannot precede approval (equal dates are allowed)."""
    for other in row.instrument.stages.exclude(pk=row.pk):
        if (other.stage < row.stage and other.date > row.date) or (
            other.stage > row.stage and other.date < row.date
        ):
            raise ValidationError(
                {
                    "date": ValidationError(
                        STAGE_OUT_OF_ORDER,
                        code="stage_out_of_order",
                        params={"stage": row.get_stage_display()},
                    )
                }
            )


@transaction.atomic
def instrument_stage_create(
    *,
    user: User,
    instrument: PlanInstrument,
    stage: int,
    date: dt.date,
    approved_by: str = "",
    approving_act: str = "",
    note: str = "",
    evidence_file: UploadedFile | None = None,
    evidence_url: str = "",
) -> InstrumentStage:
    """Date a stage of an instrument, with its evidence (and, for an approval, who approved
    it and by which agreement or legal act)."""
    ensure_can_register_for(user, instrument.country_id)
    instrument = PlanInstrument.objects.select_for_update(of=("self",)).get(pk=instrument.pk)
    stage = int(stage)
    if instrument.stages.filter(stage=stage).exists():
        raise ValidationError(
            STAGE_EXISTS, code="stage_exists", params={"stage": Stage(stage).label}
        )
    _ensure_not_future(date)
    row = InstrumentStage(
        instrument=instrument,
        stage=stage,
        date=date,
        approved_by=approved_by.strip(),
        approving_act=approving_act.strip(),
        note=note.strip(),
        evidence_url=evidence_url or "",
        registered_by=user,
    )
    _attach_evidence(row, evidence_file)
    _require_evidence(row)
    _check_stage_order(row)
    _save(row, user)
    return row


@transaction.atomic
def instrument_stage_update(
    *,
    user: User,
    stage_row: InstrumentStage,
    evidence_file: UploadedFile | None = None,
    **fields,
) -> InstrumentStage:
    row = (
        InstrumentStage.objects.select_for_update(of=("self",))
        .select_related("instrument")
        .get(pk=stage_row.pk)
    )
    ensure_can_register_for(user, row.instrument.country_id)
    if "stage" in fields:
        fields["stage"] = int(fields["stage"])
        if (
            fields["stage"] != row.stage
            and row.instrument.stages.filter(stage=fields["stage"]).exists()
        ):
            raise ValidationError(
                STAGE_EXISTS, code="stage_exists", params={"stage": Stage(fields["stage"]).label}
            )
    changed = _assign(row, fields, STAGE_FIELDS)
    _ensure_not_future(row.date)
    if evidence_file is not None:
        _attach_evidence(row, evidence_file)
        changed.append("evidence_file")
    _require_evidence(row)
    _check_stage_order(row)
    if changed:
        _withdraw_if_not_st(row, user)
        _save(row, user)
    return row


@transaction.atomic
def good_practice_create(
    *,
    user: User,
    title: str,
    country: Country,
    institution: str,
    axis: Axis,
    description: str,
    evidence_file: UploadedFile | None = None,
    evidence_url: str = "",
) -> GoodPractice:
    """003 §IV.2: a practice implemented with positive results, with its evidence."""
    ensure_can_register_for(user, country)
    practice = GoodPractice(
        title=title.strip(),
        country=country,
        institution=institution.strip(),
        axis=axis,
        description=description.strip(),
        evidence_url=evidence_url or "",
        registered_by=user,
    )
    _attach_evidence(practice, evidence_file)
    _require_evidence(practice)
    _save(practice, user)
    return practice


@transaction.atomic
def good_practice_update(
    *,
    user: User,
    practice: GoodPractice,
    evidence_file: UploadedFile | None = None,
    **fields,
) -> GoodPractice:
    ensure_can_register_for(user, practice.country_id)
    practice = GoodPractice.objects.select_for_update(of=("self",)).get(pk=practice.pk)
    changed = _assign(practice, fields, PRACTICE_FIELDS)
    ensure_can_register_for(user, practice.country_id)
    if evidence_file is not None:
        _attach_evidence(practice, evidence_file)
        changed.append("evidence_file")
    _require_evidence(practice)
    if practice.replications.filter(country_id=practice.country_id).exists():
        raise ValidationError(REPLICATION_IN_ORIGIN_COUNTRY, code="replication_in_origin_country")
    if changed:
        _withdraw_if_not_st(practice, user)
        _save(practice, user)
    return practice


def _check_replication(row: Replication) -> None:
    if row.country_id == row.practice.country_id:
        raise ValidationError(
            {
                "country": ValidationError(
                    REPLICATION_IN_ORIGIN_COUNTRY, code="replication_in_origin_country"
                )
            }
        )
    if (
        Replication.objects.filter(practice_id=row.practice_id, country_id=row.country_id)
        .exclude(pk=row.pk)
        .exists()
    ):
        raise ValidationError(
            {"country": ValidationError(REPLICATION_EXISTS, code="replication_exists")}
        )


@transaction.atomic
def replication_create(
    *,
    user: User,
    practice: GoodPractice,
    country: Country,
    date: dt.date,
    institution: str = "",
    description: str = "",
    evidence_file: UploadedFile | None = None,
    evidence_url: str = "",
) -> Replication:
    """The adopting country's focal point (or ST) records that it replicated a practice of
    another member country."""
    ensure_can_register_for(user, country)
    _ensure_not_future(date)
    row = Replication(
        practice=practice,
        country=country,
        date=date,
        institution=institution.strip(),
        description=description.strip(),
        evidence_url=evidence_url or "",
        registered_by=user,
    )
    _check_replication(row)
    _attach_evidence(row, evidence_file)
    _require_evidence(row)
    _save(row, user)
    return row


@transaction.atomic
def replication_update(
    *,
    user: User,
    replication: Replication,
    evidence_file: UploadedFile | None = None,
    **fields,
) -> Replication:
    row = (
        Replication.objects.select_for_update(of=("self",))
        .select_related("practice")
        .get(pk=replication.pk)
    )
    ensure_can_register_for(user, row.country_id)
    changed = _assign(row, fields, REPLICATION_FIELDS)
    ensure_can_register_for(user, row.country_id)
    _ensure_not_future(row.date)
    _check_replication(row)
    if evidence_file is not None:
        _attach_evidence(row, evidence_file)
        changed.append("evidence_file")
    _require_evidence(row)
    if changed:
        _withdraw_if_not_st(row, user)
        _save(row, user)
    return row


@transaction.atomic
def actor_create(*, user: User, **fields) -> Actor:
    """Add an actor to the directory (POA 2018 activity 4.1.1.1, ST and Presidency)."""
    ensure_can_manage_actors(user)
    actor = Actor(registered_by=user)
    _assign(actor, fields, ACTOR_FIELDS)
    _save(actor, user)
    return actor


@transaction.atomic
def actor_update(*, user: User, actor: Actor, **fields) -> Actor:
    ensure_can_manage_actors(user)
    actor = Actor.objects.select_for_update(of=("self",)).get(pk=actor.pk)
    if _assign(actor, fields, ACTOR_FIELDS):
        _save(actor, user)
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
    _attach_evidence(alliance, evidence_file)
    _save(alliance, user)
    return alliance


@transaction.atomic
def alliance_update(
    *,
    user: User,
    alliance: Alliance,
    evidence_file: UploadedFile | None = None,
    **fields,
) -> Alliance:
    ensure_can_register_for(user, alliance.country_id)
    alliance = Alliance.objects.select_for_update(of=("self",)).get(pk=alliance.pk)
    changed = _assign(alliance, fields, ALLIANCE_FIELDS)
    ensure_can_register_for(user, alliance.country_id)
    _check_alliance(alliance)
    if evidence_file is not None:
        _attach_evidence(alliance, evidence_file)
        changed.append("evidence_file")
    if changed:
        _withdraw_if_not_st(alliance, user)
        _save(alliance, user)
    return alliance


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
    actors = list(actors)
    if not actors:
        raise ValidationError({"actors": ValidationError(ACTORS_REQUIRED, code="actors_required")})
    _ensure_not_future(date)
    action = JointAction(
        date=date,
        title=title.strip(),
        country=country,
        description=description.strip(),
        evidence_url=evidence_url or "",
        registered_by=user,
    )
    _attach_evidence(action, evidence_file)
    _require_evidence(action)
    _save(action, user)
    action.actors.set(actors)
    return action


@transaction.atomic
def joint_action_update(
    *,
    user: User,
    joint_action: JointAction,
    actors: Iterable[Actor] | None = None,
    evidence_file: UploadedFile | None = None,
    **fields,
) -> JointAction:
    ensure_can_register_for(user, joint_action.country_id)
    action = JointAction.objects.select_for_update(of=("self",)).get(pk=joint_action.pk)
    changed = _assign(action, fields, JOINT_ACTION_FIELDS)
    ensure_can_register_for(user, action.country_id)
    _ensure_not_future(action.date)
    if evidence_file is not None:
        _attach_evidence(action, evidence_file)
        changed.append("evidence_file")
    _require_evidence(action)
    if actors is not None:
        actors = list(actors)
        if not actors:
            raise ValidationError(
                {"actors": ValidationError(ACTORS_REQUIRED, code="actors_required")}
            )
        if {a.pk for a in actors} != set(action.actors.values_list("pk", flat=True)):
            changed.append("actors")
    if changed:
        _withdraw_if_not_st(action, user)
        _save(action, user)
        if actors is not None:
            action.actors.set(actors)
    return action


VALIDATED_RECORDS = (
    PlanInstrument,
    InstrumentStage,
    GoodPractice,
    Replication,
    Alliance,
    JointAction,
)
EVIDENCE_BEFORE_VALIDATION = (InstrumentStage, GoodPractice, Replication, JointAction)


@transaction.atomic
def record_validate(*, user: User, record: RegisteredRecord) -> RegisteredRecord:
    """ST validates a record; from then on it counts in the indicators (issue #6)."""
    ensure_can_validate(user)
    model = type(record)
    if model not in VALIDATED_RECORDS:
        raise ValidationError(NOT_A_RECORD, code="not_a_record")
    record = model.objects.select_for_update(of=("self",)).get(pk=record.pk)
    if record.is_validated:
        raise ValidationError(ALREADY_VALIDATED, code="already_validated")
    if model in EVIDENCE_BEFORE_VALIDATION:
        _require_evidence(record)
    record.validated_at = timezone.now()
    record.validated_by = user
    _save(record, user, update_fields=["validated_at", "validated_by"])
    return record


@transaction.atomic
def record_validation_withdraw(*, user: User, record: RegisteredRecord) -> RegisteredRecord:
    """ST withdraws a validation (a record found wrong); it stops counting, and the
    history keeps who validated and who withdrew."""
    ensure_can_validate(user)
    model = type(record)
    if model not in VALIDATED_RECORDS:
        raise ValidationError(NOT_A_RECORD, code="not_a_record")
    record = model.objects.select_for_update(of=("self",)).get(pk=record.pk)
    if not record.is_validated:
        raise ValidationError(NOT_VALIDATED, code="not_validated")
    record.validated_at = None
    record.validated_by = None
    _save(record, user, update_fields=["validated_at", "validated_by"])
    return record
