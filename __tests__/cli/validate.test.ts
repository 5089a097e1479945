import { afterEach, describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { copyProject, edit, objectFile, removeProject } from '../sdf/helpers';
import { run, runBin, tmpDir, removeTmpDirs } from './helpers';

const projects: string[] = [];
const project = (): string => {
  const p = copyProject(); // the shipped src/, with placeholder built files if the build has not run
  projects.push(p);
  return p;
};
afterEach(() => {
  for (const p of projects.splice(0)) removeProject(p);
  removeTmpDirs();
});

describe('ns-oauth validate', () => {
  it('passes the shipped project (exit 0)', async () => {
    const dir = project();
    const r = await run(['validate', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/SDF project .*: no errors/);
    const j = await run(['validate', dir, '--json']);
    expect(j.code).toBe(0);
    expect(JSON.parse(j.stdout)).toMatchObject({ ok: true, errors: 0 });
  });

  it('fails a broken copy (exit 1), naming the file and the problem', async () => {
    const dir = project();
    edit(objectFile(dir, 'customrecord_oauth_token'), '[scriptid=customlist_oauth_token_status]', '[scriptid=customlist_oauth_missing]');
    fs.writeFileSync(path.join(dir, 'FileCabinet', 'SuiteScripts', 'OAuth', 'private_key.pem'), '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n');
    const r = await run(['validate', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: src\/Objects\/customrecord_oauth_token\.xml:\d+: .*customlist_oauth_missing/);
    expect(r.stderr).toMatch(/private_key\.pem/);
    expect(r.stderr).not.toContain('MIIB');
    const j = JSON.parse((await run(['validate', dir, '--json'])).stdout) as { ok: boolean; errors: number; findings: Array<{ severity: string; message: string }> };
    expect(j.ok).toBe(false);
    expect(j.errors).toBeGreaterThanOrEqual(2);
  });

  it('names file, line and DESIGN.md 2a rule for a built file that uses N/* while define() runs (exit 1; rule in --json)', async () => {
    const dir = project();
    const file = path.join(dir, 'FileCabinet', 'SuiteScripts', 'OAuth', 'lib', 'seed.js');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, "define(['N/crypto/random'], function (random) {\n  var seed = random.generateBytes({ size: 32 });\n  return { seed: seed };\n});\n");
    const r = await runBin(['validate', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: src/FileCabinet/SuiteScripts/OAuth/lib/seed.js:2: [n-module-in-define] N/crypto/random is used while define() runs (random.generateBytes)');
    const j = JSON.parse((await run(['validate', dir, '--json'])).stdout) as { findings: Array<{ file: string; line?: number; rule?: string }> };
    expect(j.findings).toContainEqual(expect.objectContaining({ file: 'src/FileCabinet/SuiteScripts/OAuth/lib/seed.js', line: 2, rule: 'n-module-in-define' }));
  });

  it('exits 2 for a folder that does not exist', async () => {
    const r = await run(['validate', path.join(tmpDir(), 'nope')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not a folder');
  });

  it('end to end (bin/ns-oauth.js): a relative projectDir, and ./src by default, from the working directory', async () => {
    const dir = project();
    const cwd = path.dirname(dir);
    const ok = await runBin(['validate', 'src'], { cwd });
    expect(ok.code).toBe(0);
    edit(objectFile(dir, 'customrecord_oauth_token'), '[scriptid=customlist_oauth_token_status]', '[scriptid=customlist_oauth_missing]');
    const broken = await runBin(['validate'], { cwd });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('customlist_oauth_missing');
  });
});
