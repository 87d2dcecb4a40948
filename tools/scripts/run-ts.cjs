#!/usr/bin/env node
// Runs a TypeScript entry point without a build step:
//   node tools/scripts/run-ts.cjs <file.ts> [args...]
// It compiles each .ts file on require with @swc/core (already a dev dependency, so nothing extra to
// install) and resolves the @sightline/* aliases from tsconfig.base.json, the same mapping Jest uses.
// Types are not checked here: `npx tsc -p tsconfig.json` and ESLint do that.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const { transformSync } = require('@swc/core');

const repoRoot = path.resolve(__dirname, '..', '..');

let cachedSwcOptions;
/** The repository's .swcrc, shared with the build and Jest so all three compile alike. */
function swcOptions() {
  if (!cachedSwcOptions) {
    const { $schema: _schema, ...options } = JSON.parse(
      fs.readFileSync(path.join(repoRoot, '.swcrc'), 'utf8'),
    );
    cachedSwcOptions = options;
  }
  return cachedSwcOptions;
}

function register() {
  if (Module._extensions['.ts']) return;
  const { compilerOptions } = JSON.parse(
    fs.readFileSync(path.join(repoRoot, 'tsconfig.base.json'), 'utf8'),
  );
  const aliases = new Map(
    Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
      alias,
      path.join(repoRoot, target),
    ]),
  );
  const originalResolve = Module._resolveFilename;
  Module._resolveFilename = function resolveWithAliases(request, parent, ...rest) {
    const target = aliases.get(request);
    return originalResolve.call(this, target ?? request, parent, ...rest);
  };
  Module._extensions['.ts'] = function compileTs(module, filename) {
    const source = fs.readFileSync(filename, 'utf8');
    const { code } = transformSync(source, { ...swcOptions(), filename, sourceMaps: 'inline' });
    module._compile(code, filename);
  };
  // Stack traces point at the TypeScript lines.
  process.setSourceMapsEnabled?.(true);
}

module.exports = { register, repoRoot };

if (require.main === module) {
  const [entry, ...args] = process.argv.slice(2);
  if (!entry) {
    console.error('usage: node tools/scripts/run-ts.cjs <file.ts> [args...]');
    process.exit(2);
  }
  register();
  const file = path.resolve(entry);
  process.argv = [process.argv[0], file, ...args];
  // isMain=true so `require.main === module` holds in the entry file, as with plain `node file.js`.
  Module._load(file, null, true);
}
