"""Factories and builders of the monitoring tests. A small POA whose numbers are easy to
compute by hand, and a builder of large synthetic POAs for the query-count and timing
tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from members.models import Country, Membership, NationalBody, User
from members.tests.factories import UserFactory
from monitoring import services
from monitoring.models import ProgressEntry, ProgressReport, ReportingPeriod
from plans.models import POA, Activity, ActivityResponsible, OperationalObjective
from plans.tests.factories import (
    ActivityFactory,
    ActivityResponsibleFactory,
    AxisFactory,
    OperationalObjectiveFactory,
    POAFactory,
    StrategicObjectiveFactory,
)

OPENS = dt.date(2019, 6, 1)
DUE = dt.date(2019, 7, 15)


class ReportingPeriodFactory(DjangoModelFactory):
    class Meta:
        model = ReportingPeriod

    poa = factory.SubFactory(POAFactory, status="approved")
    semester = 1
    opens_on = OPENS
    due_on = DUE
    opened_by = factory.SubFactory(UserFactory, role=User.Role.SECRETARIAT)


def small_poa(year: int = 2019) -> POA:
    """POA with two axes, hand-computable:

    axis 1 → objective 1 → operational objective 1.1 with activities 1.1.1 (weight 70) and
    1.1.2 (weight 30), both for "all national bodies", 50% / 50% planned;
    axis 2 → objective 2 → operational objective 2.1 with 2.1.1, a document goal that only
    the Technical Secretariat holds (regional report), 100% planned in semester I."""
    poa = POAFactory(year=year, status=POA.Status.APPROVED)
    axis1 = AxisFactory(plan=poa.plan, number=1, name="Prevención")
    axis2 = AxisFactory(plan=poa.plan, number=2, name="Atención")
    so1 = StrategicObjectiveFactory(axis=axis1, code="1", position=1)
    so2 = StrategicObjectiveFactory(axis=axis2, code="2", position=1)
    op1 = OperationalObjectiveFactory(poa=poa, strategic_objective=so1, code="1.1", position=1)
    op2 = OperationalObjectiveFactory(poa=poa, strategic_objective=so2, code="2.1", position=2)
    a1 = ActivityFactory(operational_objective=op1, code="1.1.1", position=1, weight=Decimal(70))
    a2 = ActivityFactory(operational_objective=op1, code="1.1.2", position=2, weight=Decimal(30))
    r = ActivityFactory(
        operational_objective=op2,
        code="2.1.1",
        position=1,
        goal="Documento de diagnóstico elaborado",
        indicator="Documento",
        semester_1=100,
        semester_2=None,
    )
    for activity in (a1, a2):
        ActivityResponsibleFactory(activity=activity, kind=ActivityResponsible.Kind.NATIONAL_BODIES)
    ActivityResponsibleFactory(activity=r, kind=ActivityResponsible.Kind.TECHNICAL_SECRETARIAT)
    return poa


def open_period(
    user: User, poa: POA, *, semester: int = 1, opens_on: dt.date = OPENS, due_on: dt.date = DUE
) -> ReportingPeriod:
    """Open a reporting period through the service, as ST does: one draft report per
    national body of a member country, and the regional report."""
    return services.reporting_period_open(
        user=user, poa=poa, semester=semester, opens_on=opens_on, due_on=due_on
    )


def activity(poa: POA, code: str) -> Activity:
    return Activity.objects.get(operational_objective__poa=poa, code=code)


def report_of(period: ReportingPeriod, body: NationalBody | None) -> ProgressReport:
    if body is None:
        return ProgressReport.objects.get(period=period, is_regional=True)
    return ProgressReport.objects.get(period=period, national_body=body)


def fill(
    report: ProgressReport, user: User, values: dict[str, int], *, reason: str = "", **extra
) -> ProgressReport:
    """Save progress by activity code, with a justification wherever the rules need one."""
    report.refresh_from_db()
    codes = dict(
        ProgressEntry.objects.filter(report=report).values_list("activity__code", "activity_id")
    )
    rows = [
        services.RowInput(
            activity_id=codes[code],
            progress=value,
            justification=extra.get("justification", "Retraso por falta de fondos"),
            decrease_reason=extra.get("decrease_reason", ""),
            goal_status=extra.get("goal_status", ""),
            status_override_reason=extra.get("status_override_reason", ""),
        )
        for code, value in values.items()
    ]
    return services.progress_report_save(
        user=user, report=report, expected_version=report.version, rows=rows, change_reason=reason
    )


def submit(report: ProgressReport, user: User) -> ProgressReport:
    report.refresh_from_db()
    return services.progress_report_submit(
        user=user, report=report, expected_version=report.version
    )


def approve(report: ProgressReport, st: User) -> ProgressReport:
    report.refresh_from_db()
    return services.progress_report_approve(user=st, report=report, expected_version=report.version)


def report_approved(report: ProgressReport, author: User, st: User, values: dict[str, int]):
    fill(report, author, values)
    submit(report, author)
    return approve(report, st)


# --- Large synthetic data -----------------------------------------------------------------


def extra_bodies(n: int, *, start: int = 0) -> list[NationalBody]:
    """n more member countries with their national bodies (bulk, for size tests)."""
    countries = Country.objects.bulk_create(
        [
            Country(
                iso_code=_iso(start + i),
                name_es=f"País {start + i}",
                name_en=f"Country {start + i}",
            )
            for i in range(n)
        ]
    )
    Membership.objects.bulk_create(
        [
            Membership(country=c, status=Membership.Status.MEMBER, start_date=dt.date(2011, 1, 1))
            for c in countries
        ]
    )
    return NationalBody.objects.bulk_create(
        [
            NationalBody(
                country=c,
                name=f"Comisión {c.iso_code}",
                acronym=f"CS-{c.iso_code}",
                kind=NationalBody.Kind.COMMISSION,
                crimes=NationalBody.Crimes.BOTH,
            )
            for c in countries
        ]
    )


def _iso(i: int) -> str:
    """Two-character codes that never collide with real ISO codes used by the fixtures:
    a digit first."""
    return f"{i // 26 % 10}{chr(65 + i % 26)}"


def synthetic_poa(year: int, *, operational: int, activities: int, regional_every: int = 5) -> POA:
    """A POA with `activities` activities over `operational` operational objectives under
    two axes; every `regional_every`-th activity belongs to the ST (regional report), the
    others to all national bodies. Bulk inserts: this is test data, not history."""
    poa = POAFactory(year=year, status=POA.Status.APPROVED)
    axes = [AxisFactory(plan=poa.plan, number=(year % 100) * 10 + i) for i in range(2)]
    objectives = [StrategicObjectiveFactory(axis=axes[i % 2], code=f"S{year}{i}") for i in range(4)]
    ops = OperationalObjective.objects.bulk_create(
        [
            OperationalObjective(
                poa=poa,
                strategic_objective=objectives[i % 4],
                code=f"{year}.{i}",
                position=i,
                text=f"Objetivo operativo {i}",
            )
            for i in range(operational)
        ]
    )
    acts = Activity.objects.bulk_create(
        [
            Activity(
                operational_objective=ops[i % operational],
                code=f"{year}.{i % operational}.{i}",
                position=i,
                description=f"Actividad {i}",
                goal="Meta",
                indicator="Indicador",
                semester_1=50,
                semester_2=50,
            )
            for i in range(activities)
        ]
    )
    ActivityResponsible.objects.bulk_create(
        [
            ActivityResponsible(
                activity=a,
                kind=ActivityResponsible.Kind.TECHNICAL_SECRETARIAT
                if i % regional_every == 0
                else ActivityResponsible.Kind.NATIONAL_BODIES,
            )
            for i, a in enumerate(acts)
        ]
    )
    return poa


def approve_all(period: ReportingPeriod, st: User, *, progress: int = 60) -> None:
    """Fill every report of a period with `progress` and mark it approved, in bulk (for
    size and timing tests only; the workflow itself is tested through the services)."""
    ProgressEntry.objects.filter(report__period=period).update(
        progress=progress, goal_status=ProgressEntry.GoalStatus.IN_PROGRESS, justification="x"
    )
    ProgressReport.objects.filter(period=period).update(
        status=ProgressReport.Status.APPROVED,
        first_submitted_at=dt.datetime(2019, 7, 1, 12, tzinfo=dt.UTC),
        submitted_at=dt.datetime(2019, 7, 1, 12, tzinfo=dt.UTC),
    )


def both_semesters_approved(
    st: User, poa: POA, *, progress: tuple[int, int] = (60, 60)
) -> list[ReportingPeriod]:
    """Both semesters of `poa` opened and every report approved, with `progress` (semester
    I, semester II) on every row, in bulk (for size and timing tests only)."""
    periods = []
    for semester, value in zip((1, 2), progress, strict=True):
        period = open_period(st, poa, semester=semester)
        approve_all(period, st, progress=value)
        periods.append(period)
    return periods
