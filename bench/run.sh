#!/usr/bin/env bash
# Measures mcp-bridge against its leanness targets and next to peer MCP servers in
# one run and prints the results as Markdown (progress on stderr). It installs the
# peers first (bench/peers/setup.sh: cached, so a second run skips it; a peer that
# cannot be installed is reported as such and the rest still runs). Flags go to
# the report, e.g.
#   bench/run.sh > /tmp/bench.md                      # the defaults (a few minutes)
#   bench/run.sh -n 5 -list-calls 200 -http-calls 400 -rss-calls 5000 -memory-runs 1 -benchtime 200ms
# MCP_BRIDGE_BENCH_PEERS sets where the peers are cached (~/.cache/mcp-bridge-bench).
# Then the load test (bench/load: 200 Streamable HTTP sessions x 50 calls and 50
# SSE sessions, every answer checked, memory and descriptors back to baseline)
# appends its section; MCP_BRIDGE_BENCH_LOAD=0 skips it, and LOAD_FLAGS are passed to it.
# Run it on a quiet machine if you can: every time is also given as a ratio to a
# baseline measured in the same run, but a busy machine still widens the spread.
set -euo pipefail
cd "$(dirname "$0")/.."
export MCP_BRIDGE_BENCH_PEERS="${MCP_BRIDGE_BENCH_PEERS:-$HOME/.cache/mcp-bridge-bench}"
bench/peers/setup.sh "$MCP_BRIDGE_BENCH_PEERS"
go run ./bench/report "$@"
if [ "${MCP_BRIDGE_BENCH_LOAD:-1}" != 0 ]; then
  # shellcheck disable=SC2086 # LOAD_FLAGS is a list of flags
  go run ./bench/load ${LOAD_FLAGS:-}
fi
