#!/usr/bin/env bash
# Backup and restore drill (issue #10), run by .ci/run: the README's command pair on a
# database with the synthetic coalition (bench/synthetic.py, 1×, two years) and uploaded
# files, restored into an empty database and an empty media folder; every table's row count
# and checksum and every file's checksum must be equal (manage.py data_checksums).
#
#   bash bench/backup_drill.sh postgres   # pg_dump / pg_restore (PostgreSQL 127.0.0.1:5432)
#   bash bench/backup_drill.sh sqlite     # the embedded default's SQLite file
set -euo pipefail
cd "$(dirname "$0")/.."
ENGINE=${1:-postgres}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export DJANGO_SETTINGS_MODULE=coalicion.settings.local DJANGO_DEBUG=true EMAIL_URL=dummymail://
export BACKUP_DIR="$WORK/backups"
unset CELERY_BROKER_URL CELERY_RESULT_BACKEND
py=.venv/bin/python

if [ "$ENGINE" = postgres ]; then
  for db in coalicion_drill_src coalicion_drill_dst; do
    psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS ${db}" 2>/dev/null
    psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE ${db}"
  done
  SRC="postgres://postgres@127.0.0.1:5432/coalicion_drill_src"
  DST="postgres://postgres@127.0.0.1:5432/coalicion_drill_dst"
else
  SRC="sqlite:///$WORK/src.sqlite3"
  DST="sqlite:///$WORK/dst.sqlite3"
fi

# The source: migrations, the source documents, the synthetic coalition, uploaded files.
export DATABASE_URL=$SRC MEDIA_ROOT="$WORK/media-src"
$py manage.py migrate --noinput -v0
$py bench/synthetic.py --scale 1 --years 2 2>/dev/null | grep -E "^(progress rows|agreements)"
mkdir -p "$MEDIA_ROOT/members/letters" "$MEDIA_ROOT/monitoring/evidence"
for i in 1 2 3; do
  printf '%%PDF-1.4\n%% letter %s\n%%%%EOF\n' "$i" >"$MEDIA_ROOT/members/letters/carta-$i.pdf"
  head -c 200000 /dev/urandom >"$MEDIA_ROOT/monitoring/evidence/informe-$i.pdf"
done
$py manage.py data_checksums >"$WORK/before.txt"

# The documented pair (README "Backup and restore").
start=$(date +%s.%N)
$py manage.py dbbackup --noinput -q
$py manage.py mediabackup --noinput -q
backed=$(date +%s.%N)
export DATABASE_URL=$DST MEDIA_ROOT="$WORK/media-dst"
mkdir -p "$MEDIA_ROOT"
$py manage.py dbrestore --noinput -q
$py manage.py mediarestore --noinput -q
restored=$(date +%s.%N)

$py manage.py data_checksums >"$WORK/after.txt"
tables=$(grep -c '^table ' "$WORK/before.txt")
rows=$(awk '$1 == "table" { n += $3 } END { print n }' "$WORK/before.txt")
files=$(grep -c '^file ' "$WORK/before.txt")
printf 'backup %.1f s, restore %.1f s, %s of backups\n' \
  "$(echo "$backed - $start" | bc)" "$(echo "$restored - $backed" | bc)" "$(du -sh "$BACKUP_DIR" | cut -f1)"
if diff "$WORK/before.txt" "$WORK/after.txt"; then
  echo "${ENGINE}: round trip equal: ${tables} tables, ${rows} rows, ${files} media files (counts and checksums)"
else
  echo "${ENGINE}: the restored data differs from the backed-up data"
  exit 1
fi
