from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from plans.models import (
    POA,
    Activity,
    ActivityResponsible,
    Actor,
    ActorKind,
    Alliance,
    Axis,
    ExpectedResult,
    GoodPractice,
    Indicator,
    InstrumentKind,
    InstrumentStage,
    JointAction,
    Level,
    OperationalObjective,
    PlanInstrument,
    Replication,
    StrategicObjective,
    StrategicPlan,
)


class StrategicPlanFactory(DjangoModelFactory):
    class Meta:
        model = StrategicPlan
        django_get_or_create = ("name", "start_year")

    name = "Plan Estratégico de prueba"
    start_year = 2018
    end_year = 2027
    vision = "Visión"
    mission = "Misión"
    general_objective = "Objetivo general"


class AxisFactory(DjangoModelFactory):
    class Meta:
        model = Axis

    plan = factory.SubFactory(StrategicPlanFactory)
    number = factory.Sequence(lambda n: n + 100)
    name = factory.LazyAttribute(lambda o: f"Eje {o.number}")
    definition = "Definición"


class PositionedFactory(DjangoModelFactory):
    """An element of the plan or of a POA, each after the previous one."""

    class Meta:
        abstract = True

    position = factory.Sequence(lambda n: n + 1)


class StrategicObjectiveFactory(PositionedFactory):
    class Meta:
        model = StrategicObjective

    axis = factory.SubFactory(AxisFactory)
    code = factory.Sequence(lambda n: f"OE{n}")
    text = factory.LazyAttribute(lambda o: f"Objetivo estratégico {o.code}")


class ExpectedResultFactory(PositionedFactory):
    class Meta:
        model = ExpectedResult

    objective = factory.SubFactory(StrategicObjectiveFactory)
    code = factory.Sequence(lambda n: f"R{n}")
    text = "Al 2027 ..."


class IndicatorFactory(PositionedFactory):
    class Meta:
        model = Indicator

    result = factory.SubFactory(ExpectedResultFactory)
    text = factory.Sequence(lambda n: f"Número de cosas {n}")
    kind = Indicator.Kind.COUNT
    unit = "cosas"


class POAFactory(DjangoModelFactory):
    class Meta:
        model = POA
        django_get_or_create = ("year",)

    plan = factory.SubFactory(StrategicPlanFactory)
    year = 2019
    status = POA.Status.DRAFT


class OperationalObjectiveFactory(PositionedFactory):
    class Meta:
        model = OperationalObjective

    poa = factory.SubFactory(POAFactory)
    strategic_objective = factory.SubFactory(
        StrategicObjectiveFactory, axis__plan=factory.SelfAttribute("...poa.plan")
    )
    code = factory.Sequence(lambda n: f"OO{n}")
    text = factory.LazyAttribute(lambda o: f"Objetivo operativo {o.code}")


class ActivityFactory(PositionedFactory):
    class Meta:
        model = Activity

    operational_objective = factory.SubFactory(OperationalObjectiveFactory)
    code = factory.Sequence(lambda n: f"A{n}")
    description = factory.LazyAttribute(lambda o: f"Actividad {o.code}")
    goal = "Meta"
    indicator = "Indicador"
    semester_1 = 50
    semester_2 = 50


class ActivityResponsibleFactory(DjangoModelFactory):
    class Meta:
        model = ActivityResponsible

    activity = factory.SubFactory(ActivityFactory)
    kind = ActivityResponsible.Kind.TECHNICAL_SECRETARIAT


# --- Plan evidence records (issue #6) ----------------------------------------------------


class RecordFactory(DjangoModelFactory):
    """Validated by default: a record counts unless a test says validated_at=None."""

    class Meta:
        abstract = True

    validated_at = factory.LazyFunction(timezone.now)


class PlanInstrumentFactory(RecordFactory):
    class Meta:
        model = PlanInstrument

    kind = InstrumentKind.PROTOCOL
    title = factory.Sequence(lambda n: f"Protocolo {n}")
    country = None
    indicator = None
    evidence_url = "https://example.org/documento.pdf"


class InstrumentStageFactory(RecordFactory):
    class Meta:
        model = InstrumentStage

    instrument = factory.SubFactory(PlanInstrumentFactory)
    stage = 1
    date = dt.date(2019, 6, 1)
    evidence_url = "https://example.org/acta.pdf"


class GoodPracticeFactory(RecordFactory):
    class Meta:
        model = GoodPractice

    title = factory.Sequence(lambda n: f"Buena práctica {n}")
    institution = "Ministerio Público"
    description = "Experiencia implementada con resultados positivos."
    evidence_url = "https://example.org/practica.pdf"


class ReplicationFactory(RecordFactory):
    class Meta:
        model = Replication

    practice = factory.SubFactory(GoodPracticeFactory)
    date = dt.date(2020, 5, 1)
    evidence_url = "https://example.org/replica.pdf"


class ActorFactory(DjangoModelFactory):
    class Meta:
        model = Actor

    name = factory.Sequence(lambda n: f"Espacio regional {n}")
    kind = ActorKind.REGIONAL_SPACE
    level = Level.REGIONAL


class AllianceFactory(RecordFactory):
    class Meta:
        model = Alliance

    actor = factory.SubFactory(ActorFactory)
    type = Alliance.Type.TECHNICAL
    level = Level.REGIONAL
    start_date = dt.date(2019, 3, 1)
    status = Alliance.Status.IN_FORCE


class JointActionFactory(RecordFactory):
    class Meta:
        model = JointAction
        skip_postgeneration_save = True

    date = dt.date(2019, 6, 1)
    title = factory.Sequence(lambda n: f"Acción conjunta {n}")
    evidence_url = "https://example.org/informe.pdf"

    @factory.post_generation
    def actors(self, create, extracted, **kwargs):
        if create:
            self.actors.set(extracted if extracted is not None else [ActorFactory()])
