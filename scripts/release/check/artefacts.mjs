// Checks what GoReleaser left in dist/ (run after `goreleaser release --snapshot`):
//
//   node artefacts.mjs DIST
//
//  - six binaries, linux/darwin/windows x amd64/arm64, built with CGO_ENABLED=0 and -trimpath (read
//    back with `go version -m`), stripped and holding the version; this machine's one prints it;
//  - an archive per binary, and checksums.txt whose SHA-256 sums match every archive and bundle;
//  - one .mcpb per binary: `mcpb unpack` opens it, `mcpb validate` accepts its manifest, whose
//    version is the release's, whose platforms are the bundle's one platform and whose tools are
//    manifest.json's; the binary at its entry_point is the built one, executable on Unix.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..', '..');
const mcpbCli = path.resolve(here, '..', 'node_modules', '@anthropic-ai', 'mcpb', 'dist', 'cli', 'cli.js');
const dist = path.resolve(process.argv[2] ?? path.join(root, 'dist'));

let failures = 0;
function check(ok, what, detail = '') {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${detail ? `: ${detail}` : ''}`);
  if (!ok) failures++;
}
const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');
const mcpb = (...args) => spawnSync(process.execPath, [mcpbCli, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

const { version } = JSON.parse(readFileSync(path.join(dist, 'metadata.json'), 'utf8'));
const artifacts = JSON.parse(readFileSync(path.join(dist, 'artifacts.json'), 'utf8'));
const repoManifest = JSON.parse(readFileSync(path.join(root, 'manifest.json'), 'utf8'));
const targets = ['linux', 'darwin', 'windows'].flatMap((goos) => ['amd64', 'arm64'].map((goarch) => ({ goos, goarch })));
const hostGoos = { linux: 'linux', darwin: 'darwin', win32: 'windows' }[process.platform];
const hostGoarch = { x64: 'amd64', arm64: 'arm64' }[process.arch];
console.log(`release version ${version}`);

// Binaries.
const binaries = new Map();
for (const { goos, goarch } of targets) {
  const a = artifacts.find((x) => x.type === 'Binary' && x.goos === goos && x.goarch === goarch);
  const label = `${goos}/${goarch}`;
  if (!a) {
    check(false, `binary ${label}`, 'missing from artifacts.json');
    continue;
  }
  const file = path.resolve(root, a.path);
  binaries.set(label, file);
  // Build settings come back from `go version -m`; -ldflags do not (-trimpath leaves them out), so
  // -s (which implies -w) shows as a symbol table without main.main, and -X as the version string.
  const info = execFileSync('go', ['version', '-m', file], { encoding: 'utf8' });
  const setting = (key) => new RegExp(`^\\s*build\\s+${key.replace(/[-.]/g, '\\$&')}=(.*)$`, 'm').exec(info)?.[1];
  const nm = spawnSync('go', ['tool', 'nm', file], { encoding: 'utf8', maxBuffer: 256 << 20 });
  const stripped = !/\smain\.main$/m.test(nm.stdout);
  const stamped = readFileSync(file).includes(Buffer.from(version));
  check(setting('CGO_ENABLED') === '0' && setting('-trimpath') === 'true' && stripped && stamped,
    `binary ${label}: static, trimmed, stripped, stamped`,
    `CGO_ENABLED=${setting('CGO_ENABLED')} -trimpath=${setting('-trimpath')} stripped=${stripped} version=${stamped}`);
  if (goos === hostGoos && goarch === hostGoarch) {
    const line = execFileSync(file, ['version'], { encoding: 'utf8' }).trim();
    check(line.startsWith(`mcp-bridge ${version} `), `binary ${label}: \`mcp-bridge version\` prints the release version`, line);
  }
}

// Archives and checksums.
const archives = artifacts.filter((x) => x.type === 'Archive').map((x) => path.resolve(root, x.path));
check(archives.length === targets.length, 'an archive per binary', archives.map((f) => path.basename(f)).join(' '));
const bundles = readdirSync(dist).filter((f) => f.endsWith('.mcpb')).map((f) => path.join(dist, f));
const sums = new Map(readFileSync(path.join(dist, 'checksums.txt'), 'utf8').trim().split('\n')
  .map((l) => l.split(/\s+/)).map(([sum, name]) => [name, sum]));
for (const file of [...archives, ...bundles]) {
  const name = path.basename(file);
  check(sums.get(name) === sha256(file), `checksums.txt: ${name}`);
}

// Bundles.
const mcpbPlatform = { linux: 'linux', darwin: 'darwin', windows: 'win32' };
const work = mkdtempSync(path.join(os.tmpdir(), 'mcp-bridge-bundles-'));
try {
  const validRepo = mcpb('validate', path.join(root, 'manifest.json'));
  check(validRepo.status === 0, 'mcpb validate manifest.json', (validRepo.stdout + validRepo.stderr).trim().split('\n').pop());
  for (const { goos, goarch } of targets) {
    const name = `mcp-bridge_${version}_${goos}_${goarch}.mcpb`;
    const file = path.join(dist, name);
    if (!existsSync(file)) {
      check(false, `bundle ${name}`, 'missing');
      continue;
    }
    const out = path.join(work, `${goos}_${goarch}`);
    const unpacked = mcpb('unpack', file, out);
    check(unpacked.status === 0, `bundle ${name}: mcpb unpack`, unpacked.stderr.trim());
    const manifestFile = path.join(out, 'manifest.json');
    const valid = mcpb('validate', manifestFile);
    check(valid.status === 0, `bundle ${name}: mcpb validate on its manifest`, (valid.stdout + valid.stderr).trim().split('\n').pop());
    const m = JSON.parse(readFileSync(manifestFile, 'utf8'));
    check(m.version === version, `bundle ${name}: manifest version`, m.version);
    check(JSON.stringify(m.compatibility?.platforms) === JSON.stringify([mcpbPlatform[goos]]), `bundle ${name}: platforms`, JSON.stringify(m.compatibility?.platforms));
    check(JSON.stringify(m.tools) === JSON.stringify(repoManifest.tools) && JSON.stringify(m.user_config) === JSON.stringify(repoManifest.user_config),
      `bundle ${name}: tools and user_config are manifest.json's`);
    const entry = path.join(out, m.server.entry_point);
    const built = binaries.get(`${goos}/${goarch}`);
    check(existsSync(entry) && built && sha256(entry) === sha256(built), `bundle ${name}: ${m.server.entry_point} is the built binary`);
    const command = m.server.mcp_config.platform_overrides?.[mcpbPlatform[goos]]?.command ?? m.server.mcp_config.command;
    check(command === `\${__dirname}/${m.server.entry_point}`, `bundle ${name}: the host command runs the entry point`, command);
    if (goos !== 'windows' && process.platform !== 'win32') {
      let executable = true;
      try {
        accessSync(entry, constants.X_OK);
      } catch {
        executable = false;
      }
      check(executable, `bundle ${name}: the binary unpacks executable`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

console.log(`artefacts: ${failures === 0 ? 'all passed' : `${failures} failed`}`);
process.exit(failures === 0 ? 0 : 1);
