// The MCP Inspector's command-line clients against mcp-bridge: Inspector v1's CLI
// (@modelcontextprotocol/inspector-cli, Node 20) and Inspector v2 (@modelcontextprotocol/inspector,
// Node 22, with --strict schema-portability linting), over stdio, Streamable HTTP and SSE.
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

// The design's rule for bad input: the error names the field and says what was expected.
const fieldAndExpectation = new RegExp(`\\b${badCall.field}\\b.*\\bexpected\\b`);

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

// Prints the client's own verdict: its exit code, a one-line summary, and its own messages on stderr
// (the server's log lines, which a stdio client passes through, are left out).
function report(t, label, result, summary = '') {
  t.diagnostic(`${label}: exit ${result.code}${summary ? `, ${summary}` : ''}`);
  const own = result.stderr.split('\n').filter((l) => l.trim() !== '' &&
    !/^\d\d:\d\d:\d\d (DBG|INF|WRN|ERR) /.test(l) && // the server's log
    !/deprecated|Upgrade:|security fixes only/.test(l)); // v1's deprecation banner
  for (const line of own.slice(0, 6)) t.diagnostic(`  ${line.slice(0, 200)}`);
}

/** --strict findings as "severity tool schema.path: rule" lines. */
function findingLines(envelope) {
  return (envelope.schemaFindings ?? []).flatMap((entry) => entry.findings.map((f) =>
    `${f.severity} ${entry.toolName} ${f.schema}.${f.path}: ${f.rule}`));
}

function callSummary(stdout) {
  try {
    const parsed = JSON.parse(stdout);
    const result = parsed.result ?? parsed;
    return `isError=${result.isError === true}: ${(result.content ?? []).map((c) => c.text ?? '').join(' ').slice(0, 150)}`;
  } catch {
    return '';
  }
}

function parseJson(res) {
  try {
    return JSON.parse(res.stdout);
  } catch {
    assert.fail(`exit ${res.code}, output is not JSON:\n${res.stdout}\n${res.stderr}`);
  }
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
    assert.equal(res.code, 0, res.stderr);
    const names = toolNames(res.stdout);
    report(t, 'mcp-inspector-cli tools/list', res, `${names.length} tools`);
    assert.deepEqual(names, expectedNames);
  });
  test('tools/call with bad arguments is a tool error naming the field', async (t) => {
    const res = await inspectorV1(target(), '--method', 'tools/call', '--tool-name', badCall.tool,
      '--tool-arg', `${badCall.field}=12345`);
    report(t, `mcp-inspector-cli tools/call ${badCall.tool}`, res, callSummary(res.stdout));
    // v1 has no exit code for tool errors: it prints the result, isError and all, and exits 0.
    assert.equal(res.code, 0, res.stderr);
    const result = JSON.parse(res.stdout);
    assert.equal(result.isError, true, res.stdout);
    assert.match(result.content[0].text, fieldAndExpectation);
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

describe(`@modelcontextprotocol/inspector-cli@${v1Version} over SSE`, () => {
  let server;
  before(async () => { server = await startHttpServer('sse'); });
  after(() => server?.stop());
  v1Checks(() => [server.url]);
});

// ---- Inspector v2 CLI (Node 22) ----

const v2Version = installedVersion('@modelcontextprotocol/inspector');

function inspectorV2(target, ...options) {
  const launcher = packageFile('@modelcontextprotocol/inspector', 'clients', 'launcher', 'build', 'index.js');
  return run(node22(), [launcher, '--cli', ...target, ...options], { cwd: clientsDir, env: inspectorEnv, timeoutMs: 60000 });
}

function v2Checks(target, { modernEra = true } = {}) {
  test('tools/list --strict returns the full catalogue with no portability finding', async (t) => {
    const res = await inspectorV2(target(), '--method', 'tools/list', '--strict', '--format', 'json');
    const envelope = parseJson(res);
    const findings = findingLines(envelope);
    const names = toolNames(res.stdout);
    report(t, 'mcp-inspector --cli --strict tools/list', { ...res, stderr: '' }, `${names.length} tools, ${findings.length} portability findings`);
    for (const line of findings) t.diagnostic(`  ${line}`);
    // --strict lists every finding, warnings included, in schemaFindings; errors also make it exit 6.
    const errors = findings.filter((f) => f.startsWith('error')).length;
    assert.deepEqual(findings, [], `${findings.length} schema portability findings (${errors} errors), e.g. ` +
      `${[...findings.filter((f) => f.startsWith('error')), ...findings].slice(0, 2).join('; ')}`);
    assert.equal(res.code, 0, `exit ${res.code} (6 = schema portability error)`);
    // v2 silently drops a tool whose schema it cannot use, so the count is the real check.
    assert.deepEqual(names, expectedNames);
  });
  test('tools/call with bad arguments exits 5 (tool error) naming the field', async (t) => {
    const res = await inspectorV2(target(), '--method', 'tools/call', '--tool-name', badCall.tool,
      '--tool-args-json', JSON.stringify(badCall.args), '--format', 'json');
    report(t, `mcp-inspector --cli tools/call ${badCall.tool}`, res, callSummary(res.stdout));
    assert.equal(res.code, 5, `expected exit 5 (tool error), got ${res.code}: ${res.stdout}${res.stderr}`);
    // Exit 5 also means "tool not found": make sure the server ran the tool and said what was wrong.
    const { result } = JSON.parse(res.stdout);
    assert.equal(result?.isError, true, res.stdout);
    assert.match(result.content.map((c) => c.text ?? '').join(' '), fieldAndExpectation);
  });

  // The HTTP+SSE transport belongs to the 2024-11-05 era; the stateless era runs on stdio and
  // Streamable HTTP only (mcp-go answers a modern call over SSE with "Mcp-Method: missing required header").
  if (!modernEra) return;
  test('the 2026-07-28 protocol era (--protocol-era modern): tools/list and a tools/call', async (t) => {
    const list = await inspectorV2(target(), '--method', 'tools/list', '--format', 'json', '--protocol-era', 'modern');
    assert.equal(list.code, 0, list.stderr);
    assert.deepEqual(toolNames(list.stdout), expectedNames);
    const res = await inspectorV2(target(), '--method', 'tools/call', '--tool-name', 'list_folders',
      '--tool-args-json', '{}', '--format', 'json', '--protocol-era', 'modern');
    report(t, 'mcp-inspector --cli --protocol-era modern tools/call list_folders', res, callSummary(res.stdout));
    assert.equal(res.code, 0, res.stderr);
    const { result } = parseJson(res);
    // Only the stateless era carries the server's identity in every result's _meta.
    assert.ok(result._meta?.['io.modelcontextprotocol/serverInfo'], `not answered in the 2026-07-28 era: ${res.stdout.slice(0, 300)}`);
    assert.ok(Array.isArray(result.structuredContent?.folders) && result.structuredContent.folders.length > 0,
      `list_folders found no folder in a fresh sandbox: ${res.stdout.slice(0, 300)}`);
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

describe(`@modelcontextprotocol/inspector@${v2Version} over SSE`, () => {
  let server;
  before(async () => { server = await startHttpServer('sse'); });
  after(() => server?.stop());
  v2Checks(() => [server.url], { modernEra: false });
});

describe(`@modelcontextprotocol/inspector@${v2Version} over Streamable HTTP (bearer token)`, () => {
  const token = `compat-${process.pid}-token-0123456789`;
  let server;
  before(async () => { server = await startHttpServer('http', { env: { MCP_BRIDGE_AUTH_TOKEN: token } }); });
  after(() => server?.stop());

  test('with the token: the full catalogue', async (t) => {
    const res = await inspectorV2([server.url], '--method', 'tools/list', '--format', 'json',
      '--header', `Authorization: Bearer ${token}`);
    assert.equal(res.code, 0, res.stderr);
    const names = toolNames(res.stdout);
    report(t, 'mcp-inspector --cli --header Authorization tools/list', { ...res, stderr: '' }, `${names.length} tools`);
    assert.deepEqual(names, expectedNames);
  });

  for (const [name, header] of [['without a token', []], ['with a wrong token', ['--header', 'Authorization: Bearer wrong']]]) {
    test(`${name}: exit 3 (auth required)`, async (t) => {
      // --stored-auth-only: fail instead of starting an interactive OAuth login.
      const res = await inspectorV2([server.url], '--method', 'tools/list', '--format', 'json', '--stored-auth-only', ...header);
      report(t, `mcp-inspector --cli tools/list ${name}`, res);
      assert.equal(res.code, 3, `expected exit 3, got ${res.code}: ${res.stdout}${res.stderr}`);
      assert.doesNotMatch(res.stdout + res.stderr, new RegExp(token), 'the token appears in the output');
    });
  }
});
