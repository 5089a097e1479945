/**
 * The local stand-in's File Cabinet cache (tools/suitescript-runtime/filecabinet.ts): an unchanged mounted file is not
 * read again, a changed one (a rebuild) is picked up on the next read, and the cache stays bounded.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileCabinet, MOUNT_CACHE_MAX_FILES } from '../../tools/suitescript-runtime/filecabinet';
import { compileScript, compiledScriptCount } from '../../tools/suitescript-runtime/loader';

const dirs: string[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'ns-fc-cache-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  while (dirs.length) fs.rmSync(dirs.pop() as string, { recursive: true, force: true });
});

describe('File Cabinet cache of mounted files', () => {
  it('reads an unchanged file once and hands back the same contents', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.js'), 'define([], function () { return 1; });\n');
    const fc = new FileCabinet();
    fc.mount('/SuiteScripts/X', dir);
    const first = fc.get('/SuiteScripts/X/a.js');
    for (let i = 0; i < 20; i++) expect(fc.get('/SuiteScripts/X/a.js')).toEqual(first);
    expect(fc.mountCacheStats()).toMatchObject({ enabled: true, reads: 1, hits: 20, files: 1 });
    expect(first?.size).toBe(Buffer.byteLength('define([], function () { return 1; });\n'));
  });

  it('picks up a rebuilt file, even of the same size, on the next read', () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.js');
    fs.writeFileSync(file, 'define([], function () { return 1; });\n');
    const fc = new FileCabinet();
    fc.mount('/SuiteScripts/X', dir);
    expect(fc.get('/SuiteScripts/X/a.js')?.contents).toContain('return 1');
    fs.writeFileSync(file, 'define([], function () { return 2; });\n'); // same size, new mtime/ctime
    const t = new Date(Date.now() + 5_000);
    fs.utimesSync(file, t, t); // and a different mtime even on a coarse-grained file system
    expect(fc.get('/SuiteScripts/X/a.js')?.contents).toContain('return 2');
    fs.rmSync(file);
    expect(fc.get('/SuiteScripts/X/a.js')).toBeUndefined();
    expect(fc.mountCacheStats().reads).toBe(2);
  });

  it('stays bounded, and reads every time when switched off', () => {
    const dir = tempDir();
    const n = MOUNT_CACHE_MAX_FILES + 20;
    for (let i = 0; i < n; i++) fs.writeFileSync(path.join(dir, `f${i}.js`), `// ${i}\n`);
    const fc = new FileCabinet();
    fc.mount('/SuiteScripts/X', dir);
    for (let i = 0; i < n; i++) fc.get(`/SuiteScripts/X/f${i}.js`);
    expect(fc.mountCacheStats().files).toBe(MOUNT_CACHE_MAX_FILES);
    fc.setMountCache(false);
    fc.get('/SuiteScripts/X/f0.js');
    fc.get('/SuiteScripts/X/f0.js');
    expect(fc.mountCacheStats()).toMatchObject({ enabled: false, files: 0, reads: n + 2 });
  });
});

describe('compile cache', () => {
  it('reuses the compiled script for unchanged contents and stays bounded', () => {
    const a = compileScript('/SuiteScripts/Y/a.js', 'var x = 1;');
    expect(compileScript('/SuiteScripts/Y/a.js', 'var x = 1;')).toBe(a);
    expect(compileScript('/SuiteScripts/Y/a.js', `var x = ${'1'};`)).toBe(a); // equal contents, another string
    expect(compileScript('/SuiteScripts/Y/a.js', 'var x = 2;')).not.toBe(a);
    for (let i = 0; i < 600; i++) compileScript(`/SuiteScripts/Y/f${i}.js`, `var y = ${i};`);
    expect(compiledScriptCount()).toBeLessThanOrEqual(500);
  });
});
