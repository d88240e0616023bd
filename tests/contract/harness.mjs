// Shared by the contract tests: starts the throw-away sandbox server
// (server/main.go), calls it under either URL layout, and checks values
// against the zod schemas of @activepieces/shared.
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import shared from '@activepieces/shared';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');

// The two URL layouts the sandbox serves: Activepieces' own, and the iMBRACE
// gateway's, which puts the engine under /activepieces.
export const LAYOUTS = { activepieces: '/api', gateway: '/activepieces' };

// The sandbox, like the gateway and Activepieces, refuses a request without a
// key; with no keys configured it takes any.
export const KEY = 'contract-key';

function firstLine(stream) {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: stream });
    lines.once('line', (line) => resolve(line));
    stream.once('end', () => reject(new Error('the sandbox server exited before printing its URL')));
  });
}

// startSandbox builds and starts the server; stop() ends it (it also exits
// when its stdin closes, so it never outlives the test process).
export async function startSandbox() {
  const binDir = mkdtempSync(path.join(tmpdir(), 'sandbox-contract-'));
  const bin = path.join(binDir, 'server');
  execFileSync('go', ['build', '-o', bin, './tests/contract/server'], { cwd: repoRoot, stdio: 'inherit' });
  const server = spawn(bin, [], { stdio: ['pipe', 'pipe', 'inherit'] });
  const root = (await firstLine(server.stdout)).trim();
  return {
    root,
    stop() {
      server.stdin.end();
      server.kill();
      rmSync(binDir, { recursive: true, force: true });
    },
  };
}

// caller returns call(method, route, body?, headers?) for one layout of the
// server at root. It sends the key unless headers set x-api-key (to '' for
// none), and answers {status, body, text, headers}.
export function caller(root, layout) {
  return async function call(method, route, body, headers = {}) {
    const h = { 'x-api-key': KEY, ...headers };
    if (h['x-api-key'] === '') delete h['x-api-key'];
    if (body !== undefined) h['content-type'] = 'application/json';
    const res = await fetch(root + layout + route, {
      method,
      headers: h,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed, text, headers: res.headers };
  };
}

// issuesOf lists a zod error's issues as "path: message", expanding a union
// into the branch that came closest to matching.
function issuesOf(issues, prefix = []) {
  const out = [];
  for (const issue of issues) {
    const p = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors?.length) {
      const closest = issue.errors.reduce((a, b) => (b.length < a.length ? b : a));
      out.push(...issuesOf(closest, p));
    } else {
      out.push({ path: p.join('.'), message: issue.message });
    }
  }
  return out;
}

// conformer returns checks against @activepieces/shared that report a
// mismatch matching one of knownGaps ({what?, path, why}) as a diagnostic
// instead of failing, and remember which gaps happened in gapsSeen.
export function conformer(knownGaps = []) {
  const gapsSeen = new Set();
  function conforms(schema, value, what, t) {
    assert.ok(schema, `@activepieces/shared has no schema for ${what}`);
    const result = schema.safeParse(value);
    if (result.success) return;
    const unexpected = [];
    for (const issue of issuesOf(result.error.issues)) {
      const gap = knownGaps.find((g) => g.path.test(issue.path) && (!g.what || g.what.test(what)));
      if (gap) {
        gapsSeen.add(gap);
        t?.diagnostic(`known gap in ${what}: ${issue.path}: ${gap.why}`);
      } else {
        unexpected.push(`  ${issue.path || '(root)'}: ${issue.message}`);
      }
    }
    if (unexpected.length > 0) {
      assert.fail(`${what} does not match @activepieces/shared:\n${unexpected.join('\n')}\nvalue: ${JSON.stringify(value)}`);
    }
  }
  // conformsSteps checks every step of a flow version against FlowAction (the
  // trigger's schema leaves nextAction unchecked).
  function conformsSteps(version, what, t) {
    const visit = (step) => {
      for (; step; step = step.nextAction) {
        conforms(shared.FlowAction, step, `step ${step.name} of ${what}`, t);
        visit(step.firstLoopAction);
        for (const child of step.children ?? []) visit(child);
      }
    };
    visit(version.trigger.nextAction);
  }
  function conformsPage(itemSchema, page, what, t) {
    conforms(shared.SeekPage(itemSchema), page, `a page of ${what}`, t);
    assert.ok(page.data.length > 0, `the page of ${what} is empty, so nothing was checked`);
  }
  return { conforms, conformsSteps, conformsPage, gapsSeen };
}

export const webhookTrigger = {
  name: 'trigger',
  displayName: 'Catch Webhook',
  valid: true,
  type: 'PIECE_TRIGGER',
  settings: {
    pieceName: '@activepieces/piece-webhook',
    pieceVersion: '~0.1.24',
    triggerName: 'catch_webhook',
    input: { authType: 'none' },
    propertySettings: { authType: { type: 'MANUAL' } },
  },
};

export const replyStep = {
  name: 'step_1',
  displayName: 'Return Response',
  valid: true,
  type: 'PIECE',
  settings: {
    pieceName: '@activepieces/piece-webhook',
    pieceVersion: '~0.1.24',
    actionName: 'return_response',
    input: { responseType: 'json', fields: { status: 200, body: '{{trigger.body}}' }, respond: 'stop' },
    propertySettings: { responseType: { type: 'MANUAL' }, fields: { type: 'MANUAL' }, respond: { type: 'MANUAL' } },
  },
};
