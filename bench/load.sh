#!/usr/bin/env bash
# Load benchmark at 1× and 10× the coalition (issue #10). Loopback only: PostgreSQL on
# 127.0.0.1:5432 (databases coalicion_bench_1x, coalicion_bench_10x, built by
# bench/synthetic.py), gunicorn with 3 sync workers (as in docker-compose.yml) on
# 127.0.0.1:${BENCH_PORT:-8767}, locust headless on the same machine.
#
# Per scale: 10 concurrent clients for ${BENCH_SECONDS:-20} s on each page (dashboard, POA
# matrix, meeting page, API plan tree, API progress aggregates, the progress report form's
# largest axis page as its focal point), each then its floor, then 30 focal points saving
# their reports three times and submitting them at a deadline. Prints one Markdown table per
# scale (requests/s, p50/p95/p99, errors, SQL statements per request from the server) and
# writes them into bench/RESULTS.md.
#
#   pip install -e '.[bench]' && bash bench/load.sh        # BENCH_SCALES="1 10" by default
#   BENCH_REUSE_DB=1 bash bench/load.sh                      # keep the databases of a run
#   BENCH_SCALES=10 BENCH_PAGES= bash bench/load.sh          # the 10× deadline alone
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${BENCH_PORT:-8767}
SECONDS_PER_PAGE=${BENCH_SECONDS:-20}
SCALES=${BENCH_SCALES:-"1 10"}
# The pages measured before the deadline (BENCH_PAGES="" for the deadline alone).
PAGES=${BENCH_PAGES-"dashboard floor-progress matrix floor-matrix meeting floor-meeting api-plan floor-plan api-progress report-form floor-report"}
OUT=${BENCH_OUT:-$(mktemp -d)}
mkdir -p "$OUT"
[ -x .venv/bin/locust ] || { echo "locust is missing: .venv/bin/pip install -e '.[bench]'"; exit 1; }

export DJANGO_SETTINGS_MODULE=bench.settings EMAIL_URL=dummymail:// BENCH_OUT="$OUT"
export API_THROTTLE_TOKEN=10000000/minute API_THROTTLE_ANON=10000000/minute
# The production cache (Redis, shared by the workers), not a per-process memory cache:
# BENCH_CACHE_URL=locmemcache:// measures the embedded default instead.
export CACHE_URL=${BENCH_CACHE_URL:-redis://127.0.0.1:6379/3}
unset CELERY_BROKER_URL CELERY_RESULT_BACKEND

for scale in $SCALES; do
  db="coalicion_bench_${scale}x"
  export DATABASE_URL="postgres://postgres@127.0.0.1:5432/${db}"
  if [ "${BENCH_REUSE_DB:-0}" != 1 ]; then
    psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS ${db}" 2>/dev/null
    psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE ${db}"
    DJANGO_DEBUG=true .venv/bin/python manage.py migrate --noinput -v0
    echo "== ${scale}×: building the synthetic coalition"
    DJANGO_DEBUG=true .venv/bin/python bench/synthetic.py --scale "$scale" 2>/dev/null \
      | grep -v '^Task' | tee "$OUT/${scale}x-sizes.txt"
  fi
  # Reset the deadline's reports to drafts of version 0 so that every run starts the same.
  # (the synthetic data never bumps versions; the web form does.)
  psql -h 127.0.0.1 -U postgres -d "$db" -qc "UPDATE monitoring_progressreport
    SET status = 'draft', version = 0, submitted_at = NULL, first_submitted_at = NULL
    WHERE version > 0"
  DJANGO_DEBUG=true .venv/bin/python manage.py axes_reset >/dev/null
  # Every scale starts with the cache empty (cold pages are part of what is measured).
  case "$CACHE_URL" in redis://*) redis-cli -u "$CACHE_URL" flushdb >/dev/null ;; esac
  set -a
  eval "$(DJANGO_DEBUG=true .venv/bin/python bench/synthetic.py --env 2>/dev/null)"
  BENCH_TOKEN=$(DJANGO_DEBUG=true .venv/bin/python manage.py api_ci_tokens | sed -n 's/^PARTNER_TOKEN=//p')
  set +a

  DJANGO_DEBUG=false .venv/bin/gunicorn bench.wsgi:application --bind "127.0.0.1:${PORT}" \
    --workers 3 --access-logfile /dev/null --error-logfile "$OUT/gunicorn-${scale}x.log" &
  server=$!
  trap 'kill "$server" 2>/dev/null || true' EXIT
  for _ in $(seq 30); do curl -fs -o /dev/null "http://127.0.0.1:${PORT}/accounts/login/" && break; sleep 1; done
  curl -fs -o /dev/null -b "sessionid=${BENCH_SESSION_BENCH_ST}" "http://127.0.0.1:${PORT}/monitoring/inbox/" \
    || { echo "the ST session is not accepted"; exit 1; }

  # Each page, then its floor (bench/floor.py), so both see the same machine.
  for target in $PAGES; do
    echo "-- ${scale}× ${target}: 10 clients, ${SECONDS_PER_PAGE} s"
    BENCH_TARGET=$target .venv/bin/locust -f bench/locustfile.py --headless --only-summary \
      -H "http://127.0.0.1:${PORT}" -u 10 -r 10 -t "${SECONDS_PER_PAGE}s" \
      --csv "$OUT/${scale}x-${target}" --loglevel WARNING >/dev/null 2>"$OUT/${scale}x-${target}.log" || true
    mv "$OUT/${target}.queries.json" "$OUT/${scale}x-${target}.queries.json"
  done
  echo "-- ${scale}× deadline: 30 focal points"
  BENCH_TARGET=deadline .venv/bin/locust -f bench/locustfile.py --headless --only-summary \
    -H "http://127.0.0.1:${PORT}" -u 30 -r 30 -t 300s \
    --csv "$OUT/${scale}x-deadline" --loglevel WARNING >/dev/null 2>"$OUT/${scale}x-deadline.log" || true
  mv "$OUT/deadline.queries.json" "$OUT/${scale}x-deadline.queries.json"

  kill "$server"; wait "$server" 2>/dev/null || true
  trap - EXIT
done

# A run of some pages or scales only prints its tables: RESULTS.md keeps the whole run's.
partial=0
[ "$SCALES" = "1 10" ] && [ "${BENCH_PAGES-unset}" = unset ] || partial=1
BENCH_PARTIAL=$partial .venv/bin/python bench/results.py "$OUT" $SCALES
