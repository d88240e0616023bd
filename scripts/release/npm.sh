#!/usr/bin/env bash
# Builds the npm packages from release binaries: one package per platform holding the binary
# (@mcp-bridge/cli-<os>-<cpu>, with "os" and "cpu" so npm installs only the matching one) and the
# main package @mcp-bridge/cli (npm/cli: a Node launcher whose optionalDependencies name them all),
# every one stamped with the release version, each packed with `npm pack`.
#
#   scripts/release/npm.sh                      # binaries and version from GoReleaser's dist/
#   scripts/release/npm.sh --dist DIR --out DIR
#   scripts/release/npm.sh --version 1.2.3 --binary linux-x64=./mcp-bridge [--binary ...]
#
# --binary (repeatable) takes binaries from anywhere, e.g. a plain `go build`; only the platforms
# named are packed then. Tarballs land in OUT (default DIST/npm); the list is printed, one
# "PLATFORM TARBALL" a line ("main" for @mcp-bridge/cli). Publish with `npm publish` on each
# platform tarball first, then the main one (docs/releasing.md).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
dist="$root/dist" out="" version=""
binaries=()
while [ "$#" -gt 0 ]; do
  case "$1" in
    --dist) dist="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --version) version="$2"; shift 2 ;;
    --binary) binaries+=("$2"); shift 2 ;;
    *) echo "usage: $0 [--dist DIR] [--out DIR] [--version V] [--binary PLATFORM=PATH]..." >&2; exit 2 ;;
  esac
done
dist="$(cd "$dist" 2>/dev/null && pwd)" || { echo "npm.sh: no dist directory" >&2; exit 1; }
out="${out:-$dist/npm}"

if [ -z "$version" ]; then
  [ -f "$dist/metadata.json" ] || { echo "npm.sh: give --version, or run GoReleaser first ($dist/metadata.json)" >&2; exit 1; }
  version="$(node -p 'require(process.argv[1]).version' "$dist/metadata.json")"
fi

# PLATFORM=PATH pairs: given, or GoReleaser's binaries (artifacts.json, paths relative to the root).
if [ "${#binaries[@]}" -eq 0 ]; then
  [ -f "$dist/artifacts.json" ] || { echo "npm.sh: give --binary, or run GoReleaser first ($dist/artifacts.json)" >&2; exit 1; }
  while IFS= read -r line; do binaries+=("$line"); done < <(node - "$dist/artifacts.json" "$root" <<'JS'
const path = require('node:path');
const [file, root] = process.argv.slice(2);
const os = { linux: 'linux', darwin: 'darwin', windows: 'win32' };
const cpu = { amd64: 'x64', arm64: 'arm64' };
for (const a of require(file)) {
  if (a.type === 'Binary' && os[a.goos] && cpu[a.goarch]) {
    console.log(`${os[a.goos]}-${cpu[a.goarch]}=${path.resolve(root, a.path)}`);
  }
}
JS
  )
  [ "${#binaries[@]}" -gt 0 ] || { echo "npm.sh: artifacts.json lists no binaries" >&2; exit 1; }
fi

rm -rf "$out"
mkdir -p "$out/stage"
pack() { # DIR -> prints the tarball's path
  local name
  name="$(cd "$1" && npm pack --pack-destination "$out" --loglevel=error --json | node -e \
    'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s)[0].filename))')"
  echo "$out/$name"
}

for pair in "${binaries[@]}"; do
  platform="${pair%%=*}" binary="${pair#*=}"
  case "$platform" in
    linux-x64 | linux-arm64 | darwin-x64 | darwin-arm64) exe="" ;;
    win32-x64 | win32-arm64) exe=".exe" ;;
    *) echo "npm.sh: unknown platform $platform (want linux|darwin|win32 - x64|arm64)" >&2; exit 2 ;;
  esac
  [ -f "$binary" ] || { echo "npm.sh: no binary at $binary" >&2; exit 1; }
  dir="$out/stage/cli-$platform"
  mkdir -p "$dir/bin"
  cp "$binary" "$dir/bin/mcp-bridge$exe"
  chmod 0755 "$dir/bin/mcp-bridge$exe"
  node - "$root/npm/cli/package.json" "$dir" "$platform" "$version" "$exe" <<'JS'
const fs = require('node:fs');
const [mainFile, dir, platform, version, exe] = process.argv.slice(2);
const main = JSON.parse(fs.readFileSync(mainFile, 'utf8'));
const [os, cpu] = platform.split('-');
const pkg = {
  name: `${main.name}-${platform}`,
  version,
  description: `The ${platform} binary of mcp-bridge, installed by ${main.name}.`,
  homepage: main.homepage,
  repository: main.repository,
  license: main.license,
  os: [os],
  cpu: [cpu],
  files: [`bin/mcp-bridge${exe}`],
  preferUnplugged: true,
};
fs.writeFileSync(`${dir}/package.json`, `${JSON.stringify(pkg, null, 2)}\n`);
fs.writeFileSync(`${dir}/README.md`, `# ${pkg.name}\n\n${pkg.description} Install ${main.name} instead: ` +
  `it picks this package on ${platform} machines.\n`);
JS
  echo "$platform $(pack "$dir")"
done

dir="$out/stage/cli"
mkdir -p "$dir/bin"
cp "$root/npm/cli/README.md" "$dir/"
cp "$root/npm/cli/bin/mcp-bridge.js" "$dir/bin/"
chmod 0755 "$dir/bin/mcp-bridge.js"
node - "$root/npm/cli/package.json" "$dir/package.json" "$version" <<'JS'
const fs = require('node:fs');
const [src, dst, version] = process.argv.slice(2);
const pkg = JSON.parse(fs.readFileSync(src, 'utf8'));
pkg.version = version;
for (const name of Object.keys(pkg.optionalDependencies)) pkg.optionalDependencies[name] = version;
fs.writeFileSync(dst, `${JSON.stringify(pkg, null, 2)}\n`);
JS
echo "main $(pack "$dir")"
rm -rf "$out/stage"
