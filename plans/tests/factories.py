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


class StrategicObjectiveFactory(DjangoModelFactory):
    class Meta:
        model = StrategicObjective

    axis = factory.SubFactory(AxisFactory)
    code = factory.Sequence(lambda n: f"OE{n}")
    position = factory.Sequence(lambda n: n + 1)
    text = factory.LazyAttribute(lambda o: f"Objetivo estratégico {o.code}")


class ExpectedResultFactory(DjangoModelFactory):
    class Meta:
        model = ExpectedResult

    objective = factory.SubFactory(StrategicObjectiveFactory)
    code = factory.Sequence(lambda n: f"R{n}")
    position = factory.Sequence(lambda n: n + 1)
    text = "Al 2027 ..."


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator

    result = factory.SubFactory(ExpectedResultFactory)
    position = factory.Sequence(lambda n: n + 1)
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


class OperationalObjectiveFactory(DjangoModelFactory):
    class Meta:
        model = OperationalObjective

    poa = factory.SubFactory(POAFactory)
    strategic_objective = factory.SubFactory(
        StrategicObjectiveFactory, axis__plan=factory.SelfAttribute("...poa.plan")
    )
    code = factory.Sequence(lambda n: f"OO{n}")
    position = factory.Sequence(lambda n: n + 1)
    text = factory.LazyAttribute(lambda o: f"Objetivo operativo {o.code}")


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = Activity

    operational_objective = factory.SubFactory(OperationalObjectiveFactory)
    code = factory.Sequence(lambda n: f"A{n}")
    position = factory.Sequence(lambda n: n + 1)
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


# --- Plan evidence records (issue #6). Validated by default: they count unless a test says
# validated_at=None.


class PlanInstrumentFactory(DjangoModelFactory):
    class Meta:
        model = PlanInstrument

    kind = InstrumentKind.PROTOCOL
    title = factory.Sequence(lambda n: f"Protocolo {n}")
    country = None
    indicator = None
    evidence_url = "https://example.org/documento.pdf"
    validated_at = factory.LazyFunction(timezone.now)


class InstrumentStageFactory(DjangoModelFactory):
    class Meta:
        model = InstrumentStage

    instrument = factory.SubFactory(PlanInstrumentFactory)
    stage = 1
    date = dt.date(2019, 6, 1)
    evidence_url = "https://example.org/acta.pdf"
    validated_at = factory.LazyFunction(timezone.now)


class GoodPracticeFactory(DjangoModelFactory):
    class Meta:
        model = GoodPractice

    title = factory.Sequence(lambda n: f"Buena práctica {n}")
    institution = "Ministerio Público"
    description = "Experiencia implementada con resultados positivos."
    evidence_url = "https://example.org/practica.pdf"
    validated_at = factory.LazyFunction(timezone.now)


class ReplicationFactory(DjangoModelFactory):
    class Meta:
        model = Replication

    practice = factory.SubFactory(GoodPracticeFactory)
    date = dt.date(2020, 5, 1)
    evidence_url = "https://example.org/replica.pdf"
    validated_at = factory.LazyFunction(timezone.now)


class ActorFactory(DjangoModelFactory):
    class Meta:
        model = Actor

    name = factory.Sequence(lambda n: f"Espacio regional {n}")
    kind = ActorKind.REGIONAL_SPACE
    level = Level.REGIONAL


class AllianceFactory(DjangoModelFactory):
    class Meta:
        model = Alliance

    actor = factory.SubFactory(ActorFactory)
    type = Alliance.Type.TECHNICAL
    level = Level.REGIONAL
    start_date = dt.date(2019, 3, 1)
    status = Alliance.Status.IN_FORCE
    validated_at = factory.LazyFunction(timezone.now)


class JointActionFactory(DjangoModelFactory):
    class Meta:
        model = JointAction
        skip_postgeneration_save = True

    date = dt.date(2019, 6, 1)
    title = factory.Sequence(lambda n: f"Acción conjunta {n}")
    evidence_url = "https://example.org/informe.pdf"
    validated_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def actors(self, create, extracted, **kwargs):
        if create:
            self.actors.set(extracted if extracted is not None else [ActorFactory()])
