"""Time and memory of building the biennial accountability report (issue #7).

    .venv/bin/python bench/report_build.py [--runs 3] [--keep DIR]

Two terms, in a throwaway SQLite database (a file, so that each build runs in a fresh
process whose peak memory is the build's own):

- real: the coalition (9 bodies) and the real POA 2018 (003 §X) with a POA 2019 copied
  from it; both semesters of both years opened by ST, every report filled and approved;
  8 plenary meetings with attendance and 20 agreements;
- 10x: 90 national bodies (the 9 and 81 synthetic ones, monitoring.tests.factories as in
  bench/monitoring_rollup.py), two synthetic POAs of 200 activities; both semesters of both
  years reported by everyone; 20 meetings and 60 agreements.

Each build is a real report job (reports.services.report_job_request_accountability, the
Celery task run in-process): it prints wall time, how the time splits between gathering the
figures (selectors), rendering the HTML (template), WeasyPrint (layout, PDF writing) and
the annex workbook (reports.annex), what is not layout as a share of layout (issue 24: ≤ 20 %),
peak RSS of the building process, page count and the sizes of the PDF and the workbook."""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _setup(db_path: str, media: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ["MEDIA_ROOT"] = media
    os.environ["CELERY_BROKER_URL"] = ""  # the task runs in-process, as in the embedded default
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coalicion.settings.test")
    import django

    django.setup()


# --- Seeding ---------------------------------------------------------------------------------


def _vary(period_ids: list[int]) -> None:
    """Approve every report of the periods with progress that varies by body and activity
    (some on track, some at risk, some delayed, with justifications)."""
    import datetime as dt

    from monitoring.models import ProgressEntry, ProgressReport

    entries = list(ProgressEntry.objects.filter(report__period_id__in=period_ids))
    for e in entries:
        e.progress = (e.activity_id * 7 + e.report_id * 13) % 101
        e.goal_status = ProgressEntry.GoalStatus.IN_PROGRESS
        e.justification = "Avance limitado por falta de recursos de cooperación en el semestre."
    ProgressEntry.objects.bulk_update(
        entries, ["progress", "goal_status", "justification"], batch_size=2000
    )
    ProgressReport.objects.filter(period_id__in=period_ids).update(
        status=ProgressReport.Status.APPROVED,
        first_submitted_at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC),
        submitted_at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC),
    )


def _meetings(year: int, n_meetings: int, n_agreements: int) -> None:
    """Plenary meetings of `year`, closed, every member country attending most of them
    (bulk: benchmark data, not history), and agreements, a third of them fulfilled."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from meetings.models import Agreement, Attendance, Meeting
    from members.models import Country, Person

    tz = ZoneInfo("America/Guatemala")
    countries = list(Country.objects.order_by("pk"))
    people = {}
    for c in countries:
        person = Person.objects.filter(country=c).first() or Person.objects.create(
            first_name="Delegada", last_name=c.iso_code, country=c, institution="Comisión"
        )
        people[c.pk] = person
    meetings = Meeting.objects.bulk_create(
        [
            Meeting(
                kind=Meeting.Kind.ORDINARY,
                number=i + 1,
                title=f"Reunión Ordinaria {year}-{i + 1}",
                starts_at=dt.datetime(year, 1 + i % 12, 10, 9, tzinfo=tz),
                ends_at=dt.datetime(year, 1 + i % 12, 10, 17, tzinfo=tz),
                city="Ciudad de Guatemala",
                status=Meeting.Status.CLOSED,
            )
            for i in range(n_meetings)
        ]
    )
    Attendance.objects.bulk_create(
        [
            Attendance(
                meeting=m,
                person=people[c.pk],
                capacity=Attendance.Capacity.TITULAR,
                country=c,
                left_at=m.ends_at,
            )
            for i, m in enumerate(meetings)
            for j, c in enumerate(countries)
            if (i + j) % 5
        ]
    )
    Agreement.objects.bulk_create(
        [
            Agreement(
                number=f"CR-{year}-{k + 1:02d}",
                year=year,
                sequence=k + 1,
                meeting=meetings[k % n_meetings],
                text=f"Acuerdo {k + 1} sobre la coordinación regional de la respuesta.",
                status=Agreement.Status.FULFILLED if k % 3 == 0 else Agreement.Status.PENDING,
                fulfilled_on=dt.date(year, 11, 30) if k % 3 == 0 else None,
            )
            for k in range(n_agreements)
        ]
    )


def seed() -> dict:
    import datetime as dt

    from bench.synthetic import open_semester
    from members.loaders import load_coalition
    from members.models import Membership, NationalBody, User
    from members.tests.factories import UserFactory
    from monitoring.tests.factories import extra_bodies, synthetic_poa
    from plans import services as plan_services
    from plans.loaders import load_plan
    from plans.models import POA

    load_coalition()
    load_plan()
    st = UserFactory(username="bench-st", role=User.Role.SECRETARIAT)
    poa18 = POA.objects.get(year=2018)
    POA.objects.filter(pk=poa18.pk).update(status=POA.Status.APPROVED)
    poa19 = plan_services.poa_copy(user=st, source_poa=poa18, year=2019)
    POA.objects.filter(pk=poa19.pk).update(status=POA.Status.APPROVED)
    periods = []
    for poa in POA.objects.filter(year__in=[2018, 2019]):
        for semester in (1, 2):
            periods.append(open_semester(st, poa, semester).pk)
    _vary(periods)
    for year in (2018, 2019):
        _meetings(year, 4, 10)
    real = {"bodies": 9, "activities": _activities(2018)}

    extra_bodies(81)
    # The synthetic countries join after the real term, so the real term's report (built
    # from the same database) shows only the 9 members.
    Membership.objects.filter(country__iso_code__regex=r"^[0-9]").update(
        start_date=dt.date(2029, 1, 1)
    )
    periods = []
    for year in (2030, 2031):
        poa = synthetic_poa(year, operational=40, activities=200)
        for semester in (1, 2):
            periods.append(open_semester(st, poa, semester).pk)
    _vary(periods)
    for year in (2030, 2031):
        _meetings(year, 10, 30)
    return {
        "real": real,
        "10x": {"bodies": NationalBody.objects.count(), "activities": _activities(2030)},
    }


def _activities(year: int) -> int:
    from plans.models import Activity

    return Activity.objects.filter(operational_objective__poa__year=year).count()


def _sizes() -> dict:
    from members.models import NationalBody

    return {
        "real": {"bodies": 9, "activities": _activities(2018)},
        "10x": {"bodies": NationalBody.objects.count(), "activities": _activities(2030)},
    }


# --- One build, in its own process -----------------------------------------------------------


def build(first_year: int) -> dict:
    from django.db import connection

    from members.models import User
    from reports import services as report_services
    from reports.models import ReportJob

    st = User.objects.get(username="bench-st")
    queries = []
    start = time.perf_counter()
    with connection.execute_wrapper(
        lambda execute, sql, *a: queries.append(sql) or execute(sql, *a)
    ):
        job, _ = report_services.report_job_request_accountability(
            user=st, first_year=first_year
        )  # autocommit: on_commit runs the task in-process now
    wall = time.perf_counter() - start
    job = ReportJob.objects.get(pk=job.pk)
    assert job.state == ReportJob.State.READY, job.error
    return {
        "wall": wall,
        "queries": len(queries),
        **job.timings,
        "pages": job.pages,
        "bytes": job.file_size,
        "annex_bytes": job.annex.size if job.annex else 0,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "file": job.file.path,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", help="copy the PDFs into this directory")
    parser.add_argument("--reuse", help="a directory of an earlier run: skip seeding")
    parser.add_argument("--only", choices=["real", "10x"], help="measure one term only")
    parser.add_argument("--build", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--media", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.build:  # child process: one build
        _setup(args.db, args.media)
        print(json.dumps(build(args.build)))
        return

    work = Path(args.reuse or tempfile.mkdtemp(prefix="report-bench-"))
    db, media = str(work / "bench.sqlite3"), str(work / "media")
    _setup(db, media)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if args.reuse:
        sizes = _sizes()
    else:
        start = time.perf_counter()
        sizes = seed()
        print(f"seeded in {time.perf_counter() - start:.1f} s: {sizes}")
    for label, first_year in (("real", 2018), ("10x", 2030)):
        if args.only and label != args.only:
            continue
        runs = []
        for _ in range(args.runs):
            out = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--build",
                    str(first_year),
                    "--db",
                    db,
                    "--media",
                    media,
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        med = {k: statistics.median(r[k] for r in runs) for k in runs[0] if k != "file"}
        print(
            f"{label:>4}: {sizes[label]['bodies']} bodies, {sizes[label]['activities']} "
            f"activities per POA, 2 POAs | wall {med['wall']:.2f} s (median of {len(runs)}) = "
            f"gather {med['gather']:.2f} + HTML {med['html']:.2f} + layout "
            f"{med['layout']:.2f} + PDF write {med['write']:.2f} + store {med['store']:.3f} "
            f"+ annex workbook {med.get('annex', 0):.2f} "
            f"| (wall − layout) ÷ layout {(med['wall'] - med['layout']) / med['layout']:.0%} "
            f"| peak RSS {med['peak_rss_mb']:.0f} MB | {int(med['pages'])} pages, "
            f"{med['bytes'] / 1024:.0f} KiB + workbook {med['annex_bytes'] / 1024:.0f} KiB "
            f"| {int(med['queries'])} queries (request + build)"
        )
        if args.keep:
            Path(args.keep).mkdir(parents=True, exist_ok=True)
            target = Path(args.keep) / f"accountability-{label}.pdf"
            target.write_bytes(Path(runs[-1]["file"]).read_bytes())
    print(f"(database and files in {work}; delete when done)")


if __name__ == "__main__":
    main()
