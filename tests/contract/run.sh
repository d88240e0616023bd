#!/usr/bin/env bash
# Contract check of the sandbox engine: builds a tiny server (server/main.go)
# that serves sandbox.Open(":memory:") on 127.0.0.1, drives it over HTTP, and
# validates its answers against the schemas Activepieces publishes in
# @activepieces/shared and @activepieces/pieces-framework (pinned in
# package-lock.json), then the metadata of the pieces it runs against the
# published pieces (pieces/pieces.test.mjs). Needs go and Node 20+.
# Exits non-zero on any mismatch that is not listed in KNOWN_GAPS.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
npm ci --no-audit --no-fund --loglevel=error
node --test contract.test.mjs
# The sandbox's piece metadata against the pieces published on npm (pieces/package-lock.json).
(cd pieces && npm ci --no-audit --no-fund --loglevel=error)
node --test pieces/pieces.test.mjs
