#!/usr/bin/env bash
# Packs one MCP bundle (.mcpb) for one platform: the repository's manifest.json plus the binary at
# server/mcp-bridge (server/mcp-bridge.exe on Windows), zipped by the pinned `mcpb pack`.
#
#   scripts/release/mcpb.sh BINARY GOOS GOARCH VERSION OUTDIR
#
# writes OUTDIR/mcp-bridge_VERSION_GOOS_GOARCH.mcpb. The bundle's manifest is manifest.json with its
# version set to VERSION and compatibility.platforms narrowed to this GOOS; the Windows bundle's
# entry_point names the .exe. GoReleaser runs this after each build (.goreleaser.yaml); it needs
# `npm ci --prefix scripts/release` first, which GoReleaser's before hook does.
set -euo pipefail

if [ "$#" -ne 5 ]; then
  echo "usage: $0 BINARY GOOS GOARCH VERSION OUTDIR" >&2
  exit 2
fi
binary="$1" goos="$2" goarch="$3" version="$4" outdir="$5"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cli="$here/node_modules/@anthropic-ai/mcpb/dist/cli/cli.js"

[ -f "$binary" ] || { echo "mcpb.sh: no binary at $binary" >&2; exit 1; }
[ -f "$cli" ] || { echo "mcpb.sh: the mcpb CLI is missing: run npm ci --prefix scripts/release" >&2; exit 1; }
case "$goos" in
  linux | darwin) platform="$goos" exe="" ;;
  windows) platform="win32" exe=".exe" ;;
  *) echo "mcpb.sh: no MCPB platform for GOOS=$goos" >&2; exit 1 ;;
esac

stage="$(mktemp -d "${TMPDIR:-/tmp}/mcp-bridge-mcpb.XXXXXX")"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/server" "$outdir"
cp "$binary" "$stage/server/mcp-bridge$exe"
chmod 0755 "$stage/server/mcp-bridge$exe"

node - "$root/manifest.json" "$stage/manifest.json" "$version" "$platform" "$exe" <<'JS'
const fs = require('node:fs');
const [src, dst, version, platform, exe] = process.argv.slice(2);
const manifest = JSON.parse(fs.readFileSync(src, 'utf8'));
manifest.version = version;
manifest.compatibility = { ...manifest.compatibility, platforms: [platform] };
manifest.server.entry_point = `server/mcp-bridge${exe}`;
fs.writeFileSync(dst, `${JSON.stringify(manifest, null, 2)}\n`);
JS

out="$(cd "$outdir" && pwd)/mcp-bridge_${version}_${goos}_${goarch}.mcpb"
if ! log="$(node "$cli" pack "$stage" "$out" 2>&1)"; then
  echo "$log" >&2
  exit 1
fi
echo "mcpb.sh: wrote $out"
