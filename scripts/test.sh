#!/usr/bin/env bash
# The project's test command (see README): formatting, tidy modules, vet, staticcheck, every Go test with the
# race detector, the sandbox's contract check against Activepieces' published
# schemas, the suite of MCP clients nobody here wrote, and the MCP App views (their
# committed build reproduces; a browser test in Chromium). Needs Go 1.26, Node 20+
# with npm (Node packages come from the committed lock files through `npm ci`) and
# Debian's Chromium (.ci/run installs it).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path '*/node_modules/*'))
if [ -n "$unformatted" ]; then
  echo "gofmt would change: $unformatted" >&2
  exit 1
fi

echo "== go mod tidy -diff"
go mod tidy -diff

echo "== go vet"
go vet ./...

echo "== staticcheck"
# Pinned, and run through the module proxy so a fresh machine needs nothing else.
go run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...

echo "== go test -race"
go test -race -count=1 ./...

echo "== fuzz targets, a few seconds each (scripts/fuzz.sh 10m runs them longer)"
./scripts/fuzz.sh 5s

echo "== contract check (tests/contract)"
bash tests/contract/run.sh

echo "== MCP clients nobody here wrote (tests/clients)"
bash tests/clients/run.sh

echo "== MCP App views: the committed build reproduces (apps/web)"
(cd apps/web && npm ci --no-audit --no-fund --loglevel=error >/dev/null && node build.mjs --check)

echo "== MCP App views in Chromium (tests/browser)"
bash tests/browser/run.sh
