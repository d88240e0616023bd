#!/usr/bin/env node
// Checks that the version a release will carry is written the same everywhere it is written by hand:
// manifest.json's version, server.json's version, each server.json package's version and the OCI
// image's tag. With --release-version V (GoReleaser passes its version) and --snapshot false, V must
// be that version too, so a tag v1.2.3 cannot ship a manifest that says 1.2.2.
//
//   node scripts/release/versions.mjs [--release-version V --snapshot true|false]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const releaseVersion = option('--release-version');
const snapshot = option('--snapshot') !== 'false';

const manifest = JSON.parse(readFileSync(path.join(root, 'manifest.json'), 'utf8'));
const server = JSON.parse(readFileSync(path.join(root, 'server.json'), 'utf8'));
const want = manifest.version;
const problems = [];
const expect = (what, got) => {
  if (got !== want) problems.push(`${what} is ${JSON.stringify(got)}, manifest.json's version is ${want}`);
};

expect('server.json version', server.version);
for (const pkg of server.packages ?? []) {
  if (pkg.registryType === 'oci') {
    expect(`server.json OCI image ${pkg.identifier} tag`, pkg.identifier.split(':').pop());
  } else {
    expect(`server.json ${pkg.registryType} package ${pkg.identifier} version`, pkg.version);
  }
}
if (releaseVersion && !snapshot && releaseVersion !== want) {
  problems.push(`the release is ${releaseVersion} but manifest.json's version is ${want}: set the new version in manifest.json and server.json first (docs/releasing.md)`);
}
if (problems.length) {
  for (const p of problems) console.error(`versions: ${p}`);
  process.exit(1);
}
console.log(`versions: manifest.json and server.json agree on ${want}${releaseVersion ? ` (release ${releaseVersion}${snapshot ? ', snapshot' : ''})` : ''}`);
