// The write journey an agent takes on a fresh sandbox, through the tools only: make a folder and a
// flow in it, give the flow a webhook trigger and a Return Response step, publish it, call it
// synchronously and find its run. Returns the ids it made for the read checks that follow.
import assert from 'node:assert/strict';

/** The id of a tool result that describes one item (the item itself, or one level down). */
export function idOf(result, ...keys) {
  if (typeof result?.id === 'string') return result.id;
  for (const key of keys) {
    if (typeof result?.[key]?.id === 'string') return result[key].id;
  }
  throw new Error(`no id in ${JSON.stringify(result).slice(0, 300)}`);
}

/** The webhook trigger (catch_webhook, no auth), as apply_flow_operation's UPDATE_TRIGGER takes it. */
export const webhookTrigger = {
  pieceName: '@activepieces/piece-webhook',
  triggerName: 'catch_webhook',
  input: { authType: 'none' },
};

/** A Return Response step answering 200 with a JSON body built from the trigger's payload. */
export const returnResponseStep = {
  name: 'respond',
  displayName: 'Return Response',
  type: 'PIECE',
  pieceName: '@activepieces/piece-webhook',
  actionName: 'return_response',
  input: {
    responseType: 'json',
    fields: { status: 200, headers: {}, body: { echo: '{{trigger.body.message}}' } },
    respond: 'stop',
  },
};

/** A Delay For step of the given seconds. */
export function delayStep(seconds) {
  return {
    name: 'wait',
    displayName: 'Delay',
    type: 'PIECE',
    pieceName: '@activepieces/piece-delay',
    actionName: 'delayFor',
    input: { unit: 'seconds', delayFor: seconds },
  };
}

/**
 * Creates and publishes a webhook flow that answers {echo: <payload.message>}, optionally after a
 * delay. Returns its id.
 */
export async function publishEchoFlow(call, { folderId, displayName, delaySeconds = 0 }) {
  const flow = await call('create_flow', { displayName, ...(folderId ? { folderId } : {}) });
  const flowId = idOf(flow, 'flow');
  await call('apply_flow_operation', { flowId, type: 'UPDATE_TRIGGER', trigger: webhookTrigger });
  let last = 'trigger';
  if (delaySeconds > 0) {
    await call('apply_flow_operation', { flowId, type: 'ADD_ACTION', parentStep: last, action: delayStep(delaySeconds) });
    last = 'wait';
  }
  await call('apply_flow_operation', { flowId, type: 'ADD_ACTION', parentStep: last, action: returnResponseStep });
  await call('apply_flow_operation', { flowId, type: 'LOCK_AND_PUBLISH' });
  return flowId;
}

/** The whole journey; returns {folderId, flowId, runId}. */
export async function writeJourney(call, label) {
  const folder = await call('create_folder', { displayName: `compat ${label} ${Date.now()}` });
  const folderId = idOf(folder, 'folder');
  const flowId = await publishEchoFlow(call, { folderId, displayName: `echo ${label}` });
  const flow = await call('get_flow', { flowId });
  assert.equal(flow.status, 'ENABLED', `the published flow is ${flow.status}`);
  const reply = await call('trigger_flow_sync', { flowId, payload: { message: `hello ${label}` } });
  assert.equal(reply.status, 200, `trigger_flow_sync answered ${JSON.stringify(reply)}`);
  assert.deepEqual(reply.body, { echo: `hello ${label}` });
  const runs = await call('list_runs', { flowId });
  const list = runs.runs ?? runs.data ?? [];
  assert.ok(list.length >= 1, `list_runs found no run of ${flowId}: ${JSON.stringify(runs)}`);
  assert.equal(list[0].status, 'SUCCEEDED', `the run is ${list[0].status}`);
  return { folderId, flowId, runId: list[0].id };
}

/**
 * Makes what the sandbox does not start with but a get tool needs: an app connection (a SECRET_TEXT
 * credential) and an MCP server. Returns {connectionId, mcpServerId}.
 */
export async function makeReadFixtures(call, label) {
  const connection = await call('upsert_connection', {
    externalId: `compat-${label}`,
    displayName: `compat ${label}`,
    // A piece the sandbox has: like Activepieces, it refuses a connection to a piece it lacks.
    pieceName: '@activepieces/piece-webhook',
    type: 'SECRET_TEXT',
    value: { type: 'SECRET_TEXT', secret_text: 'xoxb-not-a-real-token' },
  });
  assert.doesNotMatch(JSON.stringify(connection), /xoxb-not-a-real-token/, 'the connection result shows its secret');
  const server = await call('create_mcp_server', { name: `compat ${label}` });
  return { connectionId: idOf(connection, 'connection'), mcpServerId: idOf(server, 'server', 'mcpServer') };
}
