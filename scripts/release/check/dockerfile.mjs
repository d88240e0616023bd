// Sanity checks on the Dockerfile, since no Docker engine runs where the release check does:
//
//   node dockerfile.mjs
//
// Parses the instructions (joining continued lines) and checks: a Go 1.26 build stage that builds
// ./cmd/mcp-bridge statically (CGO_ENABLED=0, -trimpath, version stamped into main.version); a final
// stage on a distroless static or scratch base that copies only the binary, runs as a non-root
// numeric USER, exposes 8080, starts the binary with an exec-form ENTRYPOINT and serves HTTP on
// 0.0.0.0:8080 by default. Then it builds the binary the way the build stage does, from a copy of
// the build context (the tracked files less what .dockerignore leaves out), so that .dockerignore
// cannot drop a file the build needs.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const text = readFileSync(path.join(root, 'Dockerfile'), 'utf8');

// Instructions: comments dropped, backslash-continued lines joined.
const instructions = [];
let pending = '';
for (const raw of text.split('\n')) {
  const line = raw.trim();
  if (!pending && (line === '' || line.startsWith('#'))) continue;
  if (line.endsWith('\\')) {
    pending += `${line.slice(0, -1)} `;
    continue;
  }
  const full = pending + line;
  pending = '';
  const m = /^(\w+)\s+(.*)$/.exec(full);
  if (m) instructions.push({ op: m[1].toUpperCase(), arg: m[2].trim() });
}
const stages = [];
for (const ins of instructions) {
  if (ins.op === 'FROM') stages.push({ from: ins.arg, body: [] });
  else if (stages.length) stages[stages.length - 1].body.push(ins);
}
const last = stages[stages.length - 1];
const all = (stage, op) => stage.body.filter((i) => i.op === op);
const final = (op) => all(last, op).pop();
const execForm = (ins) => {
  try {
    const v = JSON.parse(ins?.arg ?? '');
    return Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
};

let failures = 0;
function check(ok, what, detail = '') {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${detail ? `: ${detail}` : ''}`);
  if (!ok) failures++;
}

check(stages.length >= 2, 'multi-stage', `${stages.length} stages`);
const build = stages.find((s) => /^(--platform=\S+\s+)?golang:1\.26\b/.test(s.from));
check(Boolean(build), 'a build stage FROM golang:1.26', stages.map((s) => s.from).join(' | '));
const goBuild = build && all(build, 'RUN').map((i) => i.arg).find((a) => /\bgo build\b/.test(a));
check(Boolean(goBuild && /CGO_ENABLED=0/.test(goBuild) && /-trimpath/.test(goBuild) && /-X main\.version=/.test(goBuild) && /\.\/cmd\/mcp-bridge\b/.test(goBuild)),
  'it builds ./cmd/mcp-bridge with CGO_ENABLED=0, -trimpath and -X main.version', goBuild ?? 'no go build');

check(/^(gcr\.io\/distroless\/static[\w.-]*(:nonroot)?|scratch)(\s|$)/.test(last.from), 'the final stage is distroless static or scratch', last.from);
const copies = all(last, 'COPY');
check(copies.length > 0 && copies.every((c) => c.arg.startsWith('--from=')), 'the final stage copies only from the build stage', copies.map((c) => c.arg).join(' | '));
const user = final('USER')?.arg ?? '';
const uid = user.split(':')[0];
check(/^\d+$/.test(uid) && uid !== '0', 'the final stage runs as a non-root numeric USER', user || 'no USER (root)');
check(all(last, 'EXPOSE').some((e) => e.arg.split(/\s+/).includes('8080')), 'EXPOSE 8080');
const entrypoint = execForm(final('ENTRYPOINT'));
check(Boolean(entrypoint && /mcp-bridge$/.test(entrypoint[0])), 'an exec-form ENTRYPOINT that runs the binary', final('ENTRYPOINT')?.arg);
const cmd = execForm(final('CMD')) ?? [];
const flag = (name) => cmd[cmd.indexOf(name) + 1];
check(cmd.includes('--transport') && flag('--transport') === 'http' && flag('--addr') === '0.0.0.0:8080',
  'the default command serves --transport http --addr 0.0.0.0:8080', JSON.stringify(cmd));
const healthcheck = final('HEALTHCHECK');
check(!healthcheck || /^NONE$/i.test(healthcheck.arg) || /\bmcp-bridge\b/.test(healthcheck.arg), 'no HEALTHCHECK that needs a shell the image lacks');

// The build context: tracked files, less .dockerignore's patterns (*, ** and plain names; a pattern
// also excludes everything under a directory it matches).
const ignore = readFileSync(path.join(root, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#')).map((pattern) => {
    const re = pattern.replace(/^\//, '').split('**/').map((part) => part.split('*').map((t) => t.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')).join('(?:.*/)?');
    return new RegExp(`^${re}(?:/.*)?$`);
  });
const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean)
  .filter((f) => !ignore.some((re) => re.test(f)));
const context = mkdtempSync(path.join(os.tmpdir(), 'mcp-bridge-docker-context-'));
try {
  for (const f of files) {
    mkdirSync(path.dirname(path.join(context, f)), { recursive: true });
    copyFileSync(path.join(root, f), path.join(context, f));
  }
  const target = path.join(context, 'out', 'mcp-bridge');
  execFileSync('go', ['build', '-trimpath', '-ldflags', '-s -w -X main.version=docker-context', '-o', target, './cmd/mcp-bridge'],
    { cwd: context, env: { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false' }, stdio: ['ignore', 'inherit', 'inherit'] });
  const line = execFileSync(target, ['version'], { encoding: 'utf8' }).trim();
  check(line.startsWith('mcp-bridge docker-context '), `the build stage's go build works on the build context (${files.length} files)`, line);
} catch (err) {
  check(false, 'the build stage\'s go build works on the build context', err.message);
} finally {
  rmSync(context, { recursive: true, force: true });
}

console.log(`dockerfile: ${failures === 0 ? 'all passed' : `${failures} failed`}`);
process.exit(failures === 0 ? 0 : 1);
