#!/usr/bin/env bash
# Measures mcp-bridge against its leanness targets in one run and prints the
# results as Markdown (progress on stderr). Flags go to the report, e.g.
#   bench/run.sh -n 40 -memory-runs 3 -benchtime 1s > /tmp/bench.md
# Run it on a quiet machine if you can: every time is also given as a ratio to a
# baseline measured in the same run, but a busy machine still widens the spread.
set -euo pipefail
cd "$(dirname "$0")/.."
exec go run ./bench/report "$@"
