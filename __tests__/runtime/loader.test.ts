import { describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { header, logged, scheduled, scheduledScript, setup } from './helpers';

/** Globals NetSuite's GraalJS does not have (DESIGN.md section 2), plus Node's. */
const HOST_GLOBALS = ['window', 'navigator', 'crypto', 'process', 'require', 'setTimeout', 'setInterval', 'setImmediate', 'Buffer', 'console', 'module', 'exports', 'global', 'WebAssembly'];

describe('realm globals', () => {
  it('exposes ECMAScript built-ins plus log, util and define, and none of the host globals', () => {
    const { account } = setup(
      {
        'g.js': scheduled(
          {},
          `var names = ${JSON.stringify(HOST_GLOBALS)};
    var present = names.filter(function (n) { return typeof globalThis[n] !== 'undefined'; });
    log.debug('present', present);
    log.debug('netsuite', [typeof log, typeof util, typeof define, typeof define.amd, typeof JSON, typeof Promise, typeof Intl]);
    log.debug('util', [util.isArray([]), util.isObject({}), util.isString('x'), util.isDate(new Date()), util.isFunction(execute), typeof util.nanoTime()]);`,
        ),
      },
      [scheduledScript('g', 'g.js')],
    );
    const r = account.runScheduled({ deploymentId: 'customdeploy_g' });
    expect(r.ok).toBe(true);
    expect(logged(r.logs, 'present')).toEqual([]);
    expect(logged(r.logs, 'netsuite')).toEqual(['object', 'object', 'function', 'object', 'object', 'function', 'object']);
    expect(logged(r.logs, 'util')).toEqual([true, true, true, true, true, 'number']);
  });

  it('Date follows the account clock, and time can move between executions', () => {
    let clock = Date.UTC(2026, 0, 15, 10, 30, 0);
    const { account } = setup(
      { 'd.js': scheduled({}, `log.debug('now', [Date.now(), new Date().toISOString(), new Date(0).getTime(), new Date() instanceof Date, typeof Date()]);`) },
      [scheduledScript('d', 'd.js')],
      { now: () => clock },
    );
    const first = logged(account.runScheduled({ deploymentId: 'customdeploy_d' }).logs, 'now') as unknown[];
    expect(first).toEqual([clock, '2026-01-15T10:30:00.000Z', 0, true, 'string']);
    clock += 3_600_000;
    const second = logged(account.runScheduled({ deploymentId: 'customdeploy_d' }).logs, 'now') as unknown[];
    expect(second[1]).toBe('2026-01-15T11:30:00.000Z');
  });

  it('counts Math.random calls during module load and during the entry point separately', () => {
    const { account } = setup(
      {
        'lib/seed.js': `define(['exports'], function (exports) { exports.seed = [Math.random(), Math.random(), Math.random()]; });`,
        'r.js': scheduled({ seed: './lib/seed' }, `Math.random();`),
        'quiet.js': scheduled({ seed: './lib/seed' }, `log.debug('x', seed.seed.length);`),
      },
      [scheduledScript('r', 'r.js'), scheduledScript('quiet', 'quiet.js')],
    );
    expect(account.runScheduled({ deploymentId: 'customdeploy_r' }).mathRandom).toEqual({ duringLoad: 3, duringEntry: 1 });
    expect(account.runScheduled({ deploymentId: 'customdeploy_quiet' }).mathRandom).toEqual({ duringLoad: 3, duringEntry: 0 });
  });
});

describe('AMD loading', () => {
  it('resolves relative, parent-relative and absolute ids, with and without .js, and the exports/require/module pseudo-dependencies', () => {
    const { account, dir } = setup(
      {
        'lib/a.js': `define(['exports', '../lib/b', '/SuiteScripts/T/lib/c.js'], function (exports, b, c) { exports.value = 'a+' + b + '+' + c.name; });`,
        'lib/b.js': `define(function () { return 'b'; });`,
        'lib/c.js': `define('ignored-id', ['module'], function (module) { module.exports = { name: 'c', id: module.id }; });`,
        'lib/d.js': `define({ constant: 42 });`,
        'lib/e.js': `define(['require', 'exports'], function (require, exports) { exports.viaRequire = require('./d').constant; });`,
        'main.js': scheduled({ a: './lib/a', d: './lib/d.js', e: '/SuiteScripts/T/lib/e' }, `log.debug('values', [a.value, d.constant, e.viaRequire]);`),
      },
      [scheduledScript('main', 'main.js')],
    );
    const r = account.runScheduled({ deploymentId: 'customdeploy_main' });
    expect(r.error).toBeUndefined();
    expect(logged(r.logs, 'values')).toEqual(['a+b+c', 42, 42]);
    expect(r.loadedFiles.map((f) => f.path)).toEqual([
      '/SuiteScripts/T/main.js',
      '/SuiteScripts/T/lib/a.js',
      '/SuiteScripts/T/lib/b.js',
      '/SuiteScripts/T/lib/c.js',
      '/SuiteScripts/T/lib/d.js',
      '/SuiteScripts/T/lib/e.js',
    ]);
    expect(r.bytesLoaded).toBe(r.loadedFiles.reduce((n, f) => n + f.bytes, 0));
    expect(r.loadedFiles[0]?.bytes).toBe(fs.statSync(path.join(dir, 'main.js')).size);
  });

  it('handles circular dependencies with partial exports, as RequireJS does', () => {
    const { account } = setup(
      {
        'x.js': `define(['exports', './y'], function (exports, y) { exports.fromX = function () { return 'x sees ' + y.name; }; exports.name = 'x'; });`,
        'y.js': `define(['exports', './x'], function (exports, x) { exports.name = 'y'; exports.fromY = function () { return 'y sees ' + x.name; }; });`,
        'main.js': scheduled({ x: './x', y: './y' }, `log.debug('cycle', [x.fromX(), y.fromY()]);`),
      },
      [scheduledScript('main', 'main.js')],
    );
    const r = account.runScheduled({ deploymentId: 'customdeploy_main' });
    expect(logged(r.logs, 'cycle')).toEqual(['x sees y', 'y sees x']);
  });

  it('fails with MODULE_DOES_NOT_EXIST for a missing file and names unimplemented N modules', () => {
    const { account } = setup(
      {
        'missing.js': scheduled({ nope: './lib/nope' }, ``),
        'query.js': scheduled({ query: 'N/query' }, ``),
      },
      [scheduledScript('missing', 'missing.js'), scheduledScript('query', 'query.js')],
    );
    const missing = account.runScheduled({ deploymentId: 'customdeploy_missing' });
    expect(missing.ok).toBe(false);
    expect(missing.error).toMatchObject({ name: 'MODULE_DOES_NOT_EXIST', message: 'Module does not exist: /SuiteScripts/T/lib/nope.js' });
    const query = account.runScheduled({ deploymentId: 'customdeploy_query' });
    expect(query.error?.message).toBe('SuiteScript runtime: module N/query is not implemented');
    expect(query.faults).toEqual(['SuiteScript runtime: module N/query is not implemented']);
  });

  it('refuses entry files without the JSDoc header, with another @NScriptType or API version, or without the entry point', () => {
    const body = `define(['exports'], function (exports) { exports.execute = function () {}; });`;
    const { account } = setup(
      {
        'nohead.js': body,
        'suitelet.js': header('Suitelet') + body,
        'v20.js': header('ScheduledScript', '2.0') + body,
        'noentry.js': header('ScheduledScript') + `define(['exports'], function (exports) { exports.run = function () {}; });`,
      },
      [scheduledScript('nohead', 'nohead.js'), scheduledScript('suitelet', 'suitelet.js'), scheduledScript('v20', 'v20.js'), scheduledScript('noentry', 'noentry.js')],
    );
    const run = (id: string) => account.runScheduled({ deploymentId: `customdeploy_${id}` });
    expect(run('nohead').error?.message).toMatch(/must begin with a JSDoc block/);
    expect(run('suitelet').error?.message).toMatch(/@NScriptType is Suitelet, the script record is a ScheduledScript/);
    expect(run('v20').error?.message).toMatch(/@NApiVersion must be 2\.1 \(found 2\.0\)/);
    expect(run('noentry').error?.name).toBe('SCRIPT_OF_API_VERSION_20_MUST_IMPLEMENT_A_SCRIPT_TYPE_INTERFACE');
  });

  it('starts every execution with fresh module state, and picks up a rebuilt file', () => {
    const { account, dir } = setup(
      {
        'lib/counter.js': `define(['exports'], function (exports) { var n = 0; exports.next = function () { n += 1; return n; }; });`,
        'c.js': scheduled({ counter: './lib/counter' }, `log.debug('n', counter.next());`),
      },
      [scheduledScript('c', 'c.js')],
    );
    expect(logged(account.runScheduled({ deploymentId: 'customdeploy_c' }).logs, 'n')).toBe(1);
    expect(logged(account.runScheduled({ deploymentId: 'customdeploy_c' }).logs, 'n')).toBe(1);
    fs.writeFileSync(path.join(dir, 'lib/counter.js'), `define(['exports'], function (exports) { exports.next = function () { return 'rebuilt'; }; });`);
    expect(logged(account.runScheduled({ deploymentId: 'customdeploy_c' }).logs, 'n')).toBe('rebuilt');
  });

  it('loads files stored with addFile and gives File Cabinet ids that are not small numbers', () => {
    const { account } = setup({}, [scheduledScript('stored', 'stored.js')]);
    const { id } = account.addFile({ path: '/SuiteScripts/T/stored.js', contents: scheduled({}, `log.debug('stored', 'yes');`) });
    expect(id).toBeGreaterThan(1000);
    const r = account.runScheduled({ deploymentId: 'customdeploy_stored' });
    expect(logged(r.logs, 'stored')).toBe('yes');
    expect(r.loadedFiles[0]).toMatchObject({ path: '/SuiteScripts/T/stored.js', id });
    expect(account.removeFile(id)).toBe(true);
    expect(account.runScheduled({ deploymentId: 'customdeploy_stored' }).error?.name).toBe('MODULE_DOES_NOT_EXIST');
  });
});
