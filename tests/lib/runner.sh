# shellcheck shell=bash
# Sourced by tests/clients/run.sh and tests/browser/run.sh, which each run a Node
# test runner against a built mcp-bridge. It holds what they share: a work
# directory removed on exit, npm ci, the build, and running the test runner in a
# process group of its own, so that exit ends it with every server and browser
# it started.

# start_work NAME makes $work, a new temporary directory that exit removes
# after ending the runner's process group.
start_work() {
  work="$(mktemp -d "${TMPDIR:-/tmp}/mcp-bridge-$1.XXXXXX")"
  runner_pid=""
  trap end_work EXIT
  trap 'exit 130' INT TERM
}

end_work() {
  if [ -n "$runner_pid" ] && kill -0 "$runner_pid" 2>/dev/null; then
    kill -TERM -- "-$runner_pid" 2>/dev/null || true
    sleep 1
    kill -KILL -- "-$runner_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}

# npm_ci DIR installs DIR's locked packages, printing npm's log only on failure.
npm_ci() {
  echo "== npm ci (${1#"$root"/})"
  (cd "$1" && npm ci --no-audit --no-fund --loglevel=error >"$work/npm.log" 2>&1) || {
    cat "$work/npm.log" >&2
    exit 1
  }
}

# use_bridge builds ./cmd/mcp-bridge into $work and exports MCP_BRIDGE_BIN,
# unless MCP_BRIDGE_BIN already names a binary (made absolute here, since the
# runners start in their own directories).
use_bridge() {
  if [ -z "${MCP_BRIDGE_BIN:-}" ]; then
    echo "== go build ./cmd/mcp-bridge"
    (cd "$root" && go build -o "$work/mcp-bridge" ./cmd/mcp-bridge)
    MCP_BRIDGE_BIN="$work/mcp-bridge"
  else
    MCP_BRIDGE_BIN="$(cd "$(dirname "$MCP_BRIDGE_BIN")" && pwd)/$(basename "$MCP_BRIDGE_BIN")"
  fi
  export MCP_BRIDGE_BIN
}

# run_runner SECONDS COMMAND... runs COMMAND as the leader of its own process
# group (setsid), which end_work can end as a whole, killed after SECONDS
# (and 15 s more at worst). It sets $status to COMMAND's exit status.
run_runner() {
  local limit=$1
  shift
  status=0
  setsid timeout --kill-after=15 "$limit" "$@" &
  runner_pid=$!
  wait "$runner_pid" || status=$?
  runner_pid=""
}
