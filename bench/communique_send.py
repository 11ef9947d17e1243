"""Sending one comunicado to 200 recipients (issue 18): time to queue (the service call that
numbers it and records 200 deliveries, committed) and time until every e-mail is sent.

    .venv/bin/python bench/communique_send.py [--recipients 200] [--runs 3]

In a throwaway SQLite database with the coalition loaded and `--recipients` named people
with e-mails. By default Celery runs in-process (eager: the worker's work is done inside
the commit, so "queued" is measured with the worker's share subtracted, and "sent" is the
whole). E-mails go to Django's locmem backend (no SMTP round trip: the figure is the
platform's own cost).

With a real broker and worker (the PostgreSQL/Redis stack):

    CELERY_BROKER_URL=redis://localhost:6379/0 DATABASE_URL=postgres://... \\
        .venv/bin/celery -A coalicion worker -Q coalicion --pool=solo &
    BENCH_KEEP_ENV=1 CELERY_BROKER_URL=redis://localhost:6379/0 DATABASE_URL=postgres://... \\
        .venv/bin/python bench/communique_send.py --worker

`--worker` then measures the service call (queue) and polls the deliveries until none is
queued (sent); the worker needs an EMAIL_URL it can deliver to (e.g. smtp to a MailHog)."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _setup(db_path: str, media: str, worker: bool) -> None:
    if not os.environ.get("BENCH_KEEP_ENV"):
        os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
        os.environ["CELERY_BROKER_URL"] = ""
    os.environ["MEDIA_ROOT"] = media
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coalicion.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    if not worker:
        from coalicion.celery_app import app

        app.conf.task_always_eager = True


def _seed(n: int):
    from members.loaders import load_coalition
    from members.models import NationalBody, Person, User

    if not NationalBody.objects.exists():
        load_coalition()
    st, _ = User.objects.get_or_create(
        username="bench-st", defaults={"role": User.Role.SECRETARIAT, "email": "st@example.org"}
    )
    countries = [b.country for b in NationalBody.objects.select_related("country")]
    Person.objects.filter(institution="bench").delete()
    people = Person.objects.bulk_create(
        Person(
            first_name=f"Persona{i}",
            last_name="Banco",
            institution="bench",
            email=f"persona{i}@example.org",
            language="en" if i % 3 == 0 else "es",
            country=countries[i % len(countries)],
        )
        for i in range(n)
    )
    return st, people


def _run(st, people, worker: bool) -> tuple[float, float]:
    from django.core import mail
    from django.db import transaction

    from communications.models import Delivery
    from communications.services import communiques as services
    from communications.services.communiques import communique_send_queue

    draft = services.communique_create(
        by=st, subject="Comunicado de prueba de carga", body="Texto " * 200, people=people
    )
    mail.outbox = []
    if worker:
        start = time.perf_counter()
        communique = services.communique_send(by=st, communique=draft)
        queued = time.perf_counter() - start
        pending = Delivery.objects.filter(communique=communique, state=Delivery.State.QUEUED)
        while pending.exists():
            time.sleep(0.05)
        return queued, time.perf_counter() - start
    # Eager: time the commit without the worker's share, then the worker's share alone.
    from communications import tasks

    original = tasks.send_communique.apply_async
    tasks.send_communique.apply_async = lambda *a, **k: None  # queued, not yet run
    try:
        start = time.perf_counter()
        with transaction.atomic():
            communique = services.communique_send(by=st, communique=draft)
        queued = time.perf_counter() - start
    finally:
        tasks.send_communique.apply_async = original
    communique_send_queue(communique=communique)  # the worker: chunks, e-mails
    total = time.perf_counter() - start
    assert len(mail.outbox) == len(people), (len(mail.outbox), len(people))
    assert not Delivery.objects.filter(communique=communique, state="queued").exists()
    return queued, total


def _floor(people) -> float:
    """The floor, measured in the same run: the same number of plain e-mails (same subject
    and body, no template, no delivery rows, no numbering) sent over one connection of the
    same backend."""
    from django.core import mail

    start = time.perf_counter()
    messages = [
        mail.EmailMessage("Comunicado de prueba de carga", "Texto " * 200, to=[p.email])
        for p in people
    ]
    with mail.get_connection() as connection:
        connection.send_messages(messages)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--worker", action="store_true", help="a real broker and worker")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        _setup(os.path.join(tmp, "bench.sqlite3"), os.path.join(tmp, "media"), args.worker)
        from django.conf import settings

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        st, people = _seed(args.recipients)
        queued, sent, floor = [], [], []
        for _ in range(args.runs):
            q, s = _run(st, people, args.worker)
            queued.append(q)
            sent.append(s)
            floor.append(_floor(people))
        mode = "worker" if args.worker else "in-process (eager)"
        print(f"comunicado to {args.recipients} recipients, {args.runs} runs, {mode}")
        print(
            f"  time to queue (service, committed): median {statistics.median(queued):.3f} s"
            f"  (min {min(queued):.3f}, max {max(queued):.3f})"
        )
        print(
            f"  time until every e-mail is sent:    median {statistics.median(sent):.3f} s"
            f"  (min {min(sent):.3f}, max {max(sent):.3f})"
        )
        print(
            f"  floor (plain e-mails, one connection): median {statistics.median(floor):.3f} s"
            f"  → sent ÷ floor {statistics.median(sent) / statistics.median(floor):.0f}×"
        )


if __name__ == "__main__":
    main()
