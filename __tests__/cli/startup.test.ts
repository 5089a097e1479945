// The command line is built to JavaScript (tools/cli/build.mjs), so it starts without a TypeScript
// loader. Built here into a temporary folder: dist/cli of the working tree is never rewritten by a test.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, removeTmpDirs, tmpDir } from './helpers';

// Inside the project (node_modules/.cache), so that the bundle's require('commander') resolves as from dist/cli.
const buildRoot = path.join(REPO_ROOT, 'node_modules', '.cache', `ns-oauth-cli-test-${process.pid}`);
const out = path.join(buildRoot, 'cli');
beforeAll(() => {
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'tools', 'cli', 'build.mjs'), '--out', out], { cwd: REPO_ROOT, stdio: 'pipe' });
}, 60_000);
afterAll(() => {
  fs.rmSync(buildRoot, { recursive: true, force: true });
  removeTmpDirs();
});

/** Runs the built CLI with argv in a fresh node; reports exit code, output and which loaders were loaded. */
const runBuilt = (argv: string[]) => {
  const script = `
    const started = process.hrtime.bigint();
    require(${JSON.stringify(path.join(out, 'main.js'))}).runCli(${JSON.stringify(argv)}).then((code) => {
      const loaded = Object.keys(require.cache);
      process.stderr.write('\\n@@' + JSON.stringify({ code, ms: Number(process.hrtime.bigint() - started) / 1e6,
        tsx: loaded.some((f) => f.includes('/node_modules/tsx/')),
        x509: loaded.some((f) => f.includes('/@peculiar/x509/')),
        acorn: loaded.some((f) => f.includes('/node_modules/acorn/')) }));
    });`;
  const r = spawnSync(process.execPath, ['-e', script], { cwd: tmpDir(), encoding: 'utf8', timeout: 20_000 });
  const [stderr, info] = (r.stderr ?? '').split('\n@@');
  if (!info) throw new Error(`the built CLI did not finish: ${stderr}`);
  return { stdout: r.stdout, stderr, ...(JSON.parse(info ?? '{}') as { code: number; ms: number; tsx: boolean; x509: boolean; acorn: boolean }) };
};

describe('the built command line (dist/cli)', () => {
  it('records its sources, so bin/ns-oauth.js can tell when it is stale', () => {
    const info = JSON.parse(fs.readFileSync(path.join(out, 'build-info.json'), 'utf8')) as { sources: string[]; newestSourceMs: number };
    expect(info.sources).toEqual(expect.arrayContaining(['tools/cli/main.ts', 'tools/cli/commands/keygen.ts', 'src/TypeScript/core/ipAllowList.ts']));
    expect(info.sources.every((s) => !s.includes('node_modules'))).toBe(true);
    expect(info.newestSourceMs).toBeGreaterThan(0);
  });

  it('--help runs without tsx, and loads neither the certificate library nor the JavaScript parser', () => {
    const r = runBuilt(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: ns-oauth');
    expect(r.tsx).toBe(false);
    expect(r.x509).toBe(false);
    expect(r.acorn).toBe(false);
    expect(r.ms).toBeLessThan(1000);
  });

  it('each command loads its own code when it runs (keygen: the certificate library; validate: acorn)', () => {
    const keygen = runBuilt(['keygen', '--alg', 'ES256', '--out', path.join(tmpDir(), 'k')]);
    expect(keygen.code).toBe(0);
    expect(keygen.x509).toBe(true);
    expect(keygen.tsx).toBe(false);
    const validate = runBuilt(['validate', path.join(tmpDir(), 'missing')]);
    expect(validate.code).toBe(2);
    expect(validate.acorn).toBe(true);
  });
});
