#!/usr/bin/env bash
# Contract check of the sandbox engine: builds a tiny server (server/main.go)
# that serves sandbox.Open(":memory:") on 127.0.0.1 and drives it over HTTP.
# contract.test.mjs validates its objects against the schemas Activepieces
# publishes in @activepieces/shared and @activepieces/pieces-framework (pinned
# in package-lock.json); behaviour.test.mjs checks, under both URL layouts,
# error bodies and statuses, paging and cursors, ordering, filters, webhook
# statuses and headers, upserts, MCP servers, trigger status, deletes, and the
# cron expressions a schedule takes (against cron-validator, which the engine calls).
# harness.mjs holds what both share. Needs go and Node 20+; takes well under
# a minute. Then the metadata of the pieces it runs is compared with the
# published pieces (pieces/pieces.test.mjs). Exits non-zero on any mismatch that is not listed in KNOWN_GAPS.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
npm ci --no-audit --no-fund --loglevel=error
# One file at a time: each builds and starts its own server, and the machine has two cores.
node --test --test-concurrency=1 contract.test.mjs behaviour.test.mjs
# The sandbox's piece metadata against the pieces published on npm (pieces/package-lock.json).
(cd pieces && npm ci --no-audit --no-fund --loglevel=error)
node --test pieces/pieces.test.mjs
