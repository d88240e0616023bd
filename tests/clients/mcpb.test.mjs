// The MCP Bundle toolchain (@anthropic-ai/mcpb) against mcp-bridge's manifest.json: the manifest
// validates; a bundle packed with the Linux binary unpacks with the binary still executable; started
// the way a host starts it (the package's own getMcpConfigForManifest substitutes ${__dirname} and
// the user's settings into mcp_config), the server lists exactly the tools the manifest declares.
import { getMcpConfigForManifest } from '@anthropic-ai/mcpb';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import assert from 'node:assert/strict';
import { accessSync, chmodSync, constants, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { bridgeBinary, repoRoot, sandboxEnv } from './lib/bridge.mjs';
import { listAllTools } from './lib/calls.mjs';
import { installedVersion, packageFile } from './lib/packages.mjs';
import { adopt, run } from './lib/processes.mjs';

const version = installedVersion('@anthropic-ai/mcpb');
const manifestPath = path.join(repoRoot, 'manifest.json');
const work = mkdtempSync(path.join(os.tmpdir(), 'mcp-bridge-mcpb-'));

function mcpb(...args) {
  return run(process.execPath, [packageFile('@anthropic-ai/mcpb', 'dist', 'cli', 'cli.js'), ...args],
    { cwd: work, env: { ...process.env, NO_COLOR: '1' }, timeoutMs: 120000 });
}

function report(t, label, res) {
  t.diagnostic(`${label}: exit ${res.code}`);
  for (const line of `${res.stdout}\n${res.stderr}`.split('\n').filter((l) => l.trim()).slice(0, 12)) {
    t.diagnostic(`  ${line.slice(0, 200)}`);
  }
}

describe(`@anthropic-ai/mcpb@${version} over stdio`, () => {
  const bundleDir = path.join(work, 'bundle');
  const bundleFile = path.join(work, 'mcp-bridge.mcpb');
  const unpacked = path.join(work, 'unpacked');
  let manifest;
  // The bundle and its unpacked copy hold the 20 MB binary twice: do not leave them behind.
  after(() => rmSync(work, { recursive: true, force: true }));

  test('mcpb validate manifest.json', async (t) => {
    assert.ok(existsSync(manifestPath), `no manifest.json at ${manifestPath}`);
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    const res = await mcpb('validate', manifestPath);
    report(t, 'mcpb validate', res);
    assert.equal(res.code, 0, `${res.stdout}\n${res.stderr}`);
  });

  test('mcpb pack a bundle holding the Linux binary at its entry_point', async (t) => {
    assert.ok(manifest, 'the manifest did not load');
    assert.equal(manifest.server?.type, 'binary', 'server.type');
    const entry = manifest.server.entry_point;
    assert.ok(entry && !path.isAbsolute(entry) && !entry.includes('..'), `entry_point ${entry} is not a path inside the bundle`);
    mkdirSync(path.dirname(path.join(bundleDir, entry)), { recursive: true });
    copyFileSync(manifestPath, path.join(bundleDir, 'manifest.json'));
    copyFileSync(bridgeBinary(), path.join(bundleDir, entry));
    chmodSync(path.join(bundleDir, entry), 0o755);
    // Files the manifest names (icon, screenshots) travel with it when the repository has them.
    for (const file of [manifest.icon, ...(manifest.screenshots ?? [])].filter(Boolean)) {
      if (existsSync(path.join(repoRoot, file))) {
        mkdirSync(path.dirname(path.join(bundleDir, file)), { recursive: true });
        copyFileSync(path.join(repoRoot, file), path.join(bundleDir, file));
      }
    }
    const res = await mcpb('pack', bundleDir, bundleFile);
    report(t, 'mcpb pack', res);
    assert.equal(res.code, 0, `${res.stdout}\n${res.stderr}`);
    assert.ok(existsSync(bundleFile), 'mcpb pack wrote no bundle');
  });

  test('mcpb unpack keeps the binary executable', async (t) => {
    const res = await mcpb('unpack', bundleFile, unpacked);
    report(t, 'mcpb unpack', res);
    assert.equal(res.code, 0, `${res.stdout}\n${res.stderr}`);
    const binary = path.join(unpacked, manifest.server.entry_point);
    assert.ok(existsSync(binary), `${manifest.server.entry_point} is missing from the unpacked bundle`);
    accessSync(binary, constants.X_OK);
  });

  /**
   * Starts the unpacked server as a host does, for a user who set userConfig, and hands a connected
   * SDK client to use(client, t). The host's state lives in a throw-away home.
   */
  async function asHost(t, userConfig, use) {
    const home = mkdtempSync(path.join(work, 'home-'));
    const config = await getMcpConfigForManifest({
      manifest,
      extensionPath: unpacked,
      systemDirs: { HOME: home, DESKTOP: home, DOCUMENTS: home, DOWNLOADS: home },
      userConfig,
      pathSeparator: path.sep,
    });
    assert.ok(config, 'getMcpConfigForManifest gave no config: a required user_config has no value');
    // Names only: the values may hold the user's credentials.
    t.diagnostic(`host command: ${config.command} ${(config.args ?? []).join(' ')}; env: ${Object.keys(config.env ?? {}).join(', ')}`);
    // Hosts leave ${user_config.x} in place when x has no value; the binary treats such env values as unset.
    const unresolved = JSON.stringify(config).match(/\$\{[^}]+\}/g);
    if (unresolved) t.diagnostic(`left unsubstituted by the host: ${[...new Set(unresolved)].join(', ')}`);
    const transport = new StdioClientTransport({
      command: config.command,
      args: config.args ?? [],
      env: { ...sandboxEnv({ HOME: home, XDG_STATE_HOME: path.join(home, 'state') }), ...(config.env ?? {}) },
      cwd: unpacked,
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk) => { stderr += chunk; });
    const client = new Client({ name: 'mcpb-host-check', version: '1.0.0' });
    try {
      await client.connect(transport);
      adopt(transport._process);
      await use(client);
    } catch (err) {
      err.message += `\nserver stderr:\n${stderr}`;
      throw err;
    } finally {
      await client.close();
    }
  }

  let readOnlyNames;

  test('started as a host starts it, the server lists exactly the manifest\'s tools', async (t) => {
    assert.ok(manifest, 'the manifest did not load');
    // A user who filled in nothing: no API key, so the sandbox backend.
    await asHost(t, {}, async (client) => {
      const tools = await listAllTools(client);
      const listed = tools.map((tool) => tool.name).sort();
      const declared = (manifest.tools ?? []).map((tool) => tool.name).sort();
      t.diagnostic(`server lists ${listed.length} tools; manifest declares ${declared.length}`);
      assert.deepEqual(listed, declared);
      assert.match(client.getInstructions() ?? '', /sandbox/i, 'with no credentials the server should say it runs the sandbox');
      readOnlyNames = tools.filter((tool) => tool.annotations?.readOnlyHint === true).map((tool) => tool.name).sort();
    });
  });

  test('a user\'s settings reach the server: with read_only on, only the read tools are listed', async (t) => {
    assert.ok(readOnlyNames?.length > 0, 'no read-only tools were listed by the default start');
    assert.ok(manifest.user_config?.read_only, 'the manifest has no read_only setting');
    await asHost(t, { read_only: true }, async (client) => {
      const listed = (await listAllTools(client)).map((tool) => tool.name).sort();
      t.diagnostic(`with read_only: ${listed.length} tools`);
      assert.deepEqual(listed, readOnlyNames);
    });
  });
});
