from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from plans.models import (
    POA,
    Activity,
    ActivityResponsible,
    Axis,
    ExpectedResult,
    Indicator,
    OperationalObjective,
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
