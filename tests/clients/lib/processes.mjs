// Child-process bookkeeping for the client suites: every server or client process a test starts is
// registered here, so that a failing or interrupted test never leaves one behind.
import { spawn } from 'node:child_process';
import net from 'node:net';

const live = new Set();

function killAll() {
  for (const child of live) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
}

process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    killAll();
    process.exit(130);
  });
}

/**
 * Starts a process that the suite tracks until it exits. Output is captured (not inherited) so that
 * a test can show it when it fails.
 */
export function track(command, args, options = {}) {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], ...options });
  live.add(child);
  child.output = { stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk) => { child.output.stdout += chunk; });
  child.stderr?.on('data', (chunk) => { child.output.stderr += chunk; });
  child.exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    });
    child.on('error', (err) => {
      live.delete(child);
      resolve({ code: null, signal: null, error: err });
    });
  });
  return child;
}

/** Registers a process started by someone else (e.g. an SDK transport) so that it is killed at exit. */
export function adopt(child) {
  if (!child) return;
  live.add(child);
  child.once('exit', () => live.delete(child));
}

/** Stops a tracked process: SIGTERM, then SIGKILL if it has not exited after graceMs. */
export async function stop(child, graceMs = 5000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
}

/**
 * Runs a command to completion and returns its exit code and output. Fails (rejects) only when the
 * command cannot be started or exceeds timeoutMs, which is killed and reported as such.
 */
export async function run(command, args, { timeoutMs = 120000, ...options } = {}) {
  const child = track(command, args, options);
  child.stdin?.end();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  const { code, signal, error } = await child.exited;
  clearTimeout(timer);
  if (error) throw new Error(`cannot start ${command}: ${error.message}`);
  if (timedOut) {
    throw new Error(`${command} ${args.join(' ')} did not finish within ${timeoutMs} ms\n` +
      `stdout: ${child.output.stdout}\nstderr: ${child.output.stderr}`);
  }
  return { code, signal, stdout: child.output.stdout, stderr: child.output.stderr };
}

/** Returns a TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
