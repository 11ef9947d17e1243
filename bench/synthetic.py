"""Synthetic coalition at 1× and 10× (issue #10), for the load benchmark (bench/load.sh) and
the query-count guard (tests/test_query_guard.py).

On top of the source data (load_coalition: the 9 national bodies, the Strategic Plan
2018–2027, POA 2018), `populate(scale)` adds:

| | 1× | 10× |
| --- | ---: | ---: |
| national bodies (member countries) | 9 | 90 |
| POAs (2018 real, then synthetic under the real plan's objectives) | 10 | 10 |
| activities per synthetic POA | 20 | 200 |
| reporting periods (both semesters of every POA) | 20 | 20 |
| plenary meetings (closed, with attendance, a voted motion) | 40 | 400 |
| agreements | 1,000 | 10,000 |
| observer organisations | 8 | 80 |
| people with a titular designation, focal-point accounts | 9 | 90 |
| plan records (instruments, practices, actors, alliances, joint actions) | 10 each | 100 each |

Reporting periods are opened through monitoring.services.reporting_period_open (reports,
rows and their history as in production); the rest is bulk-inserted (benchmark data, not
audited work). Every report is approved except the last period's, which is left as the
deadline finds it: a third submitted, the rest drafts. `years` lowers the number of POAs and
meetings for quick runs (the guard test uses 1): the sizes per POA and per year stay.

Focal-point accounts are `bench-fp-<ISO>` with the password BENCH_PASSWORD.

`populate_statistics(scale, years=…)` adds the regional statistics (issue 20): one PUBLISHED
annual return per country and year for 9 × `scale` countries (the member countries first,
then any country the database has, then real ISO 3166 codes not yet used), every breakdown
of every measure filled by load_demo_stats' generator (figures that add up, small cells).
Returns and figures are bulk-inserted: the entry services are bypassed for the setup only."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

BENCH_PASSWORD = "bench-pass-2026"  # synthetic accounts on a throwaway database
TZ = ZoneInfo("America/Guatemala")
FIRST_YEAR = 2018


def populate(scale: int = 1, *, years: int = 10, periods: int | None = None) -> dict[str, int]:
    """Grow the database (after load_coalition) to `scale` × the coalition; `periods`
    opens only the last ones (None: all). Returns the counts of what it holds."""
    from django.contrib.auth.hashers import make_password

    from members.models import User
    from members.tests.factories import UserFactory

    st = User.objects.filter(username="bench-st").first()
    if st is None:
        st = UserFactory(username="bench-st", role=User.Role.SECRETARIAT)
        st.set_password(BENCH_PASSWORD)
        st.save(update_fields=["password"])
    bodies = _bodies(scale)
    _people_and_accounts(bodies, make_password(BENCH_PASSWORD))
    _observers(scale)
    poas = _poas(scale, years)
    _periods(poas, st, periods)
    _meetings(scale, years)
    _records(scale)
    return counts()


def populate_statistics(scale: int = 1, *, years) -> dict[str, int]:
    from django_countries import countries

    from members.models import Country
    from stats.loaders import load_cube
    from stats.models import Figure, Measure, StatisticsReturn

    if not Measure.objects.exists():
        load_cube()
    used = set(Country.objects.values_list("iso_code", flat=True))
    wanted = 9 * scale - len(used)
    Country.objects.bulk_create(
        Country(iso_code=code, name_es=str(name), name_en=str(name))
        for code, name in [(c, n) for c, n in countries if c not in used][: max(wanted, 0)]
    )
    chosen = list(Country.objects.order_by("pk")[: 9 * scale])
    published_returns(chosen, years=years)
    return {
        "countries": len(chosen),
        "returns": StatisticsReturn.objects.count(),
        "figures": Figure.objects.count(),
    }


def published_returns(countries, *, years, seed: int = 20) -> None:
    """One PUBLISHED annual return of `countries` for each of `years`, every breakdown of
    every measure filled (see populate_statistics)."""
    import random

    from django.utils import timezone

    from stats.cells import breakdown_of
    from stats.management.commands.load_demo_stats import demo_figures
    from stats.models import Figure, Measure, StatisticsReturn
    from stats.selectors.returns import cube_layout

    published = timezone.now() - dt.timedelta(days=1)
    returns = StatisticsReturn.objects.bulk_create(
        StatisticsReturn(
            country=country,
            year=year,
            state=StatisticsReturn.State.PUBLISHED,
            submitted_at=published,
            validated_at=published,
            published_at=published,
        )
        for country in countries
        for year in years
    )
    iso = {country.pk: country.iso_code for country in countries}
    layout = cube_layout()
    measure_ids = dict(Measure.objects.values_list("code", "pk"))
    rng = random.Random(seed)
    batch: list[Figure] = []
    for statistics_return in returns:
        figures = demo_figures(layout, iso[statistics_return.country_id], rng)
        batch.extend(
            Figure(
                statistics_return_id=statistics_return.pk,
                measure_id=measure_ids[measure],
                breakdown=breakdown_of(cell),
                cell=cell,
                value=value,
            )
            for (measure, cell), value in figures.items()
        )
        if len(batch) >= 5_000:
            Figure.objects.bulk_create(batch)
            batch = []
    Figure.objects.bulk_create(batch)


def counts() -> dict[str, int]:
    from meetings.models import Agreement, Attendance, Meeting, Vote
    from members.models import NationalBody, ObserverOrganisation
    from monitoring.models import ProgressEntry, ProgressReport, ReportingPeriod
    from plans.models import POA, Activity

    return {
        "national bodies": NationalBody.objects.count(),
        "observer organisations": ObserverOrganisation.objects.count(),
        "POAs": POA.objects.count(),
        "activities": Activity.objects.count(),
        "reporting periods": ReportingPeriod.objects.count(),
        "progress reports": ProgressReport.objects.count(),
        "progress rows": ProgressEntry.objects.count(),
        "meetings": Meeting.objects.count(),
        "attendance rows": Attendance.objects.count(),
        "votes": Vote.objects.count(),
        "agreements": Agreement.objects.count(),
    }


def _bodies(scale: int):
    from members.models import NationalBody
    from monitoring.tests.factories import extra_bodies

    missing = 9 * scale - NationalBody.objects.count()
    if missing > 0:
        extra_bodies(missing, start=NationalBody.objects.count())
    return list(NationalBody.objects.select_related("country").order_by("pk"))


def _people_and_accounts(bodies, password_hash: str) -> None:
    from members.models import Designation, Person, User

    have = set(Person.objects.filter(last_name="Bench").values_list("country_id", flat=True))
    new = [b for b in bodies if b.country_id not in have]
    people = Person.objects.bulk_create(
        [
            Person(
                first_name=f"Titular {b.country.iso_code}",
                last_name="Bench",
                institution=b.name,
                country=b.country,
                email=f"titular-{b.country.iso_code.lower()}@bench.invalid",
            )
            for b in new
        ]
    )
    Designation.objects.bulk_create(
        [
            Designation(
                national_body=b,
                person=p,
                role=Designation.Role.TITULAR,
                start_date=dt.date(2017, 1, 1),
            )
            for b, p in zip(new, people, strict=True)
        ]
    )
    User.objects.bulk_create(
        [
            User(
                username=f"bench-fp-{b.country.iso_code.lower()}",
                password=password_hash,
                role=User.Role.FOCAL_POINT,
                national_body=b,
                email=f"fp-{b.country.iso_code.lower()}@bench.invalid",
            )
            for b in new
        ]
    )


def _observers(scale: int) -> None:
    from members.models import ObserverOrganisation

    # 8 × scale observers (the loaded organisations the sources name are not observers)
    n = ObserverOrganisation.objects.filter(role=ObserverOrganisation.Role.OBSERVER).count()
    ObserverOrganisation.objects.bulk_create(
        [
            ObserverOrganisation(
                name=f"Organización observadora {i}",
                acronym=f"OBS{i}",
                kind=ObserverOrganisation.Kind.INTERNATIONAL,
                role=ObserverOrganisation.Role.OBSERVER,
            )
            for i in range(n, 8 * scale)
        ]
    )


def _poas(scale: int, years: int):
    """POA 2018 is the real one (19 activities); the following years are synthetic POAs of
    20 × scale activities under the real plan's strategic objectives, a fifth of them the
    Secretariat's (regional report), the rest every national body's."""
    from plans.models import POA, Activity, ActivityResponsible, OperationalObjective
    from plans.models import StrategicObjective as SO

    real = POA.objects.select_related("plan").get(year=FIRST_YEAR)
    objectives = list(SO.objects.filter(axis__plan=real.plan).order_by("axis__number", "code"))
    poas = [real]
    n_activities, n_operational = 20 * scale, 2 * scale
    for year in range(FIRST_YEAR + 1, FIRST_YEAR + years):
        poa, _ = POA.objects.get_or_create(
            year=year, defaults={"plan": real.plan, "status": POA.Status.APPROVED}
        )
        poas.append(poa)
        have = Activity.objects.filter(operational_objective__poa=poa).count()
        if have >= n_activities:
            continue
        ops = list(OperationalObjective.objects.filter(poa=poa).order_by("position"))
        ops += OperationalObjective.objects.bulk_create(
            [
                OperationalObjective(
                    poa=poa,
                    strategic_objective=objectives[i % len(objectives)],
                    code=f"{year}.{i + 1}",
                    position=i + 1,
                    text=f"Objetivo operativo sintético {i + 1} del POA {year}",
                )
                for i in range(len(ops), n_operational)
            ]
        )
        acts = Activity.objects.bulk_create(
            [
                Activity(
                    operational_objective=ops[i % len(ops)],
                    code=f"{ops[i % len(ops)].code}.{i + 1}",
                    position=i + 1,
                    description=f"Actividad sintética {i + 1} del POA {year}",
                    goal="Meta del semestre",
                    indicator="Número de acciones realizadas",
                    semester_1=50,
                    semester_2=50,
                )
                for i in range(have, n_activities)
            ]
        )
        ActivityResponsible.objects.bulk_create(
            [
                ActivityResponsible(
                    activity=a,
                    kind=ActivityResponsible.Kind.TECHNICAL_SECRETARIAT
                    if a.position % 5 == 0
                    else ActivityResponsible.Kind.NATIONAL_BODIES,
                )
                for a in acts
            ]
        )
    return poas


def open_semester(st, poa, semester: int):
    """Open a POA's reporting period for a semester, dated as the calendar has it: semester
    I opens on 1 January and is due on 15 June, semester II on 1 July and 15 December."""
    from monitoring import services

    return services.reporting_period_open(
        user=st,
        poa=poa,
        semester=semester,
        opens_on=dt.date(poa.year, 6 * semester - 5, 1),
        due_on=dt.date(poa.year, 6 * semester, 15),
    )


def _periods(poas, st, limit: int | None) -> None:
    from django.db.models import F

    from monitoring.models import ProgressEntry, ProgressReport, ReportingPeriod

    opened = []
    semesters = [(poa, semester) for poa in poas for semester in (1, 2)]
    for poa, semester in semesters[-limit if limit else 0 :]:
        if ReportingPeriod.objects.filter(poa=poa, semester=semester).exists():
            continue
        opened.append(open_semester(st, poa, semester))
    if not opened:
        return
    last = max(opened, key=lambda p: (p.poa.year, p.semester))
    for period in opened:
        ProgressEntry.objects.filter(report__period=period).update(
            progress=(F("activity_id") * 7 + F("report_id") * 13) % 101,
            goal_status=ProgressEntry.GoalStatus.IN_PROGRESS,
            justification="Avance limitado por falta de recursos de cooperación.",
        )
        reports = ProgressReport.objects.filter(period=period)
        at = dt.datetime(period.poa.year, 6 * period.semester, 10, 12, tzinfo=dt.UTC)
        if period is last:
            reports = reports.filter(pk__in=list(reports.values_list("pk", flat=True)[::3]))
            reports.update(
                status=ProgressReport.Status.SUBMITTED, first_submitted_at=at, submitted_at=at
            )
        else:
            reports.update(
                status=ProgressReport.Status.APPROVED, first_submitted_at=at, submitted_at=at
            )


def _meetings(scale: int, years: int) -> None:
    """4 × scale closed plenary meetings a year, each with the titulars of four fifths of the
    member countries present, one agenda item with a voted, adopted motion, and 25
    agreements (a third fulfilled), each with two responsible bodies and one activity."""
    from meetings.models import AgendaItem, Agreement, Attendance, Meeting, Motion, Vote
    from members.models import Country, Designation, NationalBody
    from plans.models import Activity

    per_year = 4 * scale
    bodies = list(NationalBody.objects.order_by("pk"))
    activities = list(Activity.objects.order_by("pk")[:50])
    titular = {
        d.national_body.country_id: d
        for d in Designation.objects.filter(person__last_name="Bench").select_related(
            "national_body"
        )
    }
    countries = list(Country.objects.filter(pk__in=titular).order_by("pk"))
    Through = Agreement.responsible_bodies.through
    ActivityThrough = Agreement.activities.through
    for year in range(FIRST_YEAR, FIRST_YEAR + years):
        have = Meeting.objects.filter(
            kind=Meeting.Kind.ORDINARY, starts_at__year=year, title__startswith="Bench"
        ).count()
        if have >= per_year:
            continue
        meetings = Meeting.objects.bulk_create(
            [
                Meeting(
                    kind=Meeting.Kind.ORDINARY,
                    number=(year - FIRST_YEAR) * per_year + i + 1,
                    title=f"Bench — Reunión Ordinaria {year}-{i + 1}",
                    starts_at=dt.datetime(year, 1 + i % 12, 1 + i % 27, 9, tzinfo=TZ),
                    ends_at=dt.datetime(year, 1 + i % 12, 1 + i % 27, 17, tzinfo=TZ),
                    city="Ciudad de Guatemala",
                    status=Meeting.Status.CLOSED,
                )
                for i in range(have, per_year)
            ]
        )
        Attendance.objects.bulk_create(
            [
                Attendance(
                    meeting=m,
                    person_id=titular[c.pk].person_id,
                    designation=titular[c.pk],
                    capacity=Attendance.Capacity.TITULAR,
                    country=c,
                    arrived_at=m.starts_at,
                    left_at=m.ends_at,
                )
                for i, m in enumerate(meetings)
                for j, c in enumerate(countries)
                if (i + j) % 5
            ]
        )
        items = AgendaItem.objects.bulk_create(
            [
                AgendaItem(
                    meeting=m, order=1, title="Aprobación del plan", kind=AgendaItem.Kind.DECISION
                )
                for m in meetings
            ]
        )
        motions = Motion.objects.bulk_create(
            [
                Motion(
                    agenda_item=item,
                    text="Aprobar el plan de trabajo del semestre.",
                    state=Motion.State.PUBLISHED,
                    outcome=Motion.Outcome.ADOPTED,
                    entitled_countries=[c.iso_code for c in countries],
                    opened_at=item.meeting.starts_at,
                    closed_at=item.meeting.ends_at,
                    published_at=item.meeting.ends_at,
                )
                for item in items
            ]
        )
        Vote.objects.bulk_create(
            [
                Vote(motion=motion, country=c, choice="yes", cast_at=motion.opened_at)
                for i, motion in enumerate(motions)
                for j, c in enumerate(countries)
                if (i + j) % 5
            ]
        )
        start = Agreement.objects.filter(year=year).count()
        agreements = Agreement.objects.bulk_create(
            [
                Agreement(
                    number=f"B-{year}-{start + k + 1:05d}",
                    year=year,
                    sequence=start + k + 1,
                    meeting=meetings[k // 25],
                    text=f"Acuerdo {start + k + 1} sobre la coordinación regional.",
                    status=Agreement.Status.FULFILLED if k % 3 == 0 else Agreement.Status.PENDING,
                    fulfilled_on=dt.date(year, 12, 1) if k % 3 == 0 else None,
                    due_date=dt.date(year, 12, 31),
                )
                for k in range(25 * len(meetings))
            ]
        )
        Through.objects.bulk_create(
            [
                Through(agreement_id=a.pk, nationalbody_id=bodies[(k + d) % len(bodies)].pk)
                for k, a in enumerate(agreements)
                for d in (0, 1)
            ]
        )
        if activities:
            ActivityThrough.objects.bulk_create(
                [
                    ActivityThrough(
                        agreement_id=a.pk, activity_id=activities[k % len(activities)].pk
                    )
                    for k, a in enumerate(agreements)
                ]
            )


def _records(scale: int) -> None:
    """10 × scale of each kind of plan record, validated (bulk: built by the test factories,
    inserted at once)."""
    from members.models import Country
    from plans.models import Actor, Alliance, Axis, GoodPractice, JointAction, PlanInstrument
    from plans.tests.factories import (
        ActorFactory,
        AllianceFactory,
        GoodPracticeFactory,
        JointActionFactory,
        PlanInstrumentFactory,
    )

    target = 10 * scale
    axes = list(Axis.objects.filter(plan__poas__year=FIRST_YEAR).order_by("number"))
    countries = list(Country.objects.order_by("pk")[:9])
    PlanInstrument.objects.bulk_create(
        [
            PlanInstrumentFactory.build(country=countries[i % 9])
            for i in range(PlanInstrument.objects.count(), target)
        ]
    )
    GoodPractice.objects.bulk_create(
        [
            GoodPracticeFactory.build(country=countries[i % 9], axis=axes[i % len(axes)])
            for i in range(GoodPractice.objects.count(), target)
        ]
    )
    Actor.objects.bulk_create([ActorFactory.build() for _ in range(Actor.objects.count(), target)])
    actors = list(Actor.objects.order_by("pk"))
    Alliance.objects.bulk_create(
        [
            AllianceFactory.build(actor=actors[i % len(actors)])
            for i in range(Alliance.objects.count(), target)
        ]
    )
    actions = JointAction.objects.bulk_create(
        [
            JointActionFactory.build(country=countries[i % 9])
            for i in range(JointAction.objects.count(), target)
        ]
    )
    JointAction.actors.through.objects.bulk_create(
        [
            JointAction.actors.through(jointaction_id=a.pk, actor_id=actors[i % len(actors)].pk)
            for i, a in enumerate(actions)
        ]
    )


def variable(prefix: str, username: str) -> str:
    """The name of a per-account variable: ("BENCH_SESSION", "bench-fp-HN") →
    BENCH_SESSION_BENCH_FP_HN (bench/locustfile.py reads them by the same rule)."""
    return f"{prefix}_{username.upper().replace('-', '_')}"


def load_variables(accounts: int = 30) -> dict[str, str]:
    """The variables of a bench/load.sh run (`--env` prints them as shell assignments): the
    pages to hit (the latest POA, its approved semester I, the first synthetic meeting, the
    first account's report form) and, for the deadline, up to `accounts` focal points with
    the draft report each edits (fewer bodies than accounts: colleagues of the same body
    share a report), each with a signed-in session."""
    from django.conf import settings

    from meetings.models import Meeting
    from members.models import User
    from monitoring.models import ProgressReport, ReportingPeriod
    from monitoring.selectors import report_form_parts

    last = ReportingPeriod.objects.select_related("poa").order_by("-poa__year", "-semester")[0]
    year = last.poa.year
    meeting = Meeting.objects.filter(title__startswith="Bench").order_by("pk")[0]
    drafts = list(
        ProgressReport.objects.filter(
            period=last, status=ProgressReport.Status.DRAFT, is_regional=False
        ).order_by("pk")
    )
    if not drafts:
        raise SystemExit(
            "No draft report in the last period: a deadline run submitted them "
            "(bench/load.sh puts them back to drafts when it starts)."
        )
    users = {
        u.national_body_id: u.username
        for u in User.objects.filter(username__startswith="bench-fp-")
    }
    found = {
        "BENCH_DASHBOARD": f"/monitoring/?poa={year}&period=1",
        "BENCH_MATRIX": f"/plans/poa/{year}/",
        "BENCH_FLOOR_MATRIX": f"/bench/floor/matrix/{year}/",
        "BENCH_FLOOR_MEETING": f"/bench/floor/meeting/{meeting.pk}/",
        "BENCH_MEETING": f"/meetings/{meeting.pk}/",
        "BENCH_PROGRESS": f"/api/v1/progress/?year={year}&semester=1",
        "BENCH_FLOOR_PROGRESS": f"/bench/floor/progress/?year={year}&semester=1",
    }
    chosen = []
    for i in range(accounts):
        report = drafts[i % len(drafts)]
        chosen.append(users[report.national_body_id])
        found[variable("BENCH_REPORT", chosen[-1])] = str(report.pk)
    found["BENCH_ACCOUNTS"] = ",".join(chosen)
    # The report form read by 10 clients beside its floor: the first account's report, at its
    # largest strategic axis's page when the form is split by axis (as a long one is).
    parts = report_form_parts(report_id=drafts[0].pk, page_rows=settings.REPORT_FORM_PAGE_ROWS)
    query = f"?axis={max(parts, key=lambda part: part.rows).number}" if parts else ""
    found["BENCH_REPORT_FORM_USER"] = chosen[0]
    found["BENCH_REPORT_FORM"] = f"/monitoring/reports/{drafts[0].pk}/edit/{query}"
    found["BENCH_FLOOR_REPORT"] = f"/bench/floor/report/{drafts[0].pk}/{query}"
    for username in {"bench-st", *chosen}:
        found[variable("BENCH_SESSION", username)] = _session(User.objects.get(username=username))
    return found


def _session(user) -> str:
    """A signed-in session for `user`, as the login view would leave it: the load run
    measures pages, not password hashing (PBKDF2 costs each login about 0.5 s of CPU)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


if __name__ == "__main__":
    import argparse
    import os
    import shlex
    import sys
    import time
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coalicion.settings.local")
    import django

    django.setup()
    from django.core.management import call_command

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--env", action="store_true", help="print the load run's variables")
    args = parser.parse_args()
    if args.env:
        for name, value in load_variables().items():
            print(f"{name}={shlex.quote(value)}")
        sys.exit()
    started = time.monotonic()
    call_command("load_coalition", verbosity=0)
    for name, n in populate(args.scale, years=args.years).items():
        print(f"{name}: {n:,}")
    print(f"built in {time.monotonic() - started:.1f} s")


def populate_events(scale: int = 1, *, events: int = 5) -> dict[str, int]:
    """Events of issue 21 (after populate): `events` × `scale` two-day workshops, convened,
    each inviting every member country with 4 places (9 or 90 countries), every place taken
    by a confirmed participant signed in on the first day, an agenda of 8 lines and four
    budget lines in two currencies. Bulk:
    the benchmark's data, not audited work."""
    import datetime as dt

    from events.models import AgendaSlot, BudgetLine, DayAttendance, Event, Participant
    from members.models import Country

    countries = list(Country.objects.order_by("pk")[: 9 * scale])
    first = dt.date(FIRST_YEAR + 1, 3, 10)
    created = Event.objects.bulk_create(
        Event(
            kind=Event.Kind.WORKSHOP,
            title=f"Bench taller {n}",
            starts_on=first + dt.timedelta(days=7 * n),
            ends_on=first + dt.timedelta(days=7 * n + 1),
            time_zone="America/Costa_Rica",
            city="San José",
            status=Event.Status.CONVENED,
        )
        for n in range(events * scale)
    )
    Through = Event.invited_countries.through
    Through.objects.bulk_create(
        Through(event_id=event.pk, country_id=country.pk)
        for event in created
        for country in countries
    )
    AgendaSlot.objects.bulk_create(
        AgendaSlot(
            event=event,
            day=event.starts_on + dt.timedelta(days=line // 4),
            starts_at=dt.time(9 + 2 * (line % 4)),
            ends_at=dt.time(10 + 2 * (line % 4)),
            activity=f"Sesión {line + 1}",
            responsible="ST",
        )
        for event in created
        for line in range(8)
    )
    participants = Participant.objects.bulk_create(
        Participant(
            event=event,
            country=country,
            full_name=f"Participante {country.iso_code} {seat}",
            position="Fiscal",
            institution="Ministerio Público",
            profile=Participant.Profile.PROSECUTOR,
            state=Participant.State.CONFIRMED,
            check_in_code=f"B{event.pk:03d}{country.pk:03d}{seat}",
        )
        for event in created
        for country in countries
        for seat in range(4)
    )
    DayAttendance.objects.bulk_create(
        DayAttendance(participant=p, day=p.event.starts_on, method=DayAttendance.Method.DESK)
        for p in participants
    )
    BudgetLine.objects.bulk_create(
        BudgetLine(
            event=event,
            category=category,
            description=f"{category} {event.pk}",
            planned=1000 * scale,
            currency=currency,
        )
        for event in created
        for category in (BudgetLine.Category.TRAVEL, BudgetLine.Category.LODGING)
        for currency in ("USD", "CRC")
    )
    return {"events": len(created), "participants": len(participants)}


def populate_presidency(scale: int = 1) -> dict[str, int]:
    """The Presidency's records of issue 22 (after populate): 10 × scale representation
    entries (half reported at a bench plenary), 10 × scale cooperation projects with 4
    partners × scale, each serving two activities and owing two reports, 2 × scale
    admissions, the 38 guidelines of the Lineamientos with every member country's checklist
    filled (9 or 90 countries × 38 lines) and 3 × scale reorientation proposals. Bulk: the
    benchmark's data, not audited work."""
    import datetime as dt

    from meetings.models import Agreement, Meeting
    from members.models import Country, User
    from plans.models import Activity, Actor, ActorKind, Level
    from presidency.loaders import load_guidelines
    from presidency.models import (
        Admission,
        CooperationProject,
        Guideline,
        GuidelineProgress,
        ReorientationProposal,
        ReportingDuty,
        RepresentationEntry,
    )

    author = User.objects.filter(role=User.Role.SECRETARIAT).order_by("pk").first()
    countries = list(Country.objects.order_by("pk")[: 9 * scale])
    plenary = Meeting.objects.filter(title__startswith="Bench").order_by("pk").first()
    first = dt.date(FIRST_YEAR + 1, 2, 1)
    entries = RepresentationEntry.objects.bulk_create(
        RepresentationEntry(
            kind=RepresentationEntry.Kind.REPRESENTATION,
            event_name=f"Bench conferencia {n}",
            start_date=first + dt.timedelta(days=5 * n),
            end_date=first + dt.timedelta(days=5 * n + 1),
            place="Ciudad de Panamá",
            represented_by=RepresentationEntry.RepresentedBy.DELEGATE,
            person_name=f"Delegada {n}",
            country=countries[n % len(countries)],
            status=RepresentationEntry.Status.REPORTED
            if n % 2
            else RepresentationEntry.Status.OPEN,
            reported_at=plenary if n % 2 else None,
            reported_on=plenary.starts_at.date() if n % 2 else None,
            created_by=author,
        )
        for n in range(10 * scale)
    )
    partners = Actor.objects.bulk_create(
        Actor(name=f"Bench socio {n}", kind=ActorKind.INTERNATIONAL, level=Level.REGIONAL)
        for n in range(4 * scale)
    )
    activities = list(Activity.objects.order_by("pk")[:20])
    stages = CooperationProject.Stage.values
    projects = CooperationProject.objects.bulk_create(
        CooperationProject(
            partner=partners[n % len(partners)],
            title=f"Bench cooperación {n}",
            stage=stages[n % len(stages)],
            kind=CooperationProject.Kind.MONEY if n % 3 else CooperationProject.Kind.IN_KIND,
            amount=1000 * (n + 1),
            currency=("USD", "EUR")[n % 2],
            in_kind="" if n % 3 else "Expertos",
            year=FIRST_YEAR + 1 + n % 2,
            proposed_on=first,
            created_by=author,
        )
        for n in range(10 * scale)
    )
    Through = CooperationProject.activities.through
    Through.objects.bulk_create(
        Through(cooperationproject_id=p.pk, activity_id=activities[(i + k) % len(activities)].pk)
        for i, p in enumerate(projects)
        for k in range(2)
    )
    ReportingDuty.objects.bulk_create(
        ReportingDuty(
            project=p,
            kind=kind,
            due_date=first + dt.timedelta(days=90 * (k + 1)),
        )
        for p in projects
        for k, kind in enumerate((ReportingDuty.Kind.PROGRESS, ReportingDuty.Kind.FINAL))
    )
    agreement = Agreement.objects.filter(meeting__title__startswith="Bench").order_by("pk").first()
    extra = Country.objects.bulk_create(
        Country(
            iso_code=f"Q{n % 10}" if n < 10 else f"X{n % 10}",
            name_es=f"País {n}",
            name_en=f"Country {n}",
        )
        for n in range(2 * scale)
    )
    Admission.objects.bulk_create(
        Admission(
            subject=Admission.Subject.OBSERVER_COUNTRY,
            country=country,
            invitation_agreement=agreement,
            invited_on=first,
            created_by=author,
        )
        for country in extra
    )
    load_guidelines()
    guidelines = list(Guideline.objects.all())
    statuses = GuidelineProgress.Status.values
    GuidelineProgress.objects.bulk_create(
        GuidelineProgress(
            country=country,
            guideline=g,
            status=statuses[(i + j) % len(statuses)],
            evidence="Bench" if (i + j) % 2 else "",
            review=GuidelineProgress.Review.SUBMITTED
            if j % 5 == 0
            else GuidelineProgress.Review.NOT_SUBMITTED,
        )
        for i, country in enumerate(countries)
        for j, g in enumerate(guidelines)
    )
    ReorientationProposal.objects.bulk_create(
        ReorientationProposal(
            guideline=guidelines[n % len(guidelines)],
            title=f"Bench propuesta {n}",
            rationale="Bench",
            proposal="Bench",
            created_by=author,
        )
        for n in range(3 * scale)
    )
    return {
        "representation entries": len(entries),
        "cooperation projects": len(projects),
        "checklist lines": len(countries) * len(guidelines),
    }
