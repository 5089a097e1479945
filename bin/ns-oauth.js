#!/usr/bin/env node
// ns-oauth: the admin command line (tools/cli/main.ts). Runs the built JavaScript in dist/cli
// (`npm run build` or `npm run build:cli`), which starts in about a tenth of a second. When that is
// missing, or a source changed since it was built, it runs the TypeScript sources through tsx instead
// (slower to start, same behaviour). Paths are resolved from this project, not the working directory.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
// `ns-oauth --help | head`: the reader went away; stop quietly instead of crashing on EPIPE.
process.stdout.on('error', (e) => {
  if (e && e.code === 'EPIPE') process.exit(process.exitCode || 0);
  throw e;
});

/** Why dist/cli cannot be used (missing, or older than a source), or '' when it can. */
function staleReason() {
  let info;
  try {
    info = JSON.parse(fs.readFileSync(path.join(root, 'dist', 'cli', 'build-info.json'), 'utf8'));
  } catch {
    return 'dist/cli is not built';
  }
  for (const rel of info.sources || []) {
    let mtime;
    try {
      mtime = fs.statSync(path.join(root, rel)).mtimeMs;
    } catch {
      return `${rel} is gone since dist/cli was built`;
    }
    if (mtime > info.newestSourceMs) return `${rel} changed since dist/cli was built`;
  }
  return '';
}

/** Runs the TypeScript sources through the tsx command line (a child process: it handles both the
 *  CommonJS sources and the commands' lazy import()s); returns its exit code. */
function runFromSource(reason) {
  // Only people at a terminal are told; scripts and tests read the command's own output unchanged.
  if (process.stderr.isTTY && !process.env.NS_OAUTH_FROM_SOURCE) {
    process.stderr.write(`ns-oauth: ${reason}; running the TypeScript sources (slower start). "npm run build:cli" fixes that.\n`);
  }
  let tsxCli;
  try {
    tsxCli = require.resolve('tsx/cli', { paths: [root] });
  } catch {
    process.stderr.write(`ns-oauth: ${reason}, and tsx cannot be found from ${root}: run "npm ci" and "npm run build:cli" in that folder first.\n`);
    return 4;
  }
  const { spawnSync } = require('node:child_process');
  const r = spawnSync(process.execPath, [tsxCli, path.join(root, 'tools', 'cli', 'main.ts'), ...process.argv.slice(2)], { stdio: 'inherit' });
  if (r.error) {
    process.stderr.write(`ns-oauth: cannot run the sources: ${r.error.message}\n`);
    return 4;
  }
  return r.status === null ? 4 : r.status;
}

const reason = process.env.NS_OAUTH_FROM_SOURCE ? 'NS_OAUTH_FROM_SOURCE is set' : staleReason();
if (reason) {
  process.exitCode = runFromSource(reason);
} else {
  require(path.join(root, 'dist', 'cli', 'main.js')).runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`ns-oauth: unexpected error: ${error && error.message ? error.message : String(error)}\n`);
      process.exitCode = 4;
    },
  );
}
