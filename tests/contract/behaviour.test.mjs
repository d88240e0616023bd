// Behaviour check: what the sandbox answers beyond the shape of its objects,
// under both URL layouts: error bodies and statuses, paging and cursors,
// ordering, filters, webhook statuses and headers, upserts, MCP servers,
// trigger status, deletes, and which cron expressions a schedule takes. Each
// answer is the one Activepieces gives (see
// docs/sandbox.md, "Differences from Activepieces", for where the gateway's
// layout differs on purpose); requests are checked against
// @activepieces/shared's schemas where it has one, so the two agree on what is
// valid. Run with ./run.sh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import shared from '@activepieces/shared';
import cronValidator from 'cron-validator';
import { LAYOUTS, caller, conformer, replyStep, startSandbox, webhookTrigger } from './harness.mjs';

const MISSING = 'AAAAAAAAAAAAAAAAAAAAA';
const isApId = (s) => shared.ApId.safeParse(s).success;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const { conforms, conformsPage } = conformer();

let sandbox;
let projectId;

before(async () => {
  sandbox = await startSandbox();
  const projects = await caller(sandbox.root, LAYOUTS.activepieces)('GET', '/v1/projects');
  projectId = projects.body.data[0].id;
});

after(() => sandbox?.stop());

// activepiecesError checks Activepieces' own error body: {code, params}.
function activepiecesError(res, status, code) {
  assert.equal(res.status, status, res.text);
  assert.deepEqual(Object.keys(res.body).sort(), ['code', 'params'], res.text);
  assert.equal(res.body.code, code);
  assert.equal(typeof res.body.params, 'object');
}

// fastifyError checks fastify's error body: {statusCode, code?, error, message}.
function fastifyError(res, status, code) {
  assert.equal(res.status, status, res.text);
  assert.equal(res.body.statusCode, status);
  assert.equal(typeof res.body.error, 'string');
  assert.equal(typeof res.body.message, 'string');
  if (code) assert.equal(res.body.code, code);
}

// webhookAnswer checks the answer to a webhook call: the status, and the
// call's id in x-webhook-id, which Activepieces puts on every such answer.
function webhookAnswer(res, status, body) {
  assert.equal(res.status, status, res.text);
  assert.ok(isApId(res.headers.get('x-webhook-id')), `x-webhook-id ${res.headers.get('x-webhook-id')}`);
  if (body !== undefined) assert.deepEqual(res.body, body);
}

// cursorKey decodes a cursor as Activepieces writes it: base64 of next_/prev_
// and the base64 of the sort key's columns.
function cursorKey(cursor) {
  const outer = Buffer.from(cursor, 'base64').toString();
  const [dir, inner] = outer.split('_');
  return { dir, key: Buffer.from(inner, 'base64').toString() };
}

async function operation(call, flowId, type, request) {
  assert.ok(shared.FlowOperationRequest.safeParse({ type, request }).success, `${type} is not a valid request`);
  const res = await call('POST', `/v1/flows/${flowId}`, { type, request });
  assert.equal(res.status, 200, `${type}: ${res.text}`);
  return res.body;
}

async function newFlow(call, displayName, extra = {}) {
  const body = { displayName, projectId, ...extra };
  assert.ok(shared.CreateFlowRequest.safeParse(body).success, 'the create request is not valid');
  const res = await call('POST', '/v1/flows', body);
  assert.equal(res.status, 201, res.text);
  return res.body;
}

async function publishedEcho(call, name) {
  const flow = await newFlow(call, name);
  await operation(call, flow.id, 'UPDATE_TRIGGER', webhookTrigger);
  await operation(call, flow.id, 'ADD_ACTION', { parentStep: 'trigger', stepLocationRelativeToParent: 'AFTER', action: replyStep });
  return operation(call, flow.id, 'LOCK_AND_PUBLISH', {});
}

for (const [layout, prefix] of Object.entries(LAYOUTS)) {
  const call = (...args) => caller(sandbox.root, prefix)(...args);

  test(`${layout}: error bodies and statuses`, async () => {
    activepiecesError(await call('GET', `/v1/flows/${MISSING}`), 404, 'ENTITY_NOT_FOUND');
    activepiecesError(await call('GET', `/v1/records?tableId=${MISSING}`), 404, 'ENTITY_NOT_FOUND');
    activepiecesError(await call('GET', '/v1/flows', undefined, { 'x-api-key': '' }), 401, 'AUTHENTICATION');
    fastifyError(await call('GET', '/v1/flows/not-an-id'), 400, 'FST_ERR_VALIDATION');
    fastifyError(await call('GET', '/v1/no-such-route'), 404);
    assert.equal(shared.ListFlowRunsRequestQuery.safeParse({ projectId, flowId: 'notanid' }).success, false);
    fastifyError(await call('GET', '/v1/flow-runs?flowId=notanid'), 400, 'FST_ERR_VALIDATION');
    assert.equal(shared.CreateFlowRequest.safeParse({ projectId }).success, false);
    fastifyError(await call('POST', '/v1/flows', { projectId }), 400, 'FST_ERR_VALIDATION');
    fastifyError(await call('POST', '/v1/folders', '{"displayName":'), 400, 'FST_ERR_CTP_INVALID_JSON_BODY');
    const unknownPiece = {
      externalId: `unknown-${layout}`, displayName: 'x', pieceName: '@activepieces/piece-nowhere', projectId,
      type: 'SECRET_TEXT', value: { type: 'SECRET_TEXT', secret_text: 'not-a-secret' },
    };
    assert.ok(shared.UpsertAppConnectionRequestBody.safeParse(unknownPiece).success);
    activepiecesError(await call('POST', '/v1/app-connections', unknownPiece), 404, 'ENTITY_NOT_FOUND');
  });

  test(`${layout}: paging and cursors`, async (t) => {
    const made = [];
    for (let i = 0; i < 12; i++) made.push((await newFlow(call, `${layout} page ${i}`)).id);
    const first = await call('GET', `/v1/flows?projectId=${projectId}&limit=5`);
    conformsPage(shared.PopulatedFlow, first.body, 'flows', t);
    assert.equal(first.body.data.length, 5);
    assert.equal(first.body.previous, null);
    const next = cursorKey(first.body.next);
    assert.equal(next.dir, 'next');
    assert.match(next.key, /^updated:\d+,id:[0-9a-zA-Z]{21}$/);
    const second = await call('GET', `/v1/flows?projectId=${projectId}&limit=5&cursor=${encodeURIComponent(first.body.next)}`);
    assert.equal(cursorKey(second.body.previous).dir, 'prev');
    const firstIds = first.body.data.map((f) => f.id);
    assert.ok(second.body.data.every((f) => !firstIds.includes(f.id)), 'a flow is on both pages');
    const back = await call('GET', `/v1/flows?projectId=${projectId}&limit=5&cursor=${encodeURIComponent(second.body.previous)}`);
    assert.deepEqual(back.body.data.map((f) => f.id), firstIds);
    const all = await call('GET', `/v1/flows?projectId=${projectId}&limit=-1`);
    assert.ok(all.body.data.length >= 12 && all.body.next === null && all.body.previous === null, 'limit=-1 lists all, without cursors');
    assert.equal((await call('GET', `/v1/flows?projectId=${projectId}&limit=0`)).body.data.length, 10);
    const forged = await call('GET', `/v1/flows?projectId=${projectId}&limit=5&cursor=bm90LWEtY3Vyc29y`);
    assert.deepEqual(forged.body.data.map((f) => f.id), firstIds, 'an unreadable cursor gives the first page');
    const pieces = await call('GET', '/v1/pieces?limit=1');
    assert.ok(Array.isArray(pieces.body) && pieces.body.length > 1, 'GET /v1/pieces ignores limit');
  });

  test(`${layout}: ordering`, async () => {
    const ids = [];
    for (const n of ['a', 'b', 'c']) {
      ids.push((await newFlow(call, `${layout} order ${n}`)).id);
      await sleep(5);
    }
    await operation(call, ids[0], 'CHANGE_NAME', { displayName: `${layout} order a, renamed` });
    const flows = await call('GET', `/v1/flows?projectId=${projectId}&limit=3`);
    assert.deepEqual(flows.body.data.map((f) => f.id), [ids[0], ids[2], ids[1]], 'flows are listed by updated, newest first');
    const times = (page, key) => page.body.data.map((x) => Date.parse(x[key]));
    const nonIncreasing = (xs) => xs.every((x, i) => i === 0 || xs[i - 1] >= x);
    const nonDecreasing = (xs) => xs.every((x, i) => i === 0 || xs[i - 1] <= x);
    assert.ok(nonIncreasing(times(await call('GET', `/v1/flows?projectId=${projectId}&limit=-1`), 'updated')));
    assert.ok(nonIncreasing(times(await call('GET', `/v1/flow-runs?projectId=${projectId}&limit=-1`), 'created')), 'runs newest first');
    assert.ok(nonDecreasing(times(await call('GET', `/v1/folders?projectId=${projectId}&limit=-1`), 'created')), 'folders oldest first');
    assert.ok(nonDecreasing(times(await call('GET', `/v1/app-connections?projectId=${projectId}&limit=-1`), 'created')), 'connections oldest first');
  });

  test(`${layout}: filters`, async () => {
    const folder = (await call('POST', '/v1/folders', { displayName: `${layout} filtered`, projectId })).body;
    const filed = await newFlow(call, `${layout} filed flow`, { folderId: folder.id });
    const inFolder = await call('GET', `/v1/flows?projectId=${projectId}&folderId=${folder.id}`);
    assert.deepEqual(inFolder.body.data.map((f) => f.id), [filed.id]);
    const unfiled = await call('GET', `/v1/flows?projectId=${projectId}&folderId=NULL&limit=-1`);
    assert.ok(unfiled.body.data.every((f) => f.folderId === null), 'folderId=NULL lists unfiled flows, whose folderId is null');
    const byName = await call('GET', `/v1/flows?projectId=${projectId}&name=${encodeURIComponent(`${layout} FILED`)}`);
    assert.deepEqual(byName.body.data.map((f) => f.id), [filed.id], 'name matches a part, in any case');
    const enabled = await call('GET', `/v1/flows?projectId=${projectId}&status=ENABLED&limit=-1`);
    assert.ok(enabled.body.data.length > 0 && enabled.body.data.every((f) => f.status === 'ENABLED'));
    fastifyError(await call('GET', '/v1/flows?status=BROKEN'), 400, 'FST_ERR_VALIDATION');
    const conns = await call('GET', `/v1/app-connections?projectId=${projectId}&pieceName=${encodeURIComponent('@activepieces/piece-nowhere')}`);
    assert.deepEqual(conns.body.data, []);
    const failed = await call('GET', `/v1/flow-runs?projectId=${projectId}&status=FAILED&limit=-1`);
    assert.ok(failed.body.data.every((r) => r.status === 'FAILED'));
  });

  test(`${layout}: webhook statuses and headers`, async () => {
    const echo = await publishedEcho(call, `${layout} webhooks`);
    webhookAnswer(await call('POST', `/v1/webhooks/${echo.id}`, { n: 1 }), 200, {});
    webhookAnswer(await call('POST', `/v1/webhooks/${echo.id}/sync`, { n: 2 }), 200, { n: 2 });
    webhookAnswer(await call('POST', `/v1/webhooks/${MISSING}`, {}), 410, {});
    webhookAnswer(await call('POST', `/v1/webhooks/${MISSING}/sync`, {}), 410, {});
    webhookAnswer(await call('POST', `/v1/webhooks/${MISSING}/test`, {}), 410, {});
    const disabled = await newFlow(call, `${layout} never published`);
    webhookAnswer(await call('POST', `/v1/webhooks/${disabled.id}`, {}), 404, {});
    webhookAnswer(await call('POST', `/v1/webhooks/${disabled.id}/sync`, {}), 404, {});
    // Webhooks take no key.
    webhookAnswer(await call('GET', `/v1/webhooks/${echo.id}`, undefined, { 'x-api-key': '' }), 200, {});
  });

  test(`${layout}: upserts of folders and connections`, async (t) => {
    const first = await call('POST', '/v1/folders', { displayName: `${layout} Upserted`, projectId });
    assert.equal(first.status, 200);
    const again = await call('POST', '/v1/folders', { displayName: `${layout} UPSERTED`, projectId });
    assert.equal(again.body.id, first.body.id, 'a folder of that name in another case is the same folder');
    assert.equal(again.body.displayName, `${layout} UPSERTED`, 'renamed to the new spelling');
    conforms(shared.Folder, again.body, 'an upserted folder', t);
    const upsert = (displayName) => ({
      externalId: `upsert-${layout}`, displayName, pieceName: '@activepieces/piece-webhook', projectId,
      type: 'SECRET_TEXT', value: { type: 'SECRET_TEXT', secret_text: 'not-a-real-secret' },
    });
    const one = await call('POST', '/v1/app-connections', upsert('one'));
    const two = await call('POST', '/v1/app-connections', upsert('two'));
    assert.equal(two.status, 201);
    assert.equal(two.body.id, one.body.id, 'the same externalId is the same connection');
    assert.equal(two.body.displayName, 'two');
    conforms(shared.AppConnectionWithoutSensitiveData, two.body, 'an upserted connection', t);
  });

  test(`${layout}: MCP servers`, async () => {
    const created = await call('POST', '/v1/mcp-servers', { projectId, name: `${layout} agents` });
    // Activepieces answers 201; the iMBRACE gateway answers 200 (docs/sandbox.md).
    assert.equal(created.status, layout === 'activepieces' ? 201 : 200, created.text);
    assert.ok(isApId(created.body.id) && isApId(created.body.token), 'id and token are ids');
    assert.deepEqual(created.body.tools, []);
    const got = await call('GET', `/v1/mcp-servers/${created.body.id}`);
    assert.equal(got.body.token, created.body.token);
    const list = await call('GET', `/v1/mcp-servers?projectId=${projectId}&limit=-1`);
    assert.ok(list.body.data.some((m) => m.id === created.body.id && Array.isArray(m.tools)));
    const rotated = await call('POST', `/v1/mcp-servers/${created.body.id}/rotate`);
    assert.equal(rotated.status, 200);
    assert.ok(isApId(rotated.body.token) && rotated.body.token !== created.body.token, 'rotate mints a new id-form token');
    fastifyError(await call('GET', '/v1/mcp-servers'), 400, 'FST_ERR_VALIDATION');
  });

  test(`${layout}: trigger status`, async (t) => {
    const res = await call('GET', `/v1/trigger-runs/status?projectId=${projectId}`);
    assert.equal(res.status, 200);
    conforms(shared.TriggerStatusReport, res.body, 'the trigger run status', t);
    assert.ok(res.body.pieces['@activepieces/piece-webhook']?.totalRuns > 0, 'the webhook runs are counted');
  });

  test(`${layout}: deletes`, async () => {
    const flow = await newFlow(call, `${layout} deleted`);
    assert.equal((await call('DELETE', `/v1/flows/${flow.id}`)).status, 204);
    activepiecesError(await call('GET', `/v1/flows/${flow.id}`), 404, 'ENTITY_NOT_FOUND');
    const folder = (await call('POST', '/v1/folders', { displayName: `${layout} deleted`, projectId })).body;
    const gone = await call('DELETE', `/v1/folders/${folder.id}`);
    assert.equal(gone.status, 200);
    assert.equal(gone.text, '');
    const table = (await call('POST', '/v1/tables', { name: `${layout} deleted`, projectId })).body;
    assert.equal((await call('DELETE', `/v1/tables/${table.id}`)).status, 204);
    activepiecesError(await call('GET', `/v1/records?tableId=${table.id}`), 404, 'ENTITY_NOT_FOUND');
    const conn = await call('GET', `/v1/app-connections?projectId=${projectId}&limit=1`);
    assert.equal((await call('DELETE', `/v1/app-connections/${conn.body.data[0].id}`)).status, 204);
    activepiecesError(await call('DELETE', `/v1/app-connections/${conn.body.data[0].id}`), 404, 'ENTITY_NOT_FOUND');
    const mcp = (await call('POST', '/v1/mcp-servers', { projectId })).body;
    assert.equal((await call('DELETE', `/v1/mcp-servers/${mcp.id}`)).status, 204);
    activepiecesError(await call('POST', `/v1/mcp-servers/${mcp.id}/rotate`), 404, 'ENTITY_NOT_FOUND');
  });
}

// Publishing a schedule flow refuses exactly the cron expressions the engine's
// validator refuses (cron-validator 1.3.1's isValidCron with its defaults,
// which Activepieces calls when it enables a schedule trigger): hand-picked
// edge cases, then expressions put together at random, each field mostly a
// value it takes and sometimes one it may not. Seeded, so a failure repeats.
test('schedules: publishing accepts the cron expressions Activepieces accepts, and only those', async () => {
  const call = (...args) => caller(sandbox.root, LAYOUTS.activepieces)(...args);
  const picked = [
    '* * * * *', '*/5 * * * *', '0 9 * * 1-5', '5/15 0-23/2 1,15 * 0', '  0   9 * * *  ', '00 09 01 01 00',
    '0 9 * * MON', '0 9 * JAN *', '0 9 ? * *', '0 9 * * 7', '0 9 L * *', '0 9 * * 1#2', '60 * * * *',
    '* 24 * * *', '* * 0 * *', '* * * 13 *', '5-1 * * * *', '*/0 * * * *', '*/ * * * *', '*/5/2 * * * *',
    '*-5 * * * *', '1,,2 * * * *', '-1 * * * *', '* * * *', '0 * * * * *', '@hourly', '+1 * * * *',
  ];
  // Per field, values cron-validator takes, and a pool of what it may not.
  const fields = [
    ['*', '*/5', '0', '59', '0-59/15', '1,2', '5/15', '01'],
    ['*', '0', '23', '1-5', '*/2', '9'],
    ['*', '1', '31', '1-15', '*/7'],
    ['*', '1', '12', '1-6', '*/3'],
    ['*', '0', '6', '1-5', '0,6'],
  ];
  const odd = ['60', '24', '32', '13', '7', '0', '5-1', '*/0', '?', 'L', 'mon', 'JAN', '1,', '*/', '-', '3-', '2#1', 'a', '1/0'];
  let seed = 20261201;
  const next = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  const pick = (values) => values[next(values.length)];
  const random = Array.from({ length: 200 }, () => fields.map((values) => (next(5) === 0 ? pick(odd) : pick(values))).join(' '));
  const flow = await newFlow(call, 'Cron check');
  const disagree = [];
  for (const cronExpression of [...picked, ...random]) {
    await operation(call, flow.id, 'UPDATE_TRIGGER', {
      name: 'trigger', displayName: 'Cron Expression', valid: true, type: 'PIECE_TRIGGER',
      settings: { pieceName: '@activepieces/piece-schedule', pieceVersion: '0.1.5', triggerName: 'cron_expression',
        input: { cronExpression, timezone: 'UTC' }, propertySettings: {} },
    });
    const res = await call('POST', `/v1/flows/${flow.id}`, { type: 'LOCK_AND_PUBLISH', request: {} });
    const upstream = cronValidator.isValidCron(cronExpression);
    if ((res.status === 200) !== upstream) disagree.push(`${JSON.stringify(cronExpression)}: sandbox ${res.status}, cron-validator ${upstream}`);
    if (!upstream && res.status === 400) assert.match(res.body?.params?.message ?? '', /Invalid cron expression/, res.text);
  }
  assert.deepEqual(disagree, []);
});
