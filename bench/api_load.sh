#!/usr/bin/env bash
# Load benchmark of the API (issue #8). Loopback only: gunicorn with 2 workers on
# 127.0.0.1:${BENCH_PORT:-8766}, PostgreSQL database coalicion_bench on 127.0.0.1:5432
# (user postgres, trust auth), wrk with 10 connections for ${BENCH_SECONDS:-20} s per URL.
# Compares /api/v1/plan/ and /api/v1/progress/ (token auth, throttling, serializers) with
# bare Django views returning the same rows from .values() (bench/floor.py), and prints a
# Markdown table with the ratio API ÷ floor. Needs `apt-get install -y wrk`.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${BENCH_PORT:-8766}
SECONDS_PER_URL=${BENCH_SECONDS:-20}
DB=coalicion_bench
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk"; exit 1; }

export DATABASE_URL="postgres://postgres@127.0.0.1:5432/${DB}"
export DJANGO_SETTINGS_MODULE=bench.settings EMAIL_URL=dummymail://
export API_THROTTLE_TOKEN=10000000/minute API_THROTTLE_ANON=10000000/minute
unset CELERY_BROKER_URL CELERY_RESULT_BACKEND

if [ "${BENCH_REUSE_DB:-0}" != 1 ]; then
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS ${DB}" 2>/dev/null
  psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE ${DB}"
  DJANGO_DEBUG=true .venv/bin/python manage.py migrate --noinput -v0
  DJANGO_DEBUG=true .venv/bin/python manage.py load_coalition >/dev/null
  DJANGO_DEBUG=true .venv/bin/python manage.py load_demo >/dev/null
  DJANGO_DEBUG=true .venv/bin/python manage.py load_demo_meetings >/dev/null 2>&1
  DJANGO_DEBUG=true .venv/bin/python bench/seed.py --approve >/dev/null 2>&1
fi
TOKEN=$(DJANGO_DEBUG=true .venv/bin/python manage.py api_ci_tokens | sed -n 's/^PARTNER_TOKEN=//p')

DJANGO_DEBUG=false .venv/bin/gunicorn bench.wsgi:application --bind "127.0.0.1:${PORT}" \
  --workers 2 --access-logfile /dev/null --error-logfile "${TMPDIR:-/tmp}/bench-gunicorn.log" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 30); do curl -fs -o /dev/null "http://127.0.0.1:${PORT}/bench/floor/plan/" && break; sleep 1; done

run() {  # name url [auth]
  local header=()
  [ "${3:-}" = auth ] && header=(-H "Authorization: Token ${TOKEN}")
  curl -fs -o /dev/null "${header[@]}" "http://127.0.0.1:${PORT}$2"  # must answer 200
  wrk -t2 -c10 -d2s "${header[@]}" "http://127.0.0.1:${PORT}$2" >/dev/null  # warm-up
  local line
  line=$(wrk -t2 -c10 -d"${SECONDS_PER_URL}s" "${header[@]}" -s bench/wrk_report.lua \
    "http://127.0.0.1:${PORT}$2" | grep '^RESULT')
  echo "$1 $line"
}

results=$(
  run api-plan "/api/v1/plan/" auth
  run floor-plan "/bench/floor/plan/"
  run api-progress "/api/v1/progress/?year=2018&semester=1" auth
  run floor-progress "/bench/floor/progress/?year=2018&semester=1"
)
echo "$results"
python3 - "$results" "$SECONDS_PER_URL" <<'PY'
import re
import sys

rows = {}
for line in sys.argv[1].splitlines():
    name, _, rest = line.partition(" RESULT ")
    rows[name] = dict((k, float(v)) for k, v in re.findall(r"(\w+)=([\d.]+)", rest))
print(f"\n10 connections, 2 wrk threads, {sys.argv[2]} s per URL, gunicorn 2 sync workers\n")
print("| endpoint | req/s | p50 ms | p95 ms | non-2xx | floor req/s | floor p50 | floor p95 | API ÷ floor (req/s) |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for what, path in (("plan", "/api/v1/plan/"), ("progress", "/api/v1/progress/?year=2018&semester=1")):
    a, f = rows[f"api-{what}"], rows[f"floor-{what}"]
    print(
        f"| `{path}` | {a['rps']:.0f} | {a['p50_ms']:.1f} | {a['p95_ms']:.1f} | {a['non_2xx']:.0f} "
        f"| {f['rps']:.0f} | {f['p50_ms']:.1f} | {f['p95_ms']:.1f} | {a['rps'] / f['rps']:.2f} |"
    )
PY
