"""The plan's models, by sub-domain: the strategic plan and its indicators (plan), the annual
operating plans (poa), the plan's evidence records (records) and the actor directory with
alliances and joint actions (actors). Every model is imported here so Django registers it
and `from plans.models import X` keeps working."""

from plans.models.actors import (
    END_BEFORE_START,
    Actor,
    ActorKind,
    Alliance,
    JointAction,
    Level,
)
from plans.models.plan import (
    TARGET_OUT_OF_RANGE,
    WEIGHT_OUT_OF_RANGE,
    Axis,
    ExpectedResult,
    Indicator,
    IndicatorMeasurement,
    InstrumentKind,
    PlanStatement,
    Scope,
    Stage,
    StrategicObjective,
    StrategicPlan,
    validate_target,
    validate_weight,
    weight_field,
)
from plans.models.poa import POA, Activity, ActivityResponsible, OperationalObjective
from plans.models.records import (
    GoodPractice,
    InstrumentStage,
    PlanInstrument,
    RegisteredRecord,
    Replication,
    WithEvidence,
    evidence_upload_to,
)

__all__ = [
    "END_BEFORE_START",
    "POA",
    "TARGET_OUT_OF_RANGE",
    "WEIGHT_OUT_OF_RANGE",
    "Activity",
    "ActivityResponsible",
    "Actor",
    "ActorKind",
    "Alliance",
    "Axis",
    "ExpectedResult",
    "GoodPractice",
    "Indicator",
    "IndicatorMeasurement",
    "InstrumentKind",
    "InstrumentStage",
    "JointAction",
    "Level",
    "OperationalObjective",
    "PlanInstrument",
    "PlanStatement",
    "RegisteredRecord",
    "Replication",
    "Scope",
    "Stage",
    "StrategicObjective",
    "StrategicPlan",
    "WithEvidence",
    "evidence_upload_to",
    "validate_target",
    "validate_weight",
    "weight_field",
]
