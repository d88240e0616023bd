#!/usr/bin/env node
// Launcher for the mcp-bridge binary installed by npm.
//
// The binary itself ships in one package per platform (@mcp-bridge/cli-<os>-<cpu>), listed in this
// package's optionalDependencies; npm installs only the one whose "os" and "cpu" match this machine.
// This script finds it and runs it with the same arguments, environment and standard streams, then
// leaves with the binary's exit code (or dies of the same signal).
'use strict';

const { spawn } = require('node:child_process');
const os = require('node:os');
const path = require('node:path');
const tty = require('node:tty');

const scope = '@mcp-bridge/cli';
const supported = ['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64', 'win32-x64', 'win32-arm64'];
const platform = `${process.platform}-${process.arch}`;
const releases = 'https://github.com/workflows-mcp/mcp-bridge/releases';

function fail(message) {
  process.stderr.write(`mcp-bridge (npm launcher): ${message}\n`);
  process.exit(1);
}

function binaryPath() {
  if (!supported.includes(platform)) {
    fail(`no build for ${platform}; builds exist for ${supported.join(', ')}. ` +
      `Build from source with Go: go install github.com/workflows-mcp/mcp-bridge/cmd/mcp-bridge@latest`);
  }
  const pkg = `${scope}-${platform}`;
  let dir;
  try {
    dir = path.dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    fail(`the package ${pkg}, which holds the binary for this machine, is not installed.\n` +
      `It is an optional dependency of ${scope}: installs run with --omit=optional (or --no-optional), ` +
      `or a lock file made on another platform, leave it out.\n` +
      `Reinstall with optional dependencies (e.g. npm install ${scope}), or download the binary from ${releases}`);
  }
  return path.join(dir, 'bin', process.platform === 'win32' ? 'mcp-bridge.exe' : 'mcp-bridge');
}

const binary = binaryPath();
const child = spawn(binary, process.argv.slice(2), { stdio: 'inherit', env: process.env, windowsHide: true });

child.on('error', (err) => {
  fail(`could not start ${binary}: ${err.message}`);
});

// Pass on signals sent to this process. A Ctrl-C typed in a terminal already reaches the binary,
// which is in the same foreground process group, and the bridge takes a second SIGINT as "stop at
// once": so SIGINT is passed on only when standard input is not a terminal (an MCP client, which
// signals this process alone). On Windows a console Ctrl-C reaches both processes and there is
// nothing to forward. (tty.isatty, not process.stdin: opening process.stdin would switch the pipe
// the binary shares with us to non-blocking mode under it.)
const forwarded = process.platform === 'win32' ? [] : ['SIGTERM', 'SIGHUP'];
if (process.platform !== 'win32' && !tty.isatty(0)) forwarded.push('SIGINT');
const handlers = new Map();
for (const signal of forwarded) {
  const handler = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  handlers.set(signal, handler);
  process.on(signal, handler);
}
// Keep this process alive until the binary has gone, whatever it does with the signal.
if (!forwarded.includes('SIGINT')) process.on('SIGINT', () => {});

child.on('exit', (code, signal) => {
  if (signal) {
    // Die of the same signal, so whoever started us sees what happened to the bridge.
    for (const [sig, handler] of handlers) process.removeListener(sig, handler);
    process.removeAllListeners('SIGINT');
    try {
      process.kill(process.pid, signal);
    } catch {
      // fall through to an exit code
    }
    const number = os.constants.signals[signal] || 0;
    process.exit(128 + number);
  }
  process.exit(code === null ? 1 : code);
});
