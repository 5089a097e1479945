/**
 * DESIGN.md 2a: N/cache scopes. PRIVATE is one script's; PROTECTED the scripts of one bundle/SuiteApp, or all scripts
 * outside any bundle; PUBLIC every server script of the account, installed SuiteApps included (Oracle, cache.Scope:
 * https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/section_4655722738.html). Plus the documented size
 * limits and the 300-second minimum TTL.
 */
import { describe, expect, it } from '@jest/globals';
import { CACHE_LIMITS } from '../../tools/suitescript-runtime';
import { logged, scheduled, scheduledScript, setup } from './helpers';

/** Scripts `a` and `b` (the project's own, outside any bundle); each logs what it reads of every scope, then writes. */
function twoScripts(now?: () => number) {
  const body = (me: string) =>
    scheduled(
      { cache: 'N/cache', runtime: 'N/runtime' },
      `var op = runtime.getCurrentScript().getParameter({ name: 'custscript_op' }) || 'read';
    var scopes = ['PRIVATE', 'PROTECTED', 'PUBLIC'];
    if (op === 'write') scopes.forEach(function (s) { cache.getCache({ name: 'n', scope: cache.Scope[s] }).put({ key: 'k', value: '${me}:' + s, ttl: 600 }); });
    log.debug('r', scopes.map(function (s) { return cache.getCache({ name: 'n', scope: cache.Scope[s] }).get({ key: 'k' }); }));`,
    );
  const param = [{ scriptId: 'custscript_op', label: 'Op', type: 'TEXT' as const, mandatory: false }];
  const { account } = setup({ 'a.js': body('a'), 'b.js': body('b') }, [scheduledScript('a', 'a.js', param), scheduledScript('b', 'b.js', param)], now ? { now } : {});
  const read = (s: 'a' | 'b') => logged(account.runScheduled({ deploymentId: `customdeploy_${s}` }).logs, 'r') as (string | null)[];
  const write = (s: 'a' | 'b') => account.runScheduled({ deploymentId: `customdeploy_${s}`, params: { custscript_op: 'write' } });
  return { account, read, write };
}

describe('N/cache scopes (DESIGN.md 2a)', () => {
  it('PRIVATE stays with its script; PROTECTED and PUBLIC reach the other unbundled script', () => {
    const { read, write } = twoScripts();
    expect(write('a').ok).toBe(true);
    expect(read('a')).toEqual(['a:PRIVATE', 'a:PROTECTED', 'a:PUBLIC']);
    expect(read('b')).toEqual([null, 'a:PROTECTED', 'a:PUBLIC']);
  });

  it('a SuiteApp script (bundled) reads and plants PUBLIC entries, but not PROTECTED or PRIVATE ones', () => {
    const { account, read, write } = twoScripts();
    write('a');
    const suiteApp = account.cache.as({ scriptId: 'customscript_vendor', bundleId: '12345' });
    expect(['PRIVATE', 'PROTECTED', 'PUBLIC'].map((scope) => suiteApp.getCache({ name: 'n', scope: scope as 'PUBLIC' }).get({ key: 'k' }))).toEqual([
      null,
      null,
      'a:PUBLIC',
    ]);
    suiteApp.getCache({ name: 'n', scope: 'PUBLIC' }).put({ key: 'k', value: 'planted' });
    suiteApp.getCache({ name: 'n', scope: 'PROTECTED' }).put({ key: 'k', value: 'vendor-only' });
    expect(read('b')).toEqual([null, 'a:PROTECTED', 'planted']);
    // Its own bundle sees its PROTECTED entry.
    expect(account.cache.as({ scriptId: 'customscript_vendor2', bundleId: '12345' }).getCache({ name: 'n', scope: 'PROTECTED' }).get({ key: 'k' })).toBe('vendor-only');
  });

  it('any other script outside a bundle (another team\'s customisation) reads and plants PROTECTED entries', () => {
    const { account, read, write } = twoScripts();
    write('a');
    const other = account.cache.as({ scriptId: 'customscript_someone_else' });
    expect(other.getCache({ name: 'n', scope: 'PROTECTED' }).get({ key: 'k' })).toBe('a:PROTECTED');
    expect(other.getCache({ name: 'n' }).get({ key: 'k' })).toBeNull(); // PRIVATE by default
    other.getCache({ name: 'n', scope: 'PROTECTED' }).put({ key: 'k', value: 'planted' });
    expect(read('a')).toEqual(['a:PRIVATE', 'planted', 'a:PUBLIC']);
    // The same script id is the same PRIVATE cache (that is all PRIVATE means).
    expect(account.cache.as({ scriptId: 'customscript_a' }).getCache({ name: 'n', scope: 'PRIVATE' }).get({ key: 'k' })).toBe('a:PRIVATE');
  });

  it('once the project is installed as a bundle, unbundled scripts no longer share its PROTECTED entries', () => {
    const { account, read, write } = twoScripts();
    account.cache.setBundle('customscript_a', '777');
    account.cache.setBundle('customscript_b', '777');
    write('a');
    expect(read('b')).toEqual([null, 'a:PROTECTED', 'a:PUBLIC']);
    expect(account.cache.as({ scriptId: 'customscript_someone_else' }).getCache({ name: 'n', scope: 'PROTECTED' }).get({ key: 'k' })).toBeNull();
    expect(account.cache.list().map((e) => e.partition).sort()).toEqual(['PRIVATE:customscript_a', 'PROTECTED:777', 'PUBLIC']);
  });
});

describe('N/cache limits', () => {
  const probe = scheduled(
    { cache: 'N/cache' },
    `var c = cache.getCache({ name: 'n', scope: cache.Scope.PROTECTED });
    function attempt(f) { try { f(); return 'ok'; } catch (e) { return e.name; } }
    function repeat(s, n) { var out = ''; while (n-- > 0) out += s; return out; }
    log.debug('r', {
      key4096: attempt(function () { c.put({ key: repeat('k', 4096), value: 'v' }); }),
      key4097: attempt(function () { c.put({ key: repeat('k', 4097), value: 'v' }); }),
      keyMultibyte: attempt(function () { c.get({ key: repeat('\\u20ac', 1366) }); }),
      value500000: attempt(function () { c.put({ key: 'big', value: repeat('x', 500000) }); }),
      value500001: attempt(function () { c.put({ key: 'big', value: repeat('x', 500001) }); }),
      valueMultibyte: attempt(function () { c.put({ key: 'big', value: repeat('\\u00e9', 250001) }); }),
      loaderTooBig: attempt(function () { c.get({ key: 'lazy', loader: function () { return repeat('x', 500001); } }); }),
      name1001: attempt(function () { cache.getCache({ name: repeat('n', 1001) }); }),
      badScope: attempt(function () { cache.getCache({ name: 'n', scope: 'ACCOUNT' }); })
    });`,
  );

  it('refuses keys over 4,096 bytes, values over 500,000 bytes and names over 1,000 bytes (UTF-8)', () => {
    const { account } = setup({ 'p.js': probe }, [scheduledScript('p', 'p.js')]);
    expect(logged(account.runScheduled({ deploymentId: 'customdeploy_p' }).logs, 'r')).toEqual({
      key4096: 'ok',
      key4097: 'SSS_CACHE_KEY_TOO_LONG',
      keyMultibyte: 'SSS_CACHE_KEY_TOO_LONG', // 1,366 characters, 4,098 bytes
      value500000: 'ok',
      value500001: 'SSS_CACHE_VALUE_TOO_LARGE',
      valueMultibyte: 'SSS_CACHE_VALUE_TOO_LARGE', // 250,001 characters, 500,002 bytes
      loaderTooBig: 'SSS_CACHE_VALUE_TOO_LARGE',
      name1001: 'SSS_CACHE_NAME_TOO_LONG',
      badScope: 'WRONG_PARAMETER_TYPE',
    });
    expect(CACHE_LIMITS).toEqual({ nameBytes: 1000, keyBytes: 4096, valueBytes: 500_000 });
    // The test hook applies the same limits.
    expect(() => account.cache.as({ scriptId: 'x' }).getCache({ name: 'n', scope: 'PUBLIC' }).put({ key: 'k', value: 'x'.repeat(500_001) })).toThrow(
      expect.objectContaining({ name: 'SSS_CACHE_VALUE_TOO_LARGE' }),
    );
  });

  it('raises a TTL under 300 s to 300 s, and stays best effort (evict, evictAll, drop rate)', () => {
    let clock = Date.UTC(2026, 0, 1);
    const { account, read } = twoScripts(() => clock);
    const foreign = account.cache.as({ scriptId: 'customscript_other' }).getCache({ name: 'n', scope: 'PUBLIC' });
    foreign.put({ key: 'k', value: 'short', ttl: 5 });
    clock += 299_000;
    expect(read('a')[2]).toBe('short');
    clock += 2_000;
    expect(read('a')[2]).toBeNull();
    foreign.put({ key: 'k', value: 'again' });
    expect(account.cache.evict({ partition: 'PUBLIC' })).toBe(1);
    expect(read('a')[2]).toBeNull();
    foreign.put({ key: 'k', value: 'again' });
    account.cache.setDropRate(1);
    expect(read('a')[2]).toBeNull();
    account.cache.setDropRate(0);
    foreign.put({ key: 'k', value: 'again' });
    account.cache.evictAll();
    expect(account.cache.list()).toEqual([]);
  });
});
