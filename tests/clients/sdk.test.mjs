// The official TypeScript SDK client (@modelcontextprotocol/sdk) against a throw-away mcp-bridge
// sandbox, over stdio, SSE and Streamable HTTP (stateful and stateless), and Streamable HTTP behind a
// bearer token.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { catalogue, startHttpServer } from './lib/bridge.mjs';
import { listAllTools, resultText, toolCaller } from './lib/calls.mjs';
import { connectSdk, transports } from './lib/connect.mjs';
import { harvestIds } from './lib/harvest.mjs';
import { makeReadFixtures, publishEchoFlow, writeJourney } from './lib/journey.mjs';
import { installedVersion } from './lib/packages.mjs';
import { readArguments } from './lib/read-args.mjs';
import { compileSchema, defaultDialect } from './lib/schemas.mjs';

const version = installedVersion('@modelcontextprotocol/sdk');
const expected = await catalogue();
const expectedNames = expected.map((t) => t.name).sort();

const labels = {
  stdio: 'stdio',
  sse: 'SSE',
  http: 'Streamable HTTP',
  'http-stateless': 'Streamable HTTP (stateless)',
};

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

for (const transport of transports) {
  describe(`@modelcontextprotocol/sdk@${version} over ${labels[transport]}`, () => {
    let conn;
    let tools = [];
    let caller;
    // What the suite has learned: argument values (flowId, tableId, ...) and the lists found empty.
    const known = { any: {}, empty: {} };

    before(async () => {
      conn = await connectSdk(transport);
    });
    after(async () => {
      await conn?.close();
    });

    test('accepts the whole tool list: every tool of `mcp-bridge tools --json`', async () => {
      // The SDK parses tools/list with its schema and rejects the whole list if one tool is malformed.
      tools = await listAllTools(conn.client);
      caller = toolCaller(conn.client, tools);
      assert.deepEqual(tools.map((t) => t.name).sort(), expectedNames);
    });

    test('every input and output schema compiles with Ajv under its declared dialect', (t) => {
      assert.ok(tools.length > 0, 'no tools listed');
      const dialects = new Set();
      const failures = [];
      for (const tool of tools) {
        for (const [kind, schema] of [['inputSchema', tool.inputSchema], ['outputSchema', tool.outputSchema]]) {
          if (schema === undefined && kind === 'outputSchema') {
            failures.push(`${tool.name}: no outputSchema`);
            continue;
          }
          dialects.add(schema.$schema ?? `${defaultDialect} (default)`);
          try {
            compileSchema(schema);
          } catch (err) {
            failures.push(`${tool.name} ${kind}: ${err.message}`);
          }
        }
      }
      t.diagnostic(`${tools.length * 2} schemas; dialects: ${[...dialects].join(', ')}`);
      assert.deepEqual(failures, []);
    });

    test('write journey: folder, flow, webhook trigger, return_response, publish, trigger_flow_sync, list_runs', async () => {
      assert.ok(caller, 'no tool list');
      const made = await writeJourney(caller.call, transport);
      Object.assign(known.any, made);
    });

    test('makes a connection and an MCP server for the read tools to find', async () => {
      assert.ok(caller, 'no tool list');
      Object.assign(known.any, await makeReadFixtures(caller.call, transport));
    });

    test('every read tool answers, and its structuredContent matches its outputSchema', async (t) => {
      assert.ok(caller, 'no tool list');
      const reads = tools.filter((tool) => tool.annotations?.readOnlyHint === true).map((tool) => tool.name).sort();
      assert.ok(reads.length > 0, 'no tool is annotated readOnlyHint: true');
      // Call every tool whose arguments can be filled, in passes: list results supply the ids that
      // the get tools need (list_tables before get_table and list_records).
      const failures = [];
      const notes = [];
      let pending = reads;
      while (pending.length > 0) {
        const next = [];
        for (const name of pending) {
          let prepared;
          try {
            prepared = readArguments(caller.tool(name), known);
          } catch (err) {
            next.push({ name, err });
            continue;
          }
          const { args, expectNotFound } = prepared;
          try {
            if (expectNotFound) {
              // Nothing of this kind exists and no tool makes one: an unknown id must give a
              // not-found tool error that tells the model which tool lists the real ids. That
              // holds for a list under an unknown parent too (list_records of a missing table):
              // Activepieces looks the parent up first.
              const result = await caller.raw(name, args);
              const text = resultText(result);
              assert.equal(result.isError, true, `${name} on an unknown id did not fail: ${text}`);
              assert.match(text, new RegExp(expectNotFound), `${name}'s not-found error does not point to ${expectNotFound}`);
              notes.push(`${name}: ${expectNotFound} is empty, so called with an unknown id: "${text.slice(0, 120)}"`);
            } else {
              harvestIds(name, await caller.call(name, args), known);
            }
          } catch (err) {
            failures.push(`${name}(${JSON.stringify(args)}): ${err.message.split('\n')[0]}`);
          }
        }
        if (next.length === pending.length) {
          failures.push(...next.map(({ err }) => err.message));
          break;
        }
        pending = next.map(({ name }) => name);
      }
      t.diagnostic(`${reads.length} read tools called: ${reads.join(', ')}`);
      for (const note of notes) t.diagnostic(note);
      assert.deepEqual(failures, []);
    });

    test('progress notifications arrive while trigger_flow_sync waits', async (t) => {
      assert.ok(caller, 'no tool list');
      const flowId = await publishEchoFlow(caller.call, { displayName: `slow echo ${transport}`, delaySeconds: 2.5 });
      const progress = [];
      const reply = await caller.call('trigger_flow_sync', { flowId, payload: { message: 'slow' } }, {
        onprogress: (p) => progress.push(p),
        timeout: 30000,
      });
      t.diagnostic(`${progress.length} progress notifications: ${progress.map((p) => p.message ?? p.progress).join(' | ')}`);
      assert.equal(reply.status, 200, JSON.stringify(reply));
      assert.deepEqual(reply.body, { echo: 'slow' });
      assert.ok(progress.length >= 1, 'no progress notification arrived during a 3-second sync trigger');
      for (let i = 1; i < progress.length; i++) {
        assert.ok(progress[i].progress > progress[i - 1].progress,
          `progress must increase: ${JSON.stringify(progress.map((p) => p.progress))}`);
      }
    });

    test('a client-side timeout cancels the server\'s handler, and the server keeps serving', async (t) => {
      assert.ok(caller, 'no tool list');
      const flowId = await publishEchoFlow(caller.call, { displayName: `very slow ${transport}`, delaySeconds: 8 });
      const tokens = new Set();
      const started = conn.received.length;
      let timedOutAt;
      await assert.rejects(
        caller.raw('trigger_flow_sync', { flowId, payload: { message: 'never' } }, {
          timeout: 2200,
          onprogress: () => {},
        }).finally(() => { timedOutAt = Date.now(); }),
        (err) => /timed out|timeout/i.test(err.message),
      );
      // The SDK sent notifications/cancelled for the request. Its handler's progress ticker (one a
      // second) stops with the handler, so no progress for that request may arrive afterwards.
      const before = conn.received.slice(started).filter((r) => r.message.method === 'notifications/progress');
      for (const r of before) tokens.add(r.message.params.progressToken);
      assert.ok(tokens.size === 1, `expected progress for the slow call before its timeout, saw ${before.length}`);
      await sleep(3500);
      const late = conn.received.slice(started).filter((r) => r.at > timedOutAt + 700 &&
        r.message.method === 'notifications/progress' && tokens.has(r.message.params.progressToken));
      t.diagnostic(`${before.length} progress notifications before the timeout, ${late.length} after it`);
      assert.equal(late.length, 0, 'the handler kept reporting progress after the client cancelled it');
      // The SDK uses the request id as progress token. A server may still answer a cancelled request
      // (the SDK drops it); if it does, the answer must come at once, not when the 8 s flow is done.
      const [token] = tokens;
      const answer = conn.received.slice(started).find((r) => r.message.id === token && !r.message.method);
      if (answer) {
        t.diagnostic(`late answer to the cancelled call after ${answer.at - timedOutAt} ms: ${JSON.stringify(answer.message).slice(0, 160)}`);
        assert.ok(answer.at - timedOutAt < 3000, 'the cancelled handler ran on instead of stopping');
      }
      const flows = await caller.call('list_flows', { limit: 5 });
      assert.ok(Array.isArray(flows.flows), 'list_flows after the cancelled call');
      assert.doesNotMatch(conn.serverLog(), /panic|fatal/i);
    });
  });
}

describe(`@modelcontextprotocol/sdk@${version} over Streamable HTTP (bearer token)`, () => {
  const token = `compat-${process.pid}-token-0123456789`;
  let server;
  before(async () => {
    server = await startHttpServer('http', { env: { MCP_BRIDGE_AUTH_TOKEN: token } });
  });
  after(() => server?.stop());

  const connect = async (headers) => {
    const client = new Client({ name: 'mcp-bridge-compat-suite', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers } }));
    return client;
  };

  test('with the token: the full catalogue', async () => {
    const client = await connect({ Authorization: `Bearer ${token}` });
    try {
      assert.deepEqual((await listAllTools(client)).map((t) => t.name).sort(), expectedNames);
    } finally {
      await client.close();
    }
  });

  test('without a token or with a wrong one: the connection is refused with 401', async () => {
    for (const headers of [{}, { Authorization: 'Bearer wrong' }]) {
      await assert.rejects(connect(headers), (err) => /401|unauthori[sz]ed/i.test(`${err.code} ${err.message}`));
    }
  });
});
