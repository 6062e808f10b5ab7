#!/usr/bin/env bash
# The test passes behind `make test`: SQLite, PostgreSQL, then the browser journeys.
# A pass whose tool is missing is skipped LOUDLY; with CI=true a skip is a failure.
set -uo pipefail
PY=${PY:-.venv/bin/python}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
# Unit and integration passes run on every core (pytest-xdist); WORKERS=0 runs them in-process.
WORKERS=${WORKERS:-auto}
status=0
skipped=()

banner() { printf '\n==== %s ====\n' "$*"; }
skip() {
  printf '\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n'
  printf '!!! SKIPPED: %s\n' "$*"
  printf '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n'
  skipped+=("$*")
}

banner "pass 1/3: unit and integration tests on SQLite"
env -u DATABASE_URL "$PY" -m pytest -q -m "not browser" -n "$WORKERS" "$@" || status=1

if bash scripts/pg.sh available; then
  banner "pass 2/3: unit and integration tests on PostgreSQL (throwaway cluster)"
  trap 'bash scripts/pg.sh stop' EXIT
  eval "$(bash scripts/pg.sh start)" || { echo "could not start PostgreSQL"; status=1; }
  if [ -n "${DATABASE_URL:-}" ]; then
    DATABASE_URL="$DATABASE_URL" "$PY" -m pytest -q -m "not browser" -n "$WORKERS" "$@" || status=1
  fi
  bash scripts/pg.sh stop
  unset DATABASE_URL
else
  skip "PostgreSQL pass: no PostgreSQL binaries (/usr/lib/postgresql/*/bin) on this machine"
fi

if [ -x "$CHROMIUM" ]; then
  banner "pass 3/3: browser journeys (Playwright + $CHROMIUM, headless)"
  # A file database (WAL, busy timeout): the live server answers the page's parallel HTMX
  # requests on several connections, which in-memory shared-cache SQLite refuses ("table locked").
  browser_db=$(mktemp -d)/browser.sqlite3
  env -u DATABASE_URL DXPILOT_TEST_SQLITE_NAME="$browser_db" "$PY" -m pytest -q -m browser "$@" || status=1
  rm -rf "$(dirname "$browser_db")"
else
  skip "browser pass: $CHROMIUM not found (apt-get install chromium fonts-noto-cjk)"
fi

if [ ${#skipped[@]} -gt 0 ]; then
  printf '\nSkipped passes:\n'; printf '  - %s\n' "${skipped[@]}"
  if [ "${CI:-}" = "true" ]; then echo "CI=true: a skipped pass is a failure."; status=1; fi
fi
[ $status -eq 0 ] && echo "All test passes succeeded." || echo "Some test passes FAILED."
exit $status
