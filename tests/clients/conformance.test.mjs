// The official MCP conformance suite (@modelcontextprotocol/conformance, Node 22) against mcp-bridge's
// Streamable HTTP endpoint: the server scenarios that need none of the suite's own fixture tools
// (test_simple_text, test_prompt_with_arguments, ...), which a real server can pass.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startHttpServer } from './lib/bridge.mjs';
import { installedVersion, node22, packageFile } from './lib/packages.mjs';
import { run } from './lib/processes.mjs';

// From `conformance list` and the scenario sources: these six exercise only the protocol itself
// (handshake, logging/setLevel, ping, tools/list, concurrent POST streams, DNS-rebinding defence).
const scenarios = [
  'server-initialize',
  'logging-set-level',
  'ping',
  'tools-list',
  'server-sse-multiple-streams',
  'dns-rebinding-protection',
];

const version = installedVersion('@modelcontextprotocol/conformance');

/** Every checks.json under dir (the suite writes one per scenario run into a timestamped folder). */
function readChecks(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) found.push(...readChecks(full));
    else if (name === 'checks.json') found.push(...JSON.parse(readFileSync(full, 'utf8')));
  }
  return found;
}

// server-sse-multiple-streams is about several streams in one session: a stateless server has none
// (the suite then only warns that no session id was given), so it runs against the stateful server.
const modes = [
  { label: 'Streamable HTTP', stateless: false, scenarios },
  { label: 'Streamable HTTP (stateless)', stateless: true, scenarios: scenarios.filter((s) => s !== 'server-sse-multiple-streams') },
];

for (const mode of modes) {
  describe(`@modelcontextprotocol/conformance@${version} over ${mode.label}`, () => {
    let server;
    before(async () => { server = await startHttpServer('http', { stateless: mode.stateless }); });
    after(() => server?.stop());

    for (const scenario of mode.scenarios) {
      test(scenario, async (t) => {
        const out = mkdtempSync(path.join(os.tmpdir(), 'mcp-bridge-conformance-'));
        const cli = packageFile('@modelcontextprotocol/conformance', 'dist', 'index.js');
        const res = await run(node22(), [cli, 'server', '--url', server.url, '--scenario', scenario, '-o', out],
          { env: { ...process.env, NO_COLOR: '1' }, timeoutMs: 60000 });
        // Its own verdict lines: one per check, then the "Passed: n/m" summary (colours removed).
        const plain = res.stdout.replace(/\x1b\[[0-9;]*m/g, '');
        for (const line of plain.split('\n').filter((l) => /\] (SUCCESS|FAILURE|WARNING)\b|^Passed:/.test(l))) {
          t.diagnostic(`conformance: ${line.replace(/^\S+Z /, '').trim()}`);
        }
        const checks = readChecks(out);
        rmSync(out, { recursive: true, force: true });
        assert.ok(checks.length > 0, `conformance wrote no checks (exit ${res.code}):\n${res.stdout}\n${res.stderr}`);
        const bad = checks.filter((c) => c.status === 'FAILURE' || c.status === 'WARNING');
        assert.deepEqual(bad.map((c) => `${c.id}: ${c.status} ${c.errorMessage ?? ''}`), []);
        assert.equal(res.code, 0, `conformance exited ${res.code}:\n${res.stdout}\n${res.stderr}`);
      });
    }
  });
}
