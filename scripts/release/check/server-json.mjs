// Validates server.json against the MCP registry's server.json schema and checks that it names what
// the release builds:
//
//   node server-json.mjs SCHEMA_FILE
//
// SCHEMA_FILE is the schema for server.json's $schema version, as the registry's Go module carries it
// (scripts/release-check.sh takes it from the module cache). Beyond the schema, the checks the
// official registry makes at publish time that can be made here: the npm package's package.json has
// mcpName = name, the OCI image is labelled io.modelcontextprotocol.server.name = name, the npm
// package is on registry.npmjs.org, and the schema file's $id is the URL server.json names.
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const [schemaFile] = process.argv.slice(2);
if (!schemaFile) {
  console.error('usage: node server-json.mjs SCHEMA_FILE');
  process.exit(2);
}
const schema = JSON.parse(readFileSync(schemaFile, 'utf8'));
const server = JSON.parse(readFileSync(path.join(root, 'server.json'), 'utf8'));
const npmMain = JSON.parse(readFileSync(path.join(root, 'npm', 'cli', 'package.json'), 'utf8'));
const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');

let failures = 0;
function check(ok, what, detail = '') {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${detail ? `: ${detail}` : ''}`);
  if (!ok) failures++;
}

check(schema.$id === server.$schema, 'the schema file is the one server.json names', `${schema.$id}`);
// The registry's schemas are draft-07; keep examples and other annotations the schema uses legal.
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);
const valid = validate(server);
check(valid, 'server.json is valid against the registry schema',
  valid ? '' : ajv.errorsText(validate.errors, { separator: '\n  ' }));

const npm = (server.packages ?? []).filter((p) => p.registryType === 'npm');
check(npm.length === 1 && npm[0].identifier === npmMain.name, 'server.json\'s npm package is npm/cli', `${npm.map((p) => p.identifier)}`);
check(npm.every((p) => p.registryBaseUrl === undefined || p.registryBaseUrl === 'https://registry.npmjs.org'), 'the npm package is on registry.npmjs.org');
check(npmMain.mcpName === server.name, 'npm/cli/package.json mcpName is server.json\'s name', `${npmMain.mcpName}`);

const oci = (server.packages ?? []).filter((p) => p.registryType === 'oci');
const label = /io\.modelcontextprotocol\.server\.name="([^"]+)"/.exec(dockerfile)?.[1];
check(oci.length === 0 || label === server.name, 'the Dockerfile labels the image with server.json\'s name', `${label}`);
check(oci.every((p) => /^(docker\.io|ghcr\.io|quay\.io)\/[^:]+:[^:]+$/.test(p.identifier)), 'OCI identifiers are registry/namespace/repository:tag on an allowed registry', oci.map((p) => p.identifier).join(' '));

console.log(`server-json: ${failures === 0 ? 'all passed' : `${failures} failed`}`);
process.exit(failures === 0 ? 0 : 1);
