// The MCP Inspector's command-line clients against mcp-bridge: Inspector v1's CLI
// (@modelcontextprotocol/inspector-cli, Node 20) and Inspector v2 (@modelcontextprotocol/inspector,
// Node 22, with --strict schema-portability linting), over stdio and Streamable HTTP.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { bridgeBinary, catalogue, clientsDir, sandboxEnv, startHttpServer } from './lib/bridge.mjs';
import { installedVersion, node22, packageFile } from './lib/packages.mjs';
import { run } from './lib/processes.mjs';

const expected = await catalogue();
const expectedNames = expected.map((t) => t.name).sort();

// A bad call every client can make: a read tool's first required string argument given as a number.
const badCall = (() => {
  for (const tool of expected) {
    const schema = tool.inputSchema ?? {};
    const field = (schema.required ?? []).find((name) => schema.properties?.[name]?.type === 'string');
    if (tool.annotations?.readOnlyHint && field) return { tool: tool.name, field, args: { [field]: 12345 } };
  }
  throw new Error('no read tool with a required string argument to misuse');
})();

// Inspector state (catalogue, client config, OAuth store) goes to a throw-away home, never the user's.
const inspectorHome = mkdtempSync(path.join(os.tmpdir(), 'mcp-bridge-inspector-'));
const inspectorEnv = sandboxEnv({
  HOME: inspectorHome,
  MCP_CATALOG_PATH: path.join(inspectorHome, 'mcp.json'),
  MCP_CLIENT_CONFIG_PATH: path.join(inspectorHome, 'client.json'),
  NO_COLOR: '1',
});

// The stdio target. `serve` over stdio is the binary's default; --sandbox-data is given in its
// one-token form so that neither CLI takes it for one of its own options.
const stdioTarget = () => [bridgeBinary(), 'serve', '--sandbox-data=:memory:'];

function report(t, label, result) {
  t.diagnostic(`${label}: exit ${result.code}`);
  const lines = `${result.stdout}\n${result.stderr}`.split('\n').filter((l) => l.trim() !== '');
  for (const line of lines.slice(0, 8)) t.diagnostic(`  ${line.slice(0, 200)}`);
}

function toolNames(stdout) {
  const parsed = JSON.parse(stdout);
  const tools = parsed.tools ?? parsed.result?.tools;
  assert.ok(Array.isArray(tools), `no tools array in the output: ${stdout.slice(0, 300)}`);
  return tools.map((t) => t.name).sort();
}

// ---- Inspector v1 CLI (Node 20) ----

const v1Version = installedVersion('@modelcontextprotocol/inspector-cli');
// v1 reads its own package.json through "../package.json" relative to the working directory, so it
// must run from a directory whose parent holds a package.json: lib/ under tests/clients does.
const v1Cwd = path.join(clientsDir, 'lib');

function inspectorV1(target, ...options) {
  const cli = packageFile('@modelcontextprotocol/inspector-cli', 'build', 'cli.js');
  return run(process.execPath, [cli, '--cli', ...target, ...options], { cwd: v1Cwd, env: inspectorEnv, timeoutMs: 60000 });
}

function v1Checks(target) {
  test('tools/list returns the full catalogue', async (t) => {
    const res = await inspectorV1(target(), '--method', 'tools/list');
    report(t, 'mcp-inspector-cli tools/list', res);
    assert.equal(res.code, 0, res.stderr);
    assert.deepEqual(toolNames(res.stdout), expectedNames);
  });
  test('tools/call with bad arguments is a tool error naming the field', async (t) => {
    const res = await inspectorV1(target(), '--method', 'tools/call', '--tool-name', badCall.tool,
      '--tool-arg', `${badCall.field}=12345`);
    report(t, `mcp-inspector-cli tools/call ${badCall.tool}`, res);
    // v1 has no exit code for tool errors: it prints the result, isError and all, and exits 0.
    assert.equal(res.code, 0, res.stderr);
    const result = JSON.parse(res.stdout);
    assert.equal(result.isError, true, res.stdout);
    assert.match(result.content[0].text, new RegExp(badCall.field));
  });
}

describe(`@modelcontextprotocol/inspector-cli@${v1Version} over stdio`, () => {
  v1Checks(stdioTarget);
});

describe(`@modelcontextprotocol/inspector-cli@${v1Version} over Streamable HTTP`, () => {
  let server;
  before(async () => { server = await startHttpServer('http'); });
  after(() => server?.stop());
  v1Checks(() => [server.url]);
});

// ---- Inspector v2 CLI (Node 22) ----

const v2Version = installedVersion('@modelcontextprotocol/inspector');

function inspectorV2(target, ...options) {
  const launcher = packageFile('@modelcontextprotocol/inspector', 'clients', 'launcher', 'build', 'index.js');
  return run(node22(), [launcher, '--cli', ...target, ...options], { cwd: clientsDir, env: inspectorEnv, timeoutMs: 60000 });
}

function v2Checks(target) {
  test('tools/list --strict returns the full catalogue with no portability finding', async (t) => {
    const res = await inspectorV2(target(), '--method', 'tools/list', '--strict', '--format', 'json');
    report(t, 'mcp-inspector --cli --strict tools/list', res);
    assert.equal(res.code, 0, `exit ${res.code} (6 = schema portability error): ${res.stderr}`);
    const envelope = JSON.parse(res.stdout);
    // --strict puts every finding, warnings included, in schemaFindings (and on stderr).
    assert.deepEqual(envelope.schemaFindings ?? [], [], 'schema portability findings');
    assert.doesNotMatch(res.stderr, /portab/i, 'schema portability report on stderr');
    // v2 silently drops a tool whose schema it cannot use, so the count is the real check.
    assert.deepEqual(toolNames(res.stdout), expectedNames);
  });
  test('tools/call with bad arguments exits 5 (tool error) naming the field', async (t) => {
    const res = await inspectorV2(target(), '--method', 'tools/call', '--tool-name', badCall.tool,
      '--tool-args-json', JSON.stringify(badCall.args), '--format', 'json');
    report(t, `mcp-inspector --cli tools/call ${badCall.tool}`, res);
    assert.equal(res.code, 5, `expected exit 5 (tool error), got ${res.code}: ${res.stdout}${res.stderr}`);
    // Exit 5 also means "tool not found": make sure the server ran the tool and said what was wrong.
    const { result } = JSON.parse(res.stdout);
    assert.equal(result?.isError, true, res.stdout);
    assert.match(result.content.map((c) => c.text ?? '').join(' '), new RegExp(badCall.field));
  });
}

describe(`@modelcontextprotocol/inspector@${v2Version} over stdio`, () => {
  v2Checks(stdioTarget);
});

describe(`@modelcontextprotocol/inspector@${v2Version} over Streamable HTTP`, () => {
  let server;
  before(async () => { server = await startHttpServer('http'); });
  after(() => server?.stop());
  v2Checks(() => [server.url]);
});
