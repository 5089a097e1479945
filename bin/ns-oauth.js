#!/usr/bin/env node
// ns-oauth: the admin command line (tools/cli/main.ts). Runs the TypeScript sources through tsx,
// resolved from this project (not the working directory), so it works from any folder.
'use strict';
const path = require('node:path');

const root = path.resolve(__dirname, '..');
// `ns-oauth --help | head`: the reader went away; stop quietly instead of crashing on EPIPE.
process.stdout.on('error', (e) => {
  if (e && e.code === 'EPIPE') process.exit(process.exitCode || 0);
  throw e;
});
let register;
try {
  ({ register } = require(require.resolve('tsx/cjs/api', { paths: [root] })));
} catch {
  process.stderr.write(`ns-oauth: cannot load tsx from ${root}: run "npm ci" in that folder first.\n`);
  process.exit(4);
}
register();
const { runCli } = require(path.join(root, 'tools', 'cli', 'main.ts'));
runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`ns-oauth: unexpected error: ${error && error.message ? error.message : String(error)}\n`);
    process.exitCode = 4;
  },
);
