// How the suites find, configure and start the mcp-bridge binary under test.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, run, stop, track } from './processes.mjs';

export const clientsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = path.resolve(clientsDir, '..', '..');

let builtBinary;

/**
 * The binary under test: $MCP_BRIDGE_BIN when set (run.sh builds it once), otherwise built here with
 * `go build` into a temporary directory, once per process.
 */
export function bridgeBinary() {
  const fromEnv = process.env.MCP_BRIDGE_BIN;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`MCP_BRIDGE_BIN=${fromEnv} does not exist`);
    return fromEnv;
  }
  if (!builtBinary) {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'mcp-bridge-bin-')), 'mcp-bridge');
    execFileSync('go', ['build', '-o', out, './cmd/mcp-bridge'], { cwd: repoRoot, stdio: 'inherit' });
    builtBinary = out;
  }
  return builtBinary;
}

// Variables that would make the backend resolve to something other than the sandbox, or change
// how the server answers; a throw-away sandbox must not see them.
const backendVariables = /^(IMBRACE_|ACTIVEPIECES_|MCP_BRIDGE_)/;

/** The environment for a throw-away sandbox server: the caller's, less any backend configuration. */
export function sandboxEnv(extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!backendVariables.test(key)) env[key] = value;
  }
  return { ...env, ...extra };
}

/** Arguments that serve a throw-away in-memory sandbox over the given transport. */
export function serveArgs(transport, { addr, stateless = false } = {}) {
  const args = ['serve', '--transport', transport, '--sandbox-data', ':memory:'];
  if (addr) args.push('--addr', addr);
  if (stateless) args.push('--stateless');
  return args;
}

/** The tool catalogue as the binary prints it (`mcp-bridge tools --json`). */
export async function catalogue() {
  const { code, stdout, stderr } = await run(bridgeBinary(), ['tools', '--json'], { env: sandboxEnv() });
  if (code !== 0) throw new Error(`mcp-bridge tools --json exited ${code}: ${stderr}`);
  const parsed = JSON.parse(stdout);
  const tools = Array.isArray(parsed) ? parsed : parsed.tools;
  if (!Array.isArray(tools)) throw new Error(`mcp-bridge tools --json printed no tool array: ${stdout.slice(0, 200)}`);
  return tools;
}

async function healthy(base, child, deadline) {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return false;
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/**
 * Starts `mcp-bridge serve` over SSE or Streamable HTTP on a random free 127.0.0.1 port and waits for
 * /healthz. Returns {base, url, child, stop}; url is the transport's endpoint (/sse or /mcp).
 */
export async function startHttpServer(transport, { stateless = false, env = {} } = {}) {
  let lastError = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const child = track(bridgeBinary(), serveArgs(transport, { addr: `127.0.0.1:${port}`, stateless }), {
      env: sandboxEnv(env),
    });
    child.stdin.end();
    if (await healthy(base, child, Date.now() + 20000)) {
      const endpoint = transport === 'sse' ? '/sse' : '/mcp';
      return { base, port, url: `${base}${endpoint}`, child, stop: () => stop(child) };
    }
    lastError = child.output.stderr;
    await stop(child);
    // A port taken between freePort() and the bind is the only reason worth another attempt.
    if (!/address already in use/i.test(lastError)) break;
  }
  throw new Error(`mcp-bridge serve --transport ${transport} did not become healthy:\n${lastError}`);
}
