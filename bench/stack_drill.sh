#!/usr/bin/env bash
# Stack drill (issue 23), run by .ci/run: the README's bare-metal steps with production
# settings on PostgreSQL — migrate, load the sources, collectstatic, gunicorn with
# gunicorn.conf.py, a Celery worker, Celery beat — then /health/ must answer 200 with every
# check (a worker answering the ping included). Then the cache's own Redis is stopped: the
# API must keep answering JSON (throttling degrades), an unknown API path must answer the
# JSON error shape, /health/ must say 500 and name the cache; never an HTML 500.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

DB=coalicion_stack_drill
WEB_PORT=8767
CACHE_PORT=6391
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS ${DB}" 2>/dev/null
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE ${DB}"
redis-server --port "$CACHE_PORT" --bind 127.0.0.1 --save "" --appendonly no >"$WORK/cache.log" 2>&1 &
cache_pid=$!
pids+=("$cache_pid")

export DJANGO_SETTINGS_MODULE=coalicion.settings.production
export SECRET_KEY="drill-$(head -c 32 /dev/urandom | base64 | tr -d '/+=')"
export ALLOWED_HOSTS=127.0.0.1,localhost SITE_URL=https://drill.invalid EMAIL_URL=dummymail://
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/${DB}"
export CACHE_URL="redis://127.0.0.1:${CACHE_PORT}/0"
export CELERY_BROKER_URL=redis://127.0.0.1:6379/14 CELERY_RESULT_BACKEND=redis://127.0.0.1:6379/14
export CELERY_QUEUE="stack-drill-$$" MEDIA_ROOT="$WORK/media" BACKUP_DIR="$WORK/backups"
export SECURE_SSL_REDIRECT=false GUNICORN_BIND="127.0.0.1:${WEB_PORT}" GUNICORN_WORKERS=2
py=.venv/bin/python

# The README's steps (compilemessages is skipped: the catalogues are committed compiled).
$py manage.py migrate --noinput -v0
$py manage.py load_coalition >/dev/null
$py manage.py collectstatic --noinput -v0
.venv/bin/gunicorn -c gunicorn.conf.py coalicion.wsgi:application >"$WORK/web.log" 2>&1 &
pids+=($!)
.venv/bin/celery -A coalicion worker --loglevel=INFO --pool=solo >"$WORK/worker.log" 2>&1 &
pids+=($!)
.venv/bin/celery -A coalicion beat --loglevel=INFO --schedule="$WORK/celerybeat-schedule" >"$WORK/beat.log" 2>&1 &
pids+=($!)

url="http://127.0.0.1:${WEB_PORT}"
fail() { echo "stack drill: $*"; tail -n 20 "$WORK"/*.log; exit 1; }
all_ok='import json, sys; d = json.load(sys.stdin)
sys.exit(0 if any(k.startswith("Ping") for k in d) and set(d.values()) == {"OK"} else 1)'
health=""
for _ in $(seq 90); do
  health=$(curl -s -H "Accept: application/json" "$url/health/" || true)
  if $py -c "$all_ok" <<<"$health" 2>/dev/null; then break; fi
  sleep 1
done
echo "health: $health"
$py -c "$all_ok" <<<"$health" || fail "/health/ is not OK on every check, a worker ping included"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$url/health/")" = 200 ] || fail "/health/ is not 200"
[ -s "$WORK/celerybeat-schedule" ] || ls "$WORK"/celerybeat-schedule* >/dev/null 2>&1 || fail "beat wrote no schedule"
grep -q "^[0-9T:-]*Z INFO " "$WORK/web.log" || fail "gunicorn's lines are not in the UTC format"

# A partner token, issued as ST would (the demo accounts give the ST who issues it).
demo=(env DJANGO_SETTINGS_MODULE=coalicion.settings.local DJANGO_DEBUG=true)
"${demo[@]}" $py manage.py load_demo >/dev/null
tokens=$("${demo[@]}" $py manage.py api_ci_tokens)
PARTNER_TOKEN=$(sed -n 's/^PARTNER_TOKEN=//p' <<<"$tokens")
api() { curl -s -o "$WORK/body" -w '%{http_code} %{content_type}' -H "Authorization: Token ${PARTNER_TOKEN}" "$url$1"; }

echo "API with the cache up: $(api /api/v1/countries/)"
kill "$cache_pid"; wait "$cache_pid" 2>/dev/null || true
for path in /api/v1/countries/ /api/v1/poas/; do
  answer=$(api "$path")
  echo "API with the cache down, $path: $answer"
  [[ "$answer" == "200 application/json"* ]] || fail "$path answered $answer without its cache"
done
answer=$(api /api/v1/no-such-thing/)
echo "unknown API path with the cache down: $answer $(cat "$WORK/body")"
[[ "$answer" == "404 application/json"* ]] && grep -q '"code": *"not_found"' "$WORK/body" \
  || fail "unknown API path answered $answer"
code=$(curl -s -o "$WORK/body" -w '%{http_code}' "$url/health/?format=json")
echo "health with the cache down: $code $(cat "$WORK/body")"
[ "$code" = 500 ] && grep -q '"Cache' "$WORK/body" || fail "/health/ did not report the cache"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$url/")" = 200 ] || fail "the home page failed without its cache"
echo "stack drill: passed"
