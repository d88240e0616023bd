#!/usr/bin/env bash
# Runs every Go fuzz target (func FuzzXxx in a _test.go file) for a while each:
#   scripts/fuzz.sh          # 5 s per target, as the test command does
#   scripts/fuzz.sh 10m      # longer, when hunting
# Seeds live in each package's testdata/fuzz/<FuzzName>/ and in f.Add calls; a
# failing input is written there by Go and then runs as a plain test.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${1:-5s}
git ls-files '*_test.go' | xargs grep -l '^func Fuzz' | while read -r file; do
  pkg="./$(dirname "$file")"
  for target in $(grep -o '^func Fuzz[A-Za-z0-9_]*' "$file" | cut -d' ' -f2); do
    echo "-- $pkg $target ($fuzztime)"
    go test "$pkg" -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" >/tmp/fuzz-$$.log 2>&1 || { cat /tmp/fuzz-$$.log; exit 1; }
  done
done
rm -f /tmp/fuzz-$$.log
