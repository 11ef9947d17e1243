"""Markdown tables of a bench/load.sh run: python bench/results.py OUT_DIR SCALE [SCALE ...]

Reads locust's CSV statistics and the statements per request the server reported
(X-SQL-Queries), prints one table per scale and replaces the "Load at 1× and 10×" section
of bench/RESULTS.md with them and the machine's description."""

from __future__ import annotations

import csv
import json
import os
import platform
import re
import subprocess
import sys
from pathlib import Path

RESULTS = Path(__file__).with_name("RESULTS.md")
PAGES = ["dashboard", "matrix", "meeting", "api-plan", "api-progress", "report-form"]
# Each page's floor (bench/floor.py), run by bench/load.sh right after it: the same rows
# from .values() as JSON. The dashboard's is the per-activity means its figures start from.
FLOORS = {
    "dashboard": "floor-progress",
    "matrix": "floor-matrix",
    "meeting": "floor-meeting",
    "api-plan": "floor-plan",
    "api-progress": "floor-progress",
    "report-form": "floor-report",
}
LABELS = {
    "dashboard": "dashboard (`/monitoring/`, latest POA, semester I)",
    "matrix": "POA matrix (`/plans/poa/<latest>/`)",
    "meeting": "meeting page (`/meetings/<pk>/`)",
    "api-plan": "API plan tree (`/api/v1/plan/`)",
    "api-progress": "API progress aggregates (`/api/v1/progress/`)",
    "report-form": "progress report form (its largest axis's page, as its focal point)",
    "report form": "deadline: report form (GET)",
    "report save": "deadline: report save (POST)",
    "report save + submit": "deadline: save + submit (POST)",
}
START, END = "<!-- load:start -->", "<!-- load:end -->"


def _stats(path: Path) -> dict[str, dict]:
    if not path.exists():
        return {}
    with path.open() as f:
        return {row["Name"]: row for row in csv.DictReader(f)}


def _row(label: str, stats: dict, queries: dict | None, floor: dict | None = None) -> str:
    q = "—"
    if queries:
        q = (
            f"{queries['mean']:g}"
            if queries["min"] == queries["max"]
            else (f"{queries['min']}–{queries['max']} (mean {queries['mean']:g})")
        )
    beside = "| — | — | — |"
    if floor:
        ratio = float(stats["Requests/s"]) / float(floor["Requests/s"])
        beside = f"| {float(floor['Requests/s']):.1f} | {floor['95%']} | {ratio:.2f} |"
    return (
        f"| {label} | {int(stats['Request Count']):,} | {float(stats['Requests/s']):.1f} "
        f"| {stats['50%']} | {stats['95%']} | {stats['99%']} | {stats['Failure Count']} | {q} "
        + beside
    )


def table(out: Path, scale: str) -> list[str]:
    lines = [
        f"### {scale}×",
        "",
        *[
            f"    {line}"
            for line in (out / f"{scale}x-sizes.txt").read_text().splitlines()
            # the sizes, not what load_coalition's loaders said they loaded
            if line and not line.startswith(("members:", "plans:")) and ": loaded (" not in line
        ],
        "",
        "| page | requests | req/s | p50 ms | p95 ms | p99 ms | errors | SQL per request "
        "| floor req/s | floor p95 ms | page ÷ floor (req/s) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for target in PAGES:
        stats = _stats(out / f"{scale}x-{target}_stats.csv").get(target)
        floor = _stats(out / f"{scale}x-{FLOORS[target]}_stats.csv").get(FLOORS[target])
        if stats:
            q = json.loads((out / f"{scale}x-{target}.queries.json").read_text())["queries"]
            lines.append(_row(LABELS[target], stats, q.get(target), floor))
    deadline = _stats(out / f"{scale}x-deadline_stats.csv")
    extra = json.loads((out / f"{scale}x-deadline.queries.json").read_text())
    for name in ("report form", "report save", "report save + submit"):
        if name in deadline:
            lines.append(_row(LABELS[name], deadline[name], extra["queries"].get(name)))
    outcomes = ", ".join(f"{k}: {v}" for k, v in sorted(extra["outcomes"].items()))
    lines += ["", f"Deadline outcomes (30 focal-point sessions): {outcomes}.", ""]
    return lines


def machine() -> str:
    cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    mem = re.search(r"MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text())
    pg = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
    return (
        f"{os.cpu_count()} cores ({cpu.group(1) if cpu else '?'}), "
        f"{int(mem.group(1)) // 1024 // 1024 if mem else '?'} GiB, {platform.platform()}, "
        f"Python {platform.python_version()}, {pg}"
    )


def main(out: Path, scales: list[str]) -> None:
    section = [
        START,
        "## Load at 1× and 10× (issues #10, 24)",
        "",
        f"Machine: {machine()}. gunicorn (3 sync workers), PostgreSQL and locust share it.",
        "Pages: 10 concurrent clients, no think time, each page alone for the run's length,",
        "then its floor (bench/floor.py: the same rows from `.values()` as JSON) the same way.",
        "Deadline: 30 focal-point sessions, each saving its report three times through the",
        "web form (0.5–1.5 s between requests; a long report one strategic axis per page)",
        "then submitting it; the run ends when all are done. SQL per request is counted by the server (bench/middleware.py) and includes",
        "the session, authentication and transaction statements.",
        "",
    ]
    for scale in scales:
        section += table(out, scale)
    section.append(END)
    text = "\n".join(section)
    print(text)
    if os.environ.get("BENCH_PARTIAL") == "1":  # some pages or scales only: print, keep the file
        return
    current = RESULTS.read_text()
    if START in current:
        current = current[: current.index(START)] + text + current[current.index(END) + len(END) :]
    else:
        current = current.rstrip() + "\n\n" + text + "\n"
    RESULTS.write_text(current)


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2:])
