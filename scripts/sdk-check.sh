#!/usr/bin/env bash
# Runs iMBRACE's own TypeScript SDK test scripts that drive workflows (ts/tests/local
# in imbraceltd/api-sdk: test-activepieces.mjs and test-workflows*.mjs) against
# `mcp-bridge sandbox`, each against a fresh in-memory sandbox. This is the check
# behind "iMBRACE's SDKs against the sandbox" in docs/sandbox.md. The SDK is not on
# npm, so it needs a checkout of it; nothing of the SDK is copied here.
#
#   scripts/sdk-check.sh PATH/TO/api-sdk/ts      # npm ci and npm run build there, then the scripts
#   SDK_CHECK_NO_BUILD=1 scripts/sdk-check.sh …  # use the SDK's dist/ as it is
#
# The scripts get the sandbox's URL and key in every variable they read, and a
# preload (sdk-check/loopback-only.mjs) refuses any request to another host.
# Exits non-zero when a script fails.
set -euo pipefail

if [ $# -ne 1 ] || [ ! -f "$1/package.json" ]; then
  echo "usage: $0 PATH/TO/api-sdk/ts (the SDK's TypeScript package)" >&2
  exit 2
fi
sdk="$(cd "$1" && pwd)"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
# pkg FIELD prints a field of the SDK's package.json.
pkg() { node -p 'require(process.argv[1])[process.argv[2]]' "$sdk/package.json" "$1"; }
if [ "$(pkg name)" != "@imbrace/sdk" ]; then
  echo "sdk-check: $sdk/package.json is not the @imbrace/sdk package" >&2
  exit 2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/mcp-bridge-sdk-check.XXXXXX")"
sandbox_pid=""
cleanup() {
  [ -n "$sandbox_pid" ] && kill "$sandbox_pid" 2>/dev/null && wait "$sandbox_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

if [ -z "${SDK_CHECK_NO_BUILD:-}" ]; then
  echo "== building the SDK in $sdk"
  (cd "$sdk" && npm ci --no-audit --no-fund --loglevel=error && npm run build)
fi
echo "== go build ./cmd/mcp-bridge"
(cd "$root" && go build -o "$work/mcp-bridge" ./cmd/mcp-bridge)

# The scripts import @imbrace/sdk (or ../../dist/client.js): a folder where both
# resolve to the checkout, as the SDK's own npm link set-up does.
run="$work/run"
mkdir -p "$run/tests/local" "$run/node_modules/@imbrace"
ln -s "$sdk" "$run/node_modules/@imbrace/sdk"
ln -s "$sdk/dist" "$run/dist"
echo '{"type":"module","private":true}' >"$run/package.json"

key="sdk-check-key-0123456789"
scripts=()
for f in "$sdk"/tests/local/test-activepieces.mjs "$sdk"/tests/local/test-workflows*.mjs; do
  [ -f "$f" ] && scripts+=("$(basename "$f")") && cp "$f" "$run/tests/local/"
done
if [ ${#scripts[@]} -eq 0 ]; then
  echo "sdk-check: no test-activepieces.mjs or test-workflows*.mjs in $sdk/tests/local" >&2
  exit 2
fi

status=0
summary=()
for script in "${scripts[@]}"; do
  log="$work/$script.sandbox.log"
  MCP_BRIDGE_SANDBOX_API_KEYS="$key" "$work/mcp-bridge" sandbox --addr 127.0.0.1:0 --sandbox-data :memory: \
    --log-format json >"$log" 2>&1 &
  sandbox_pid=$!
  url=""
  for _ in $(seq 100); do
    url="$(sed -n 's/.*"msg":"serving the sandbox engine".*"url":"\([^"]*\)".*/\1/p' "$log")"
    [ -n "$url" ] && break
    kill -0 "$sandbox_pid" 2>/dev/null || break # it exited: its log says why
    sleep 0.1
  done
  if [ -z "$url" ]; then
    cat "$log" >&2
    exit 1
  fi
  echo "== $script against $url"
  out="$work/$script.out"
  script_status=0
  (cd "$run/tests/local" && env IMBRACE_GATEWAY_URL="$url" IMBRACE_BASE_URL="$url" IMBRACE_API_KEY="$key" \
    IMBRACE_ACCESS_TOKEN="$key" AUTH_MODE=api-key \
    node --import "$here/sdk-check/loopback-only.mjs" "$script") >"$out" 2>&1 || script_status=$?
  cat "$out"
  kill "$sandbox_pid" 2>/dev/null && wait "$sandbox_pid" 2>/dev/null || true
  sandbox_pid=""
  result="$(grep -E '[0-9]+ passed' "$out" | tail -n1 | sed 's/^ *//' || true)"
  summary+=("$script: ${result:-no summary line} (exit $script_status)")
  [ "$script_status" -eq 0 ] || status=1
done

echo "== summary (SDK $(pkg version))"
printf '  %s\n' "${summary[@]}"
exit "$status"
