#!/usr/bin/env bash
# mypy (django-stubs, djangorestframework-stubs) over the apps. Errors already known are listed
# in mypy-baseline.txt (file, code and message, without line numbers): a new one fails; the
# baseline only shrinks (`scripts/typecheck.sh --update` after fixing some).
set -euo pipefail
cd "$(dirname "$0")/.."
baseline=mypy-baseline.txt
current=$(mktemp)
.venv/bin/mypy common coalicion members communications plans directories stats meetings events monitoring presidency reports portal 2>/dev/null \
  | grep ': error: ' | sed -E 's/^([^:]+):[0-9]+: /\1: /' | LC_ALL=C sort > "$current" || true
if [ "${1:-}" = "--update" ]; then
  cp "$current" "$baseline"
  echo "mypy baseline: $(wc -l < "$baseline") known errors"
  exit 0
fi
new=$(LC_ALL=C comm -13 "$baseline" "$current")
if [ -n "$new" ]; then
  echo "mypy: errors not in $baseline:"
  echo "$new"
  exit 1
fi
echo "mypy: $(wc -l < "$current") known errors, none new (baseline $(wc -l < "$baseline"))"
if [ "$(wc -l < "$current")" -lt "$(wc -l < "$baseline")" ]; then
  echo "mypy: fewer errors than the baseline: run scripts/typecheck.sh --update to shrink it"
fi
