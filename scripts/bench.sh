#!/usr/bin/env bash
# `make bench`: run every benchmarks/bench_*.py (or only those named: scripts/bench.sh home_pages),
# each on its own throwaway SQLite database under a temporary directory removed afterwards.
# Figures are printed as ratios against a baseline measured in the same run, with the absolute
# numbers; nothing is asserted, so a slow machine never fails the run.
set -uo pipefail
PY=${PY:-.venv/bin/python}
cd "$(dirname "$0")/.."
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dxpilot-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
status=0
for bench in benchmarks/bench_*.py; do
  name=$(basename "$bench" .py)
  if [ $# -gt 0 ] && [[ ! " $* " =~ [[:space:]](${name#bench_}|$name)[[:space:]] ]]; then continue; fi
  mkdir -p "$tmp/$name"
  printf '\n######## %s ########\n' "$name"
  env DXPILOT_DEBUG=true \
      DATABASE_URL="sqlite:///$tmp/$name/bench.sqlite3" \
      DXPILOT_VAR_DIR="$tmp/$name" \
      DJANGO_SETTINGS_MODULE=dxpilot.settings \
      "$PY" "$bench" || { echo "!!! $name failed"; status=1; }
done
[ $status -eq 0 ] || echo "Some benchmarks FAILED."
exit $status
