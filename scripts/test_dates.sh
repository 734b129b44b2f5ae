#!/usr/bin/env bash
# Runs the test suite (all but the browser tests and those that start other processes, whose
# timed waits libfaketime breaks: none of them reads the date) with the clock moved to the dates where a
# test that depends on today's date breaks: the first, the fifteenth and the last day of a
# month (in Paris, just before midnight), the small hours (night shifts still running),
# 29 February, and the last seconds before both of
# Europe/Paris's daylight-saving changes. libfaketime (Debian's `faketime`) moves the clock of
# the test process; the clock then runs on from there. See docs/testing.md.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}

if ! command -v faketime >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get install -y -q faketime >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q faketime >/dev/null; }
  else
    echo "faketime is needed: apt-get install faketime" >&2; exit 1
  fi
fi

# UTC instants, each named for what it is in Europe/Paris.
DATES=(
  "2026-12-31 22:58:30|the 31st of December, 23:58 in Paris (a month and a year end)"
  "2027-01-01 00:05:00|the 1st of January, 01:05 in Paris"
  "2027-05-15 10:00:00|the 15th of May, noon"
  "2027-05-16 01:30:00|the 16th of May, 03:30 in Paris (last night's shifts still running)"
  "2027-04-30 21:58:30|the 30th of April, 23:58 in Paris (a month's last day)"
  "2028-02-29 11:00:00|the 29th of February 2028"
  "2027-03-28 00:59:30|30 s before the clocks go forward (02:00 → 03:00 in Paris)"
  "2027-10-31 00:59:30|30 s before the clocks go back (03:00 → 02:00 in Paris)"
)
failed=()
for entry in "${DATES[@]}"; do
  when=${entry%%|*}; what=${entry#*|}
  printf '\n=== %s (%s UTC) ===\n' "$what" "$when"
  if ! TZ=UTC FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -f "@$when" \
      env SPP_ENV=test "$PY" -m pytest -q -m "not browser and not processes" "$@"; then
    failed+=("$when")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  printf '\nFailed with the clock at: %s\n' "${failed[*]}"; exit 1
fi
printf '\nEvery date passed.\n'
