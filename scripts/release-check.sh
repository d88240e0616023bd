#!/usr/bin/env bash
# The release check (docs/releasing.md): builds a snapshot release the way a real one is built and
# tries every artefact the way people will use it. Needs Go 1.26 and Node 20+ with npm; every tool
# comes pinned through the Go module proxy or the committed npm lock file, nothing is published.
#
#   scripts/release-check.sh
#
#  1. GoReleaser (pinned, via `go run`, not in go.mod): `check`, then `release --snapshot --clean`,
#     whose before hooks run `npm ci` in scripts/release and the version check (versions.mjs);
#  2. dist/: six static, stamped binaries, archives, checksums, and one .mcpb per platform that
#     `mcpb validate` accepts (check/artefacts.mjs);
#  3. npm: scripts/release/npm.sh packs the six platform packages and @mcp-bridge/cli; the main one
#     and this machine's platform one are installed offline into an empty directory, where the
#     other platforms' optional packages must be skipped without an error; then `npx -y
#     @mcp-bridge/cli` must answer MCP initialize + tools/list (35+ tools), and the launcher must
#     pass on environment, SIGTERM and exit codes and name a missing platform package
#     (check/npm-launcher.mjs);
#  4. server.json against the registry's schema, taken from the Go module
#     github.com/modelcontextprotocol/registry in the module cache (check/server-json.mjs);
#  5. the Dockerfile's shape, and its build stage's `go build` run on a copy of the build context
#     (check/dockerfile.mjs): no Docker engine is needed, none is used.
#
# Writes dist/ (kept: it is the snapshot release) and a temporary directory (removed).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
release="$root/scripts/release"
goreleaser=(go run github.com/goreleaser/goreleaser/v2@v2.15.1)
registry_module="github.com/modelcontextprotocol/registry@v1.8.9"

work="$(mktemp -d "${TMPDIR:-/tmp}/mcp-bridge-release-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

started=$SECONDS
step() {
  echo
  echo "== $* (at $((SECONDS - started))s)"
}
# Runs a command quietly; on failure shows the end of its output.
quiet() {
  local log="$work/step.log"
  if ! "$@" >"$log" 2>&1; then
    tail -n 60 "$log" >&2
    echo "release-check: failed: $*" >&2
    exit 1
  fi
}

step "prerequisites"
go_version="$(go env GOVERSION)"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
echo "$go_version, node $(node --version), npm $(npm --version)"
case "$go_version" in
  go1.2[6-9]* | go1.[3-9]*) ;;
  *) echo "release-check: Go 1.26 or newer is needed, found $go_version" >&2; exit 1 ;;
esac
[ "$node_major" -ge 20 ] || { echo "release-check: Node 20 or newer is needed" >&2; exit 1; }
host="$(node -p 'process.platform + "-" + process.arch')"

step "versions (manifest.json, server.json)"
node "$release/versions.mjs"

step "goreleaser check"
quiet "${goreleaser[@]}" check
echo "ok"

step "goreleaser release --snapshot --clean"
quiet "${goreleaser[@]}" release --snapshot --clean
grep -E 'mcpb.sh: wrote|release succeeded' "$work/step.log" | sed -E 's/.*(mcpb.sh: wrote|release succeeded)/\1/' || true
version="$(node -p 'require(process.argv[1]).version' "$root/dist/metadata.json")"
echo "snapshot version $version"

step "dist/: binaries, archives, checksums, bundles"
node "$release/check/artefacts.mjs" "$root/dist"

step "npm: pack every package (scripts/release/npm.sh)"
"$release/npm.sh" --dist "$root/dist" --out "$work/npm" | tee "$work/tarballs.txt"
main_tgz="$(awk '$1 == "main" { print $2 }' "$work/tarballs.txt")"
host_tgz="$(awk -v h="$host" '$1 == h { print $2 }' "$work/tarballs.txt")"
[ -n "$main_tgz" ] && [ -n "$host_tgz" ] || { echo "release-check: no tarball for main or $host" >&2; exit 1; }

step "npm: install @mcp-bridge/cli and @mcp-bridge/cli-$host offline into an empty directory"
# An empty cache of its own: nothing can come from an earlier install, and the other platforms'
# packages, which are nowhere to be had offline, must be skipped as optional.
export npm_config_cache="$work/npm-cache"
export npm_config_update_notifier=false
mkdir -p "$work/install"
if ! (cd "$work/install" && npm install --offline --no-audit --no-fund "$main_tgz" "$host_tgz") >"$work/install.log" 2>&1; then
  cat "$work/install.log" >&2
  echo "release-check: npm install failed" >&2
  exit 1
fi
cat "$work/install.log"
if grep -Ei 'npm (error|err!)' "$work/install.log" >/dev/null; then
  echo "release-check: npm install reported an error" >&2
  exit 1
fi
installed="$(ls "$work/install/node_modules/@mcp-bridge" | tr '\n' ' ')"
if [ "$installed" != "cli cli-$host " ]; then
  echo "release-check: expected exactly cli and cli-$host under node_modules/@mcp-bridge, found: $installed" >&2
  exit 1
fi
echo "ok: installed $installed; the other platforms' optional packages were skipped"

step "npm: npx -y @mcp-bridge/cli over stdio, and the launcher"
node "$release/check/npm-launcher.mjs" "$work/install" "$version"

step "server.json against the registry schema ($registry_module)"
module_dir="$(cd "$work" && GOFLAGS= go mod download -json "$registry_module" | node -e \
  'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).Dir))')"
schema_version="$(node -p 'require(process.argv[1]).$schema.match(/schemas\/([^/]+)\/server\.schema\.json$/)[1]' "$root/server.json")"
schema="$module_dir/internal/validators/schemas/$schema_version.json"
[ -f "$schema" ] || { echo "release-check: $registry_module has no schema $schema_version" >&2; exit 1; }
cp "$schema" "$work/server.schema.json"
echo "schema: $registry_module internal/validators/schemas/$schema_version.json"
node "$release/check/server-json.mjs" "$work/server.schema.json"

step "Dockerfile (parsed, and its go build run on the build context; no image built)"
node "$release/check/dockerfile.mjs"

echo
echo "release-check: all passed in $((SECONDS - started))s (snapshot $version in dist/)"
