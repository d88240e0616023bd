// Piece contract check: the metadata the sandbox serves for each piece it
// runs must match the piece Activepieces publishes on npm (pinned in this
// folder's package-lock.json): the same piece, and for every action and
// trigger the sandbox offers, the same names, props, prop types, required
// flags, defaults and dropdown options. The sandbox may offer fewer actions
// than upstream (it lists only what it runs); those are reported, not failed.
// Pieces Activepieces bundles with its server instead of publishing (http,
// tables) cannot be checked here. Run with ../run.sh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..', '..');
const require = createRequire(import.meta.url);

// The published pieces the sandbox runs.
const published = [
  '@activepieces/piece-webhook',
  '@activepieces/piece-delay',
  '@activepieces/piece-store',
  '@activepieces/piece-data-mapper',
  '@activepieces/piece-schedule',
];

let server;
let binDir;
let base;

before(async () => {
  binDir = mkdtempSync(path.join(tmpdir(), 'sandbox-piece-contract-'));
  const bin = path.join(binDir, 'server');
  execFileSync('go', ['build', '-o', bin, './tests/contract/server'], { cwd: repoRoot, stdio: 'inherit' });
  server = spawn(bin, [], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: server.stdout });
  base = (await new Promise((resolve, reject) => {
    lines.once('line', resolve);
    server.stdout.once('end', () => reject(new Error('the sandbox server exited before printing its URL')));
  })).trim() + '/api';
});

after(() => {
  server?.stdin.end(); // the server exits when its stdin closes
  server?.kill();
  if (binDir) rmSync(binDir, { recursive: true, force: true });
});

// upstreamMetadata loads a published piece and returns its metadata as JSON.
function upstreamMetadata(name) {
  const mod = require(name);
  const piece = Object.values(mod).find((v) => v && typeof v.metadata === 'function');
  assert.ok(piece, `${name} exports no piece`);
  return JSON.parse(JSON.stringify(piece.metadata()));
}

// propDifferences lists how a sandbox prop differs from upstream's. Markdown
// props are compared by presence only: their text is the sandbox's own.
function propDifferences(where, ours, theirs) {
  const out = [];
  if (ours.type !== theirs.type) out.push(`${where}: type ${ours.type}, upstream ${theirs.type}`);
  if (ours.type === 'MARKDOWN') return out;
  for (const key of ['displayName', 'required']) {
    if (Boolean(ours[key]) !== Boolean(theirs[key]) || (key === 'displayName' && ours[key] !== theirs[key])) {
      out.push(`${where}: ${key} ${JSON.stringify(ours[key])}, upstream ${JSON.stringify(theirs[key])}`);
    }
  }
  if (theirs.defaultValue !== undefined && JSON.stringify(ours.defaultValue) !== JSON.stringify(theirs.defaultValue)) {
    out.push(`${where}: defaultValue ${JSON.stringify(ours.defaultValue)}, upstream ${JSON.stringify(theirs.defaultValue)}`);
  }
  const values = (p) => JSON.stringify((p.options?.options ?? []).map((o) => o.value));
  if (theirs.type === 'STATIC_DROPDOWN' && values(ours) !== values(theirs)) {
    out.push(`${where}: options ${values(ours)}, upstream ${values(theirs)}`);
  }
  return out;
}

// componentDifferences compares the actions (or triggers) the sandbox offers.
function componentDifferences(kind, ours, theirs, t) {
  const out = [];
  for (const name of Object.keys(theirs)) {
    if (!(name in ours)) t.diagnostic(`upstream ${kind} ${name} is not offered: the sandbox does not run it`);
  }
  for (const [name, component] of Object.entries(ours)) {
    const upstream = theirs[name];
    if (!upstream) {
      out.push(`${kind} ${name}: not in the published piece`);
      continue;
    }
    for (const key of ['displayName', 'description']) {
      if (component[key] !== upstream[key]) out.push(`${kind} ${name}: ${key} ${JSON.stringify(component[key])}, upstream ${JSON.stringify(upstream[key])}`);
    }
    const props = new Set([...Object.keys(component.props ?? {}), ...Object.keys(upstream.props ?? {})]);
    for (const prop of props) {
      const where = `${kind} ${name} prop ${prop}`;
      if (!component.props?.[prop]) out.push(`${where}: missing`);
      else if (!upstream.props?.[prop]) out.push(`${where}: not in the published piece`);
      else out.push(...propDifferences(where, component.props[prop], upstream.props[prop]));
    }
  }
  return out;
}

for (const name of published) {
  test(`${name} matches the published piece`, async (t) => {
    const { version } = require(`${name}/package.json`);
    // Any key will do: the sandbox, without configured keys, takes any but none.
    const res = await fetch(`${base}/v1/pieces/${name}?version=${version}`, { headers: { "x-api-key": "contract-key" } });
    assert.equal(res.status, 200, `the sandbox does not offer ${name}@${version}, the published version`);
    const ours = await res.json();
    const theirs = upstreamMetadata(name);
    const differences = [];
    for (const key of ['displayName', 'description', 'logoUrl', 'minimumSupportedRelease']) {
      if (ours[key] !== theirs[key]) differences.push(`${key} ${JSON.stringify(ours[key])}, upstream ${JSON.stringify(theirs[key])}`);
    }
    for (const key of ['authors', 'categories']) {
      if (JSON.stringify(ours[key]) !== JSON.stringify(theirs[key])) differences.push(`${key} ${JSON.stringify(ours[key])}, upstream ${JSON.stringify(theirs[key])}`);
    }
    differences.push(...componentDifferences('action', ours.actions, theirs.actions, t));
    differences.push(...componentDifferences('trigger', ours.triggers, theirs.triggers, t));
    assert.deepEqual(differences, [], `${name}@${version} differs from the published piece`);
  });
}
