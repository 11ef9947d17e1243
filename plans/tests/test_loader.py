"""The plan and POA 2018 as loaded must be the source's (seed 003 §VII and §X), exactly.

Expected strings are copied from /work/shared/seeds/003_24d105e080840b62.txt (lines 735, 757,
773–789), not from the data file, so a transcription slip in the YAML fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import call_command

from plans.loaders import load_plan
from plans.models import (
    POA,
    Activity,
    ActivityResponsible,
    Axis,
    ExpectedResult,
    Indicator,
    OperationalObjective,
    PlanStatement,
    StrategicObjective,
    StrategicPlan,
)

pytestmark = pytest.mark.django_db

SEED = Path("/work/shared/seeds/003_24d105e080840b62.txt")

# seed 003 line 735
OBJECTIVE_2_2 = (
    "Estandarizar una Estrategia Regional que asegure asistencia a personas objeto de tráfico "
    "ilícito de migrantes con necesidades de asistencia de conformidad con los instrumentos "
    "internacionales."
)
# seed 003 line 757
RESULT_3_2_1 = (
    "Al 2027 las instancias a cargo de la investigación y persecución cuentan con un "
    "procedimiento estándar de coordinación con las instancias competentes para la protección "
    "a las víctimas de trata de personas."
)
# seed 003 lines 773 and 775
INDICATORS_4_1 = [
    "Número de alianzas con otros espacios regionales.",
    "Número de acciones conjuntas con otros espacios regionales.",
]
# seed 003 lines 787 and 789
INDICATORS_4_3 = [
    "Número de acuerdos de la Coalición Regional cumplidos.",
    "Número de participación de los países miembros que participan en las reuniones "
    "ordinarias y extraordinarias de la Coalición Regional.",
]

# The POA 2018 matrix (seed 003 lines 1029–1083): code -> (I sem, II sem); None = empty cell.
SEMESTERS = {
    "1.1.1": (100, None),
    "1.1.2": (50, 50),
    "1.2.1": (100, None),
    "1.2.2": (50, 50),
    "2.1.1.1": (50, 50),
    "2.1.2.1": (None, 100),
    "2.1.3.1": (100, 100),
    "2.1.3.2": (100, None),
    "2.1.3.3": (50, 50),
    "2.1.3.4": (None, 100),
    "2.2.1.1": (50, 50),
    "3.1.1.1": (50, 50),
    "3.2.1.1": (50, 50),
    "4.1.1.1": (50, 50),
    "4.1.1.2": (50, 50),
    "4.1.2.1": (100, None),
    "4.1.2.2": (50, 50),
    "4.1.3.1": (100, None),
    "4.1.3.2": (50, 50),
}

# Responsible column of the matrix, as tokens.
RESPONSIBLES = {
    "1.1.1": {"plenary"},
    "1.1.2": {"petit_committee"},
    "1.2.1": {"plenary"},
    "1.2.2": {"petit_committee"},
    "2.1.1.1": {"plenary"},
    "2.1.2.1": {"technical_secretariat"},
    "2.1.3.1": {"national_bodies"},
    "2.1.3.2": {"national_bodies", "technical_secretariat", "presidency"},
    "2.1.3.3": {"national_bodies", "technical_secretariat", "presidency"},
    "2.1.3.4": {"technical_secretariat", "presidency"},
    "2.2.1.1": {"national_bodies", "technical_secretariat", "presidency"},
    "3.1.1.1": {"technical_secretariat", "presidency"},
    "3.2.1.1": {"national_bodies", "technical_secretariat", "presidency"},
    "4.1.1.1": {"technical_secretariat", "presidency"},
    "4.1.1.2": {"national_bodies", "technical_secretariat", "presidency"},
    "4.1.2.1": {"plenary"},
    "4.1.2.2": {"petit_committee"},
    "4.1.3.1": {"plenary"},
    "4.1.3.2": {"petit_committee"},
}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_the_plan_has_four_axes_with_their_names(plan_loaded):
    plan = StrategicPlan.objects.get()
    assert (plan.name, plan.start_year, plan.end_year) == ("Plan Estratégico 2018-2027", 2018, 2027)
    assert list(Axis.objects.order_by("number").values_list("number", "name")) == [
        (1, "Prevención"),
        (2, "Atención Integral"),
        (3, "Persecución de los delitos de trata de personas y de tráfico ilícito de migrantes"),
        (
            4,
            "Fortalecimiento Institucional de la Coalición Regional contra la trata de personas "
            "y tráfico ilícito de migrantes",
        ),
    ]
    assert plan.vision.startswith("Ser referente a nivel regional")
    assert plan.general_objective.endswith(
        "por medio de los espacios nacionales de los Estados Parte."
    )
    assert PlanStatement.objects.filter(kind="value").count() == 8
    assert PlanStatement.objects.filter(kind="principle").count() == 3
    assert PlanStatement.objects.filter(kind="approach").count() == 4


def test_six_strategic_objectives_and_nine_results(plan_loaded):
    assert list(
        StrategicObjective.objects.order_by("axis__number", "position").values_list(
            "axis__number", "code"
        )
    ) == [(1, "1"), (2, "2.1"), (2, "2.2"), (3, "3.1"), (3, "3.2"), (4, "4.1")]
    assert StrategicObjective.objects.get(code="2.2").text == OBJECTIVE_2_2
    results = list(
        ExpectedResult.objects.order_by(
            "objective__axis__number", "objective__position", "position"
        ).values_list("objective__code", "code")
    )
    assert results == [
        ("1", "1"),
        ("2.1", "2.1"),
        ("2.1", "2.2"),
        ("2.2", "2.1"),  # the source numbers objective 2.2's result "2.1"
        ("3.1", "3.1"),
        ("3.2", "3.2.1"),
        ("4.1", "4.1"),
        ("4.1", "4.2"),
        ("4.1", "4.3"),
    ]
    assert ExpectedResult.objects.get(code="3.2.1").text == RESULT_3_2_1


def test_twelve_indicators_with_source_wording(plan_loaded):
    assert Indicator.objects.count() == 12
    assert Indicator.objects.filter(kind="milestone").count() == 4
    assert Indicator.objects.filter(kind="count").count() == 8
    r41 = ExpectedResult.objects.get(objective__code="4.1", code="4.1")
    assert [i.text for i in r41.indicators.order_by("position")] == INDICATORS_4_1
    r43 = ExpectedResult.objects.get(objective__code="4.1", code="4.3")
    indicators = list(r43.indicators.order_by("position"))
    assert [i.text for i in indicators] == INDICATORS_4_3
    assert [i.computed_from for i in indicators] == [
        "agreements_fulfilled",
        "meeting_participation",
    ]
    assert all(i.is_computed for i in indicators)
    assert Indicator.objects.exclude(computed_from="").count() == 2


def test_every_plan_text_appears_verbatim_in_the_source(plan_loaded):
    """Whitespace aside (the extraction breaks lines), every sentence loaded for §VI–VII is
    in seed 003."""
    source = _norm(SEED.read_text(encoding="utf-8"))
    plan = StrategicPlan.objects.get()
    texts = [plan.vision, plan.mission, plan.general_objective]
    texts += [s.description for s in PlanStatement.objects.all()]
    texts += [a.definition for a in Axis.objects.all()]
    texts += list(StrategicObjective.objects.values_list("text", flat=True))
    texts += list(ExpectedResult.objects.values_list("text", flat=True))
    texts += list(Indicator.objects.values_list("text", flat=True))
    missing = [t for t in texts if _norm(t) not in source]
    assert missing == []


def test_poa_2018_has_eleven_operational_objectives(plan_loaded):
    poa = plan_loaded
    assert poa.is_approved
    codes = list(poa.operational_objectives.order_by("position").values_list("code", flat=True))
    assert codes == [
        "1.1", "1.2", "2.1.1", "2.1.2", "2.1.3", "2.2.1", "3.1.1", "3.2.1", "4.1.1", "4.1.2",
        "4.1.3",
    ]  # fmt: skip
    parents = dict(poa.operational_objectives.values_list("code", "strategic_objective__code"))
    assert parents["3.2.1"] == "3.2" and parents["2.2.1"] == "2.2" and parents["1.2"] == "1"
    op = OperationalObjective.objects.get(poa=poa, code="3.2.1")
    assert op.source_code == "3.1.2"
    assert "3.1.2" in op.note


def test_poa_2018_has_nineteen_activities_with_the_matrix_semesters(plan_loaded):
    activities = Activity.objects.filter(operational_objective__poa=plan_loaded)
    assert activities.count() == 19
    per_objective = {
        op.code: op.activities.count() for op in plan_loaded.operational_objectives.all()
    }
    assert per_objective == {
        "1.1": 2, "1.2": 2, "2.1.1": 1, "2.1.2": 1, "2.1.3": 4, "2.2.1": 1, "3.1.1": 1,
        "3.2.1": 1, "4.1.1": 2, "4.1.2": 2, "4.1.3": 2,
    }  # fmt: skip
    assert {a.code: (a.semester_1, a.semester_2) for a in activities} == SEMESTERS
    patterns = [(a.semester_1, a.semester_2) for a in activities]
    assert patterns.count((100, None)) == 5
    assert patterns.count((None, 100)) == 2
    assert patterns.count((100, 100)) == 1
    assert patterns.count((50, 50)) == 11


def test_every_activity_has_the_matrix_responsibles(plan_loaded):
    found: dict[str, set[str]] = {}
    for r in ActivityResponsible.objects.select_related("activity"):
        found.setdefault(r.activity.code, set()).add(r.token)
    assert found == RESPONSIBLES


def test_goal_and_indicator_of_each_activity_are_in_the_matrix(plan_loaded):
    """The goal (meta) and indicator cells come from the §X matrix (seed lines 1029–1083).
    Two cells were repaired by the transcriber and are checked on their own below."""
    matrix = _norm("\n".join(SEED.read_text(encoding="utf-8").splitlines()[1022:1084]))
    for a in Activity.objects.filter(operational_objective__poa=plan_loaded):
        for line in a.indicator.splitlines():
            assert _norm(line) in matrix, (a.code, line)
        if a.code not in ("3.2.1.1",):
            assert _norm(a.goal) in matrix, (a.code, a.goal)
        assert a.responsible_text and _norm(a.responsible_text) in matrix, a.code
    a = Activity.objects.get(code="3.2.1.1")
    assert a.goal == (
        "Países miembros realizan sus coordinaciones y articulaciones para la persecución y "
        "sanción de la trata de personas y la protección a las víctimas."
    )
    assert Activity.objects.get(code="4.1.1.2").goal == "Fortalecidas las alianzas."
    assert Activity.objects.get(code="2.1.3.2").indicator == (
        "Número de minutos o reportes de la sesión de socialización\n"
        "Número de protocolos revisados y adecuados"
    )
    a = Activity.objects.get(code="1.1.1")
    assert (a.goal, a.indicator) == (
        "Comité de elaboración conformado y aprobado",
        "Número de Acuerdos tomados por el Comité",
    )


def test_second_run_changes_nothing_and_writes_no_history(coalition):
    first = load_plan()
    assert first["axes"] == 4 and first["activities"] == 19 and first["indicators"] == 12
    counts = {m: m.history.count() for m in (Axis, Indicator, Activity, ActivityResponsible)}
    second = load_plan()
    assert set(second.values()) == {0}
    assert {m: m.history.count() for m in counts} == counts


def test_loader_keeps_what_the_secretariat_edited(plan_loaded, st_user):
    from plans import services

    activity = Activity.objects.get(code="1.1.2")
    services.activity_update(
        user=st_user, activity=activity, goal="Línea Base corregida", responsibles=["presidency"]
    )
    assert set(load_plan().values()) == {0}
    activity.refresh_from_db()
    assert activity.goal == "Línea Base corregida"
    assert [r.kind for r in activity.responsibles.all()] == ["presidency"]


def test_load_coalition_command_loads_the_plan_too(db, capsys):
    call_command("load_coalition")
    call_command("load_coalition")
    out = capsys.readouterr().out
    assert "plans: loaded" in out
    assert POA.objects.get().year == 2018
    assert Activity.objects.count() == 19
