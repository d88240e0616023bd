#!/usr/bin/env bash
# Installs the MCP servers the benchmark measures next to mcp-bridge, pinned, into a
# cache outside the repository, and writes DIR/peers.tsv for go run ./bench/report:
#
#   github-mcp-server   v1.0.0 from the Go module proxy (go mod download, then go build)
#   server-everything   @modelcontextprotocol/server-everything, npm ci from bench/peers
#   n8n-mcp             n8n-mcp, same npm ci
#
# Idempotent: what is already installed at the pinned version is kept, so a second
# run takes a second. A peer that cannot be installed is written as "failed" with
# the reason, and the script still exits 0: the report says so and measures the rest.
#
#   bench/peers/setup.sh [DIR]     # DIR defaults to $MCP_BRIDGE_BENCH_PEERS,
#                                  # else ~/.cache/mcp-bridge-bench
#
# peers.tsv has one line per peer: name, version, ok|failed, path or reason, note.
set -uo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
dir="${1:-${MCP_BRIDGE_BENCH_PEERS:-$HOME/.cache/mcp-bridge-bench}}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
status="$dir/peers.tsv.new"
: >"$status"

github_version=v1.0.0
log() { echo "peers: $*" >&2; }
# record NAME VERSION ok|failed DETAIL [NOTE]; tabs and newlines in fields become spaces.
record() {
  local fields=() f
  for f in "$@"; do fields+=("$(printf '%s' "$f" | tr '\t\n' '  ')"); done
  while [ "${#fields[@]}" -lt 5 ]; do fields+=(""); done
  printf '%s\t%s\t%s\t%s\t%s\n' "${fields[@]}" >>"$status"
}

# github-mcp-server: "go install ...@version" is refused because the proxy does not
# list the module's versions, but downloading the pinned version works. The module
# cache is read-only, so the source is copied out before building.
setup_github() {
  local out="$dir/github-mcp-server-$github_version"
  local bin="$out/github-mcp-server"
  if [ -x "$bin" ]; then
    record github-mcp-server "$github_version" ok "$bin"
    return
  fi
  log "building github-mcp-server $github_version (about 10-60 s)"
  local info src
  if ! info="$(cd "$dir" && GOFLAGS=-mod=mod go mod download -json "github.com/github/github-mcp-server@$github_version" 2>&1)"; then
    record github-mcp-server "$github_version" failed "go mod download: $(echo "$info" | tail -n 3)"
    return
  fi
  src="$(printf '%s\n' "$info" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  if [ -z "$src" ] || [ ! -d "$src" ]; then
    record github-mcp-server "$github_version" failed "go mod download printed no source directory"
    return
  fi
  rm -rf "$out.src" "$out.tmp" && mkdir -p "$out.tmp"
  cp -r "$src" "$out.src" && chmod -R u+w "$out.src"
  local err
  if ! err="$(cd "$out.src" && GOFLAGS=-mod=mod go build -o "$out.tmp/github-mcp-server" ./cmd/github-mcp-server 2>&1)"; then
    record github-mcp-server "$github_version" failed "go build: $(echo "$err" | tail -n 3)"
    rm -rf "$out.src" "$out.tmp"
    return
  fi
  rm -rf "$out.src" "$out" && mv "$out.tmp" "$out"
  record github-mcp-server "$github_version" ok "$bin"
}

# The npm peers, from the committed package.json and package-lock.json.
setup_npm() {
  local npmdir="$dir/npm"
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    record server-everything "" failed "node and npm are not installed"
    record n8n-mcp "" failed "node and npm are not installed"
    return
  fi
  mkdir -p "$npmdir"
  if ! cmp -s "$here/package-lock.json" "$npmdir/package-lock.json" || [ ! -f "$npmdir/node_modules/.package-lock.json" ]; then
    log "npm ci in $npmdir (a few minutes the first time: better-sqlite3 may compile)"
    cp "$here/package.json" "$here/package-lock.json" "$npmdir/"
    local err
    if ! err="$(cd "$npmdir" && npm ci --no-audit --no-fund 2>&1)"; then
      rm -f "$npmdir/package-lock.json" # so the next run tries again
      record server-everything "" failed "npm ci: $(echo "$err" | tail -n 3)"
      record n8n-mcp "" failed "npm ci: $(echo "$err" | tail -n 3)"
      return
    fi
  fi
  local mods="$npmdir/node_modules"
  npm_peer server-everything "$mods/@modelcontextprotocol/server-everything" dist/index.js ""
  local sqlite="SQLite through sql.js (WebAssembly): better-sqlite3 did not build"
  if [ -f "$mods/better-sqlite3/build/Release/better_sqlite3.node" ]; then
    sqlite="SQLite through better-sqlite3 (native)"
  fi
  npm_peer n8n-mcp "$mods/n8n-mcp" dist/mcp/stdio-wrapper.js "$sqlite"
}

# npm_peer NAME PACKAGE_DIR ENTRY NOTE records an installed npm package.
npm_peer() {
  local name="$1" pkg="$2" entry="$3" note="$4" version
  if [ ! -f "$pkg/$entry" ]; then
    record "$name" "" failed "$pkg/$entry is missing after npm ci"
    return
  fi
  version="$(node -p 'require(process.argv[1]).version' "$pkg/package.json" 2>/dev/null)"
  record "$name" "$version" ok "$pkg/$entry" "$note"
}

if command -v go >/dev/null; then
  setup_github
else
  record github-mcp-server "$github_version" failed "go is not installed"
fi
setup_npm
mv "$status" "$dir/peers.tsv"
log "wrote $dir/peers.tsv"
cat "$dir/peers.tsv" >&2
