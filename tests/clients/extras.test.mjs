// MCP beyond tools, seen by clients nobody here wrote: resource templates and reads, run subscriptions,
// argument completions and prompts (docs/resources.md). The official TypeScript SDK checks all four
// over every transport; the Inspector CLIs (which have no subscribe or complete in --cli mode) list and
// read resources and get prompts.
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { bridgeBinary, clientsDir, sandboxEnv, startHttpServer } from './lib/bridge.mjs';
import { listAllTools, toolCaller } from './lib/calls.mjs';
import { connectSdk, transports } from './lib/connect.mjs';
import { publishEchoFlow } from './lib/journey.mjs';
import { installedVersion, node22, packageFile } from './lib/packages.mjs';
import { run } from './lib/processes.mjs';

const sdkVersion = installedVersion('@modelcontextprotocol/sdk');
const labels = {
  stdio: 'stdio',
  sse: 'SSE',
  http: 'Streamable HTTP',
  'http-stateless': 'Streamable HTTP (stateless)',
};
const templates = ['workflows://flows/{flowId}', 'workflows://folders/{folderId}', 'workflows://pieces/{+pieceName}',
  'workflows://runs/{runId}', 'workflows://tables/{tableId}'];
const reference = 'workflows://reference/build-flow';
const prompts = ['debug_failed_run', 'move_flows', 'webhook_api'];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

for (const transport of transports) {
  describe(`@modelcontextprotocol/sdk@${sdkVersion} over ${labels[transport]}, resources and prompts`, () => {
    let conn;
    let caller;
    let toolNames = [];
    const made = {};

    before(async () => {
      conn = await connectSdk(transport);
      const tools = await listAllTools(conn.client);
      toolNames = tools.map((t) => t.name);
      caller = toolCaller(conn.client, tools);
    });
    after(async () => {
      await conn?.close();
    });

    test('announces resources (with subscribe), prompts and completions', () => {
      const caps = conn.client.getServerCapabilities();
      assert.equal(caps?.resources?.subscribe, true, JSON.stringify(caps));
      assert.ok(caps.prompts && caps.completions, JSON.stringify(caps));
    });

    test('resources/templates/list and resources/list: the views and the build_flow reference', async () => {
      const { resourceTemplates } = await conn.client.listResourceTemplates();
      assert.deepEqual(resourceTemplates.map((t) => t.uriTemplate).sort(), templates);
      for (const t of resourceTemplates) assert.equal(t.mimeType, 'application/json', t.uriTemplate);
      const { resources } = await conn.client.listResources();
      assert.deepEqual(resources.map((r) => [r.uri, r.mimeType]), [[reference, 'text/markdown']]);
    });

    test('resources/read: a flow and its run are what get_flow and get_run return; the reference is Markdown', async () => {
      made.flowId = await publishEchoFlow(caller.call, { displayName: `resource echo ${transport}` });
      const reply = await caller.call('trigger_flow_sync', { flowId: made.flowId, payload: { message: 'hi' } });
      made.runId = reply.runId;
      assert.ok(made.runId, `trigger_flow_sync named no run: ${JSON.stringify(reply)}`);
      for (const [uri, tool, args] of [[`workflows://flows/${made.flowId}`, 'get_flow', { flowId: made.flowId }],
        [`workflows://runs/${made.runId}`, 'get_run', { runId: made.runId }]]) {
        const { contents } = await conn.client.readResource({ uri });
        assert.equal(contents.length, 1);
        assert.equal(contents[0].uri, uri);
        assert.equal(contents[0].mimeType, 'application/json');
        assert.deepEqual(JSON.parse(contents[0].text), await caller.call(tool, args));
      }
      const { contents } = await conn.client.readResource({ uri: reference });
      assert.match(contents[0].text, /ROUTER/);
      await assert.rejects(conn.client.readResource({ uri: 'workflows://runs/AAAAAAAAAAAAAAAAAAAAA' }), /list_runs/);
    });

    test('completion/complete: flowId, runId, folderId, tableId and pieceName, on templates and prompts', async () => {
      assert.ok(made.runId, 'no run from the previous test');
      const complete = async (ref, name, value, context) => {
        const { completion } = await conn.client.complete({ ref, argument: { name, value }, ...(context ? { context } : {}) });
        assert.ok(Array.isArray(completion.values) && completion.values.length <= 100, JSON.stringify(completion));
        return completion.values;
      };
      const resource = (uri) => ({ type: 'ref/resource', uri });
      assert.ok((await complete(resource(templates[0]), 'flowId', made.flowId.slice(0, 8))).includes(made.flowId));
      assert.ok((await complete(resource(templates[0]), 'flowId', 'resource ECHO')).includes(made.flowId));
      assert.deepEqual(await complete(resource(templates[3]), 'runId', '', { arguments: { flowId: made.flowId } }), [made.runId]);
      const { folders } = await caller.call('list_folders', {});
      assert.ok((await complete(resource(templates[1]), 'folderId', folders[0].displayName.slice(0, 3))).includes(folders[0].id));
      assert.equal((await complete(resource(templates[4]), 'tableId', '')).length, 1, 'a fresh sandbox holds its sample table');
      assert.deepEqual(await complete(resource(templates[4]), 'tableId', 'no-such-prefix'), [], 'an unknown prefix completes to nothing');
      const pieces = await complete(resource(templates[2]), 'pieceName', '@activepieces/piece-webh');
      assert.ok(pieces.includes('@activepieces/piece-webhook'), JSON.stringify(pieces));
      const prompt = { type: 'ref/prompt', name: 'debug_failed_run' };
      assert.ok((await complete(prompt, 'runId', made.runId.slice(0, 6))).includes(made.runId));
    });

    test('prompts/list and prompts/get: recipes that name only tools the server lists', async () => {
      const { prompts: listed } = await conn.client.listPrompts();
      assert.deepEqual(listed.map((p) => p.name).sort(), prompts);
      for (const p of listed) {
        const args = Object.fromEntries((p.arguments ?? []).filter((a) => a.required).map((a) => [a.name, 'NULL']));
        const { messages } = await conn.client.getPrompt({ name: p.name, arguments: args });
        assert.equal(messages.length, 1);
        const text = messages[0].content.text;
        // Every numbered step starts with a tool name the server lists.
        const steps = [...text.matchAll(/^\d+\. ([a-z_]+) \{/gm)].map((m) => m[1]);
        assert.ok(steps.length >= 3, text);
        for (const tool of steps) assert.ok(toolNames.includes(tool), `${p.name} names ${tool}, which is not listed`);
      }
      await assert.rejects(conn.client.getPrompt({ name: 'move_flows', arguments: {} }), /folderId/);
    });

    test('resources/subscribe to a running run: notifications/resources/updated when it ends', async (t) => {
      const flowId = await publishEchoFlow(caller.call, { displayName: `subscribed ${transport}`, delaySeconds: 2 });
      const { runId } = await caller.call('trigger_flow', { flowId, payload: { message: 'later' } });
      assert.ok(runId, 'trigger_flow found no run');
      const uri = `workflows://runs/${runId}`;
      const updates = [];
      conn.client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => { updates.push(n.params.uri); });
      if (transport === 'http-stateless') {
        // No session outlives a request, so no notification could reach the client: refused, with why.
        await assert.rejects(conn.client.subscribeResource({ uri }), /stateless/);
        return;
      }
      await assert.rejects(conn.client.subscribeResource({ uri: 'workflows://flows/AAAAAAAAAAAAAAAAAAAAA' }), /only runs/);
      const started = Date.now();
      await conn.client.subscribeResource({ uri });
      while (!updates.includes(uri) && Date.now() - started < 30000) await sleep(100);
      t.diagnostic(`update after ${Date.now() - started} ms`);
      assert.deepEqual(updates, [uri]);
      const { contents } = await conn.client.readResource({ uri });
      assert.equal(JSON.parse(contents[0].text).status, 'SUCCEEDED');
      await conn.client.unsubscribeResource({ uri });
    });
  });
}

// ---- the Inspector CLIs: resources and prompts ----

const inspectorHome = mkdtempSync(path.join(os.tmpdir(), 'mcp-bridge-inspector-extras-'));
const inspectorEnv = sandboxEnv({
  HOME: inspectorHome,
  MCP_CATALOG_PATH: path.join(inspectorHome, 'mcp.json'),
  MCP_CLIENT_CONFIG_PATH: path.join(inspectorHome, 'client.json'),
  NO_COLOR: '1',
});

function parseResult(res) {
  assert.equal(res.code, 0, `exit ${res.code}: ${res.stdout}${res.stderr}`);
  const parsed = JSON.parse(res.stdout);
  return parsed.result ?? parsed;
}

/** The checks both Inspectors make, given a function that runs one --cli method. */
function inspectorChecks(cli) {
  test('resources/templates/list and resources/list', async () => {
    const { resourceTemplates } = parseResult(await cli('--method', 'resources/templates/list'));
    assert.deepEqual(resourceTemplates.map((t) => t.uriTemplate).sort(), templates);
    const { resources } = parseResult(await cli('--method', 'resources/list'));
    assert.deepEqual(resources.map((r) => r.uri), [reference]);
  });
  test('resources/read of the build_flow reference and of a piece', async () => {
    const ref = parseResult(await cli('--method', 'resources/read', '--uri', reference));
    assert.match(ref.contents[0].text, /NUMBER_IS_GREATER_THAN/);
    const piece = parseResult(await cli('--method', 'resources/read', '--uri', 'workflows://pieces/@activepieces/piece-webhook'));
    assert.match(piece.contents[0].text, /return_response/);
  });
  test('prompts/list and prompts/get with arguments', async () => {
    const { prompts: listed } = parseResult(await cli('--method', 'prompts/list'));
    assert.deepEqual(listed.map((p) => p.name).sort(), prompts);
    const got = parseResult(await cli('--method', 'prompts/get', '--prompt-name', 'move_flows', '--prompt-args', 'folderId=NULL', 'name=invoice'));
    assert.match(got.messages[0].content.text, /CHANGE_FOLDER/);
    assert.match(got.messages[0].content.text, /"name":"invoice"/);
  });
}

const stdioTarget = () => [bridgeBinary(), 'serve', '--sandbox-data=:memory:'];

const v1Version = installedVersion('@modelcontextprotocol/inspector-cli');
describe(`@modelcontextprotocol/inspector-cli@${v1Version} over stdio, resources and prompts`, () => {
  // v1 reads "../package.json" from its working directory: lib/ under tests/clients has one above it.
  const cli = (...options) => run(process.execPath, [packageFile('@modelcontextprotocol/inspector-cli', 'build', 'cli.js'),
    '--cli', ...stdioTarget(), ...options], { cwd: path.join(clientsDir, 'lib'), env: inspectorEnv, timeoutMs: 60000 });
  inspectorChecks(cli);
});

const v2Version = installedVersion('@modelcontextprotocol/inspector');
const inspectorV2 = (target, ...options) => run(node22(),
  [packageFile('@modelcontextprotocol/inspector', 'clients', 'launcher', 'build', 'index.js'), '--cli', ...target, ...options, '--format', 'json'],
  { cwd: clientsDir, env: inspectorEnv, timeoutMs: 60000 });

describe(`@modelcontextprotocol/inspector@${v2Version} over stdio, resources and prompts`, () => {
  inspectorChecks((...options) => inspectorV2(stdioTarget(), ...options));
});

describe(`@modelcontextprotocol/inspector@${v2Version} over Streamable HTTP, resources and prompts`, () => {
  let server;
  before(async () => { server = await startHttpServer('http'); });
  after(() => server?.stop());
  inspectorChecks((...options) => inspectorV2([server.url], ...options));
  test('the 2026-07-28 era (--protocol-era modern): resources/templates/list', async () => {
    const { resourceTemplates } = parseResult(await inspectorV2([server.url], '--method', 'resources/templates/list', '--protocol-era', 'modern'));
    assert.deepEqual(resourceTemplates.map((t) => t.uriTemplate).sort(), templates);
  });
});
