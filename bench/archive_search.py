"""Archive search on PostgreSQL at 10,000 documents (issue 18).

    .venv/bin/python bench/archive_search.py [--docs 10000] [--searches 50]
        [--server postgres://postgres@127.0.0.1:5432]

Creates a throwaway database `bench_archive` on the server, migrates it, bulk-creates the
documents (Spanish titles, descriptions and extracted text built from the vocabulary of
/work/shared/seeds/*.txt, a mix of access levels, years, kinds), then times searches as the
archive's page runs them (communications.selectors.document_list: the access rule, the
full-text match with ranking, the count and the first page of 25) for a member of ST; prints
p50 / p95 / max and the plan of one search; drops the database."""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEEDS = Path("/work/shared/seeds")
DB = "bench_archive"


def vocabulary() -> list[str]:
    words: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
        words += re.findall(r"[A-Za-zÁÉÍÓÚÜÑáéíóúüñ]{4,}", path.read_text(errors="ignore"))
    return words or ["víctimas", "trata", "personas", "migrantes", "protección"]


def sentence(rng: random.Random, words: list[str], n: int) -> str:
    start = rng.randrange(max(1, len(words) - n))
    return " ".join(words[start : start + n])  # consecutive words: real Spanish phrases


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--searches", type=int, default=50)
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    args = parser.parse_args()

    import psycopg

    with psycopg.connect(f"{args.server}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DB}")
        admin.execute(f"CREATE DATABASE {DB}")
    os.environ["DATABASE_URL"] = f"{args.server}/{DB}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coalicion.settings.test")
    import django

    django.setup()
    try:
        run(args)
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(f"{args.server}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {DB}")


def run(args) -> None:
    from django.core.management import call_command
    from django.db import connection

    from communications.models import AccessLevel, Document
    from communications.search import search_text_of
    from communications.selectors.archive import ArchiveFilters, document_list
    from members.models import User

    call_command("migrate", verbosity=0)
    rng = random.Random(18)
    words = vocabulary()
    kinds = [k for k, _label in Document.Kind.choices]
    levels = [AccessLevel.PUBLIC, AccessLevel.MEMBERS, AccessLevel.RESTRICTED]
    started = time.perf_counter()
    batch = []
    for _ in range(args.docs):
        title = sentence(rng, words, rng.randint(4, 10)).capitalize()
        description = sentence(rng, words, rng.randint(10, 30))
        text = sentence(rng, words, rng.randint(300, 1500))
        year = rng.randint(2011, 2026)
        batch.append(
            Document(
                title=title[:300],
                description=description,
                kind=rng.choice(kinds),
                year=year,
                access=rng.choice(levels),
                search_text=search_text_of(title=title, description=description, text=text),
            )
        )
        if len(batch) == 1000:
            Document.objects.bulk_create(batch)
            batch = []
    Document.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE communications_document")
    print(f"{args.docs} documents created in {time.perf_counter() - started:.1f} s")

    reader = User(username="bench-st", role=User.Role.SECRETARIAT, is_active=True)
    queries = [rng.choice(words) for _ in range(args.searches // 2)]
    queries += [f"{rng.choice(words)} {rng.choice(words)}" for _ in range(args.searches // 4)]
    queries += ["victimas", "trata de personas", "proteccion migrantes", "informe anual"]
    queries = (queries * 2)[: args.searches]
    times, hits = [], []
    for q in queries:
        t0 = time.perf_counter()
        qs = document_list(user=reader, filters=ArchiveFilters(q=q))
        n = qs.count()
        list(qs[:25])
        times.append((time.perf_counter() - t0) * 1000)
        hits.append(n)
    times.sort()
    p95 = times[max(0, int(round(0.95 * len(times))) - 1)]
    print(
        f"{len(times)} searches: p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, "
        f"max {times[-1]:.1f} ms; hits median {statistics.median(hits):.0f}"
    )
    qs = document_list(user=reader, filters=ArchiveFilters(q="victimas"))
    print("plan of 'victimas':")
    print(qs.explain())


if __name__ == "__main__":
    main()
