// Drives mcp-bridge installed from the npm tarballs, the way users and MCP clients start it:
//
//   node npm-launcher.mjs INSTALL_DIR EXPECTED_VERSION
//
// INSTALL_DIR holds node_modules with @mcp-bridge/cli and this machine's platform package. Checks:
//  1. `npx -y @mcp-bridge/cli serve` (offline) answers MCP initialize and tools/list over stdio with
//     serverInfo.version = EXPECTED_VERSION and at least 35 tools, and exits 0 when stdin closes;
//  2. the launcher passes the environment on (MCP_BRIDGE_READ_ONLY=true lists fewer tools) and
//     SIGTERM on to the binary: it exits, and leaves no bridge process behind; on Linux, it leaves
//     the stdin it shares with the binary in blocking mode (a Go binary that found it blocking at
//     start fails with EAGAIN if someone makes it non-blocking later);
//  3. the binary's exit code comes back (a bad flag: 2);
//  4. without the platform package the launcher fails with exit 1 and says which package is missing.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';

const [dir, expectedVersion] = process.argv.slice(2);
if (!dir || !expectedVersion) {
  console.error('usage: node npm-launcher.mjs INSTALL_DIR EXPECTED_VERSION');
  process.exit(2);
}
const platformPackage = `@mcp-bridge/cli-${process.platform}-${process.arch}`;
const launcher = path.join(dir, 'node_modules', '.bin', process.platform === 'win32' ? 'mcp-bridge.cmd' : 'mcp-bridge');
const serveArgs = ['serve', '--sandbox-data', ':memory:'];

// The caller's environment less anything that would pick a real backend or change the bridge.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(IMBRACE_|ACTIVEPIECES_|MCP_BRIDGE_)/.test(k)));

let failures = 0;
function check(ok, what, detail = '') {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${detail ? `: ${detail}` : ''}`);
  if (!ok) failures++;
}

/** Starts a process speaking MCP over its stdio; returns helpers to send requests and to wait. */
function start(command, args, extraEnv = {}) {
  const child = spawn(command, args, { cwd: dir, env: { ...env, ...extraEnv }, stdio: ['pipe', 'pipe', 'pipe'] });
  let buffer = '';
  let stderr = '';
  const waiting = new Map();
  let nextId = 1;
  child.stdout.on('data', (chunk) => {
    buffer += chunk;
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl).trim();
      buffer = buffer.slice(nl + 1);
      if (!line) continue;
      let msg;
      try {
        msg = JSON.parse(line);
      } catch {
        continue;
      }
      if (msg.id !== undefined && waiting.has(msg.id)) {
        waiting.get(msg.id)(msg);
        waiting.delete(msg.id);
      }
    }
  });
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    exited,
    stderr: () => stderr,
    request(method, params, timeoutMs = 60000) {
      const id = nextId++;
      child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no answer to ${method} in ${timeoutMs} ms; stderr: ${stderr.slice(-500)}`)), timeoutMs);
        waiting.set(id, (msg) => { clearTimeout(timer); resolve(msg); });
      });
    },
    notify(method, params) {
      child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method, params })}\n`);
    },
  };
}

function within(promise, ms) {
  return Promise.race([promise, new Promise((resolve) => setTimeout(() => resolve(null), ms))]);
}

async function session(proc) {
  const init = await proc.request('initialize', {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'mcp-bridge-release-check', version: '1' },
  });
  if (init.error) throw new Error(`initialize failed: ${JSON.stringify(init.error)}`);
  proc.notify('notifications/initialized', {});
  const tools = [];
  let cursor;
  do {
    const res = await proc.request('tools/list', cursor ? { cursor } : {});
    if (res.error) throw new Error(`tools/list failed: ${JSON.stringify(res.error)}`);
    tools.push(...res.result.tools);
    cursor = res.result.nextCursor;
  } while (cursor);
  return { serverInfo: init.result.serverInfo, tools };
}

/** Pids of the direct children of pid (Linux only; empty elsewhere). */
function childrenOf(pid) {
  const dirPath = `/proc/${pid}/task`;
  if (!existsSync(dirPath)) return [];
  const pids = [];
  for (const task of readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/)) {
    if (task) pids.push(Number(task));
  }
  return pids;
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// 1. npx, offline, from the install directory.
let fullCount = 0;
{
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  const proc = start(npx, ['--offline', '-y', '@mcp-bridge/cli', ...serveArgs]);
  try {
    const { serverInfo, tools } = await session(proc);
    fullCount = tools.length;
    check(serverInfo?.version === expectedVersion, 'npx: serverInfo.version is the release version', `${serverInfo?.name} ${serverInfo?.version}`);
    check(tools.length >= 35, 'npx: tools/list lists at least 35 tools', `${tools.length}`);
  } catch (err) {
    check(false, 'npx: initialize and tools/list', err.message);
  }
  proc.child.stdin.end();
  const end = await within(proc.exited, 20000);
  check(end?.code === 0, 'npx: exits 0 when stdin closes', JSON.stringify(end));
  if (!end) proc.child.kill('SIGKILL');
}

// 2. The launcher itself: environment and SIGTERM.
{
  const proc = start(launcher, serveArgs, { MCP_BRIDGE_READ_ONLY: 'true' });
  let bridge = [];
  try {
    const { tools } = await session(proc);
    check(tools.length > 0 && tools.length < fullCount, 'launcher: passes the environment on (MCP_BRIDGE_READ_ONLY=true lists fewer tools)', `${tools.length} of ${fullCount}`);
    bridge = childrenOf(proc.child.pid);
    if (process.platform === 'linux' && bridge.length === 1) {
      const flags = /^flags:\s*([0-7]+)$/m.exec(readFileSync(`/proc/${bridge[0]}/fdinfo/0`, 'utf8'))?.[1];
      const O_NONBLOCK = 0o4000;
      check(flags !== undefined && (parseInt(flags, 8) & O_NONBLOCK) === 0, 'launcher: leaves the shared stdin blocking', `flags ${flags}`);
    }
  } catch (err) {
    check(false, 'launcher: initialize and tools/list', err.message);
  }
  proc.child.kill('SIGTERM'); // stdin stays open: only the forwarded signal can stop the bridge
  const end = await within(proc.exited, 15000);
  check(end !== null, 'launcher: SIGTERM stops the bridge and the launcher', JSON.stringify(end));
  if (!end) proc.child.kill('SIGKILL');
  if (process.platform === 'linux') {
    check(bridge.length === 1, 'launcher: runs the binary as its one child', `${bridge}`);
    await new Promise((r) => setTimeout(r, 200));
    check(bridge.every((pid) => !alive(pid)), 'launcher: no bridge process left after SIGTERM');
  }
}

// 3. Exit codes come back.
{
  const proc = start(launcher, ['--no-such-flag']);
  proc.child.stdin.end();
  const end = await within(proc.exited, 15000);
  check(end?.code === 2, 'launcher: returns the binary\'s exit code (bad flag: 2)', `${JSON.stringify(end)} ${proc.stderr().trim().slice(0, 200)}`);
}

// 4. A missing platform package is reported, not a stack trace.
{
  const installed = path.join(dir, 'node_modules', ...platformPackage.split('/'));
  const aside = `${installed}.aside`;
  renameSync(installed, aside);
  try {
    const proc = start(launcher, ['version']);
    proc.child.stdin.end();
    const end = await within(proc.exited, 15000);
    const said = proc.stderr();
    check(end?.code === 1 && said.includes(`${platformPackage}`) && said.includes('not installed'),
      'launcher: without the platform package, exit 1 naming it', `${JSON.stringify(end)} ${said.split('\n')[0]}`);
  } finally {
    renameSync(aside, installed);
  }
}

console.log(`npm-launcher: ${failures === 0 ? 'all passed' : `${failures} failed`}`);
process.exit(failures === 0 ? 0 : 1);
