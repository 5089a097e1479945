/**
 * Platform rule: no N/* use while a define() callback runs (SUITESCRIPT_API_UNAVAILABLE_IN_DEFINE), including modules
 * that require() loads during an entry point. See tools/suitescript-runtime/README.md "Platform rules enforced".
 */
import { describe, expect, it } from '@jest/globals';
import { header, logged, scheduled, scheduledScript, setup } from './helpers';

const MESSAGE = 'All SuiteScript API Modules are unavailable while executing your define callback';

function run(files: Record<string, string>) {
  const { account } = setup(files, [scheduledScript('s', 's.js')]);
  return account.runScheduled({ deploymentId: 'customdeploy_s' });
}

describe('no N/* while a define() callback runs', () => {
  it('fails a script whose library calls an N/* function at load time (jsrsasign seeding its pool)', () => {
    const r = run({
      'lib/seed.js': `define(['N/crypto/random'], function (random) { var pool = random.generateBytes({ size: 32 }); return { pool: pool }; });`,
      's.js': scheduled({ seed: './lib/seed' }, `log.debug('never', 'reached');`),
    });
    expect(r.ok).toBe(false);
    expect(r.error).toMatchObject({ name: 'SUITESCRIPT_API_UNAVAILABLE_IN_DEFINE', message: MESSAGE });
    expect(r.logs.map((l) => l.title)).toEqual(['SUITESCRIPT_API_UNAVAILABLE_IN_DEFINE']);
  });

  it('fails on an enum read at load time (encode.Encoding.UTF_8), even when the script catches the error', () => {
    const r = run({
      'lib/enc.js': `define(['N/encode'], function (encode) {
        var utf8; try { utf8 = encode.Encoding.UTF_8; } catch (e) { utf8 = e.name; }
        return { utf8: utf8 };
      });`,
      's.js': scheduled({ enc: './lib/enc' }, `log.debug('utf8', enc.utf8);`),
    });
    // NetSuite's error reached the library; the runtime also lists it so a swallowed violation still fails a test.
    expect(logged(r.logs, 'utf8')).toBe('SUITESCRIPT_API_UNAVAILABLE_IN_DEFINE');
    expect(r.faults).toEqual([expect.stringContaining('SUITESCRIPT_API_UNAVAILABLE_IN_DEFINE: N/encode.Encoding used while the define() callback of /SuiteScripts/T/lib/enc.js ran')]);
  });

  it('bans N/log and the global log object in a define callback too', () => {
    const r = run({ 's.js': `${header('ScheduledScript')}define(['N/log'], function (nlog) { nlog.audit('loading', 'x'); return { execute: function () {} }; });` });
    expect(r.error?.name).toBe('SUITESCRIPT_API_UNAVAILABLE_IN_DEFINE');
    const g = run({ 's.js': `${header('ScheduledScript')}define([], function () { log.audit('loading', 'x'); return { execute: function () {} }; });` });
    expect(g.error?.name).toBe('SUITESCRIPT_API_UNAVAILABLE_IN_DEFINE');
  });

  it('allows holding and passing module objects at load time, and any use inside the entry point or functions it calls', () => {
    const r = run({
      'lib/lazy.js': `define(['N/encode', 'N/crypto/random'], function (encode, random) {
        var mods = { encode: encode, random: random }; // held, not touched
        var pool = null;
        function seed() { if (!pool) pool = mods.random.generateBytes({ size: 8 }); return pool.length; }
        function hex(s) { return mods.encode.convert({ string: s, inputEncoding: mods.encode.Encoding.UTF_8, outputEncoding: mods.encode.Encoding.HEX }); }
        return { seed: seed, hex: hex };
      });`,
      's.js': scheduled({ lazy: './lib/lazy' }, `log.debug('used', [lazy.seed(), lazy.hex('A')]);`),
    });
    expect(r.error).toBeUndefined();
    expect(r.faults).toEqual([]);
    expect(logged(r.logs, 'used')).toEqual([8, '41']);
  });

  it('applies to modules require() loads during the entry point: their define callbacks run while loading', () => {
    const files = {
      'lib/eager.js': `define(['N/crypto/random'], function (random) { return { bytes: random.generateBytes({ size: 4 }) }; });`,
      'lib/lazy.js': `define(['N/crypto/random'], function (random) { return { bytes: function () { return random.generateBytes({ size: 4 }); } }; });`,
    };
    const eager = run({
      ...files,
      's.js': scheduled({ require: 'require' }, `require(['./lib/eager'], function (e) { log.debug('eager', e.bytes.length); });`),
    });
    expect(eager.error?.name).toBe('SUITESCRIPT_API_UNAVAILABLE_IN_DEFINE');

    const lazy = run({
      ...files,
      's.js': scheduled(
        { require: 'require' },
        `var ret = require(['./lib/lazy'], function (l) { log.debug('lazy', l.bytes().length); });
    log.debug('sync', [ret === undefined, require('./lib/lazy').bytes().length]);`,
      ),
    });
    expect(lazy.error).toBeUndefined();
    // require([ids], callback) runs synchronously on the server and returns nothing (Oracle: require Function).
    expect(logged(lazy.logs, 'lazy')).toBe(4);
    expect(logged(lazy.logs, 'sync')).toEqual([true, 4]);
  });

  it('has no global require (Oracle: import require as a dependency in 2.1 scripts)', () => {
    const r = run({ 's.js': scheduled({}, `log.debug('global', typeof require);`) });
    expect(logged(r.logs, 'global')).toBe('undefined');
  });
});
