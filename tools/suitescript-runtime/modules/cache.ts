/**
 * N/cache: `getCache({ name, scope })` → Cache with get (1 unit; 2 when the loader runs), put (1), remove (1).
 * Scopes as Oracle documents cache.Scope (see `cachePartition` in stores.ts): PRIVATE (default) this script only;
 * PROTECTED the scripts of the same bundle/SuiteApp, or for a script outside any bundle every script outside bundles;
 * PUBLIC every server script of the account, installed SuiteApps included. The project's own scripts are outside any
 * bundle unless `account.cache.setBundle(scriptId, bundleId)` says otherwise; `account.cache.as(...)` acts as another
 * script. Values are strings: non-strings are JSON-stringified on put and from loaders. TTL in seconds, at least 300
 * (lower values are raised), against the account clock; no TTL means no expiry. Best effort: entries may vanish (test
 * hooks on `account.cache`). Names ≤ 1,000 bytes, keys ≤ 4,096 bytes, values ≤ 500,000 bytes (UTF-8).
 */
import type { Execution } from '../execution';
import { CACHE_SCOPES, cachePartition, checkCacheKey, checkCacheName, checkCacheValue, toCacheString, type CacheScope } from '../stores';
import { keyEnum, missingArg, opts, reqString, strict, wrongType } from '../strict';

export function createCacheModule(ex: Execution): object {
  const store = ex.account.cache;

  const keyArg = (o: Record<string, unknown>, method: string): string => {
    const key = o['key'];
    if (key === undefined || key === null || key === '') throw missingArg(`${method}: options.key`);
    if (typeof key !== 'string') throw wrongType('options.key', 'string');
    return checkCacheKey(key);
  };
  const ttlArg = (o: Record<string, unknown>): number | undefined => {
    const ttl = o['ttl'];
    if (ttl === undefined || ttl === null) return undefined;
    if (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl < 0) throw wrongType('options.ttl', 'number');
    return ttl;
  };

  return strict(ex, 'N/cache', {
    getCache(options?: unknown) {
      const o = opts(options, 'cache.getCache');
      const name = checkCacheName(reqString(o, 'name', 'cache.getCache'));
      const scope = o['scope'] ?? 'PRIVATE';
      if (typeof scope !== 'string' || !(CACHE_SCOPES as readonly string[]).includes(scope)) throw wrongType('options.scope', 'cache.Scope');
      const partition = cachePartition(scope as CacheScope, store.identityOf(ex.scriptId));
      return strict(ex, 'cache.Cache', {
        get name() {
          return name;
        },
        get scope() {
          return scope;
        },
        get(g?: unknown): string | null {
          const go = opts(g, 'Cache.get');
          const key = keyArg(go, 'Cache.get');
          const loader = go['loader'];
          const ttl = ttlArg(go);
          if (loader !== undefined && loader !== null && typeof loader !== 'function') throw wrongType('options.loader', 'function');
          const hit = store.get(partition, name, key);
          if (hit !== undefined || typeof loader !== 'function') {
            ex.gov.charge('Cache.get');
            return hit ?? null;
          }
          ex.gov.charge('Cache.get (loader)');
          const arg = new ex.realm.Object() as Record<string, unknown>;
          arg['key'] = key;
          const loaded = (loader as (ctx: unknown) => unknown)(arg);
          if (loaded === undefined || loaded === null) return null;
          const value = checkCacheValue(toCacheString(loaded));
          store.put(partition, name, key, value, ttl);
          return value;
        },
        put(p?: unknown): void {
          const po = opts(p, 'Cache.put');
          const key = keyArg(po, 'Cache.put');
          if (!('value' in po) || po['value'] === undefined) throw missingArg('Cache.put: options.value');
          const ttl = ttlArg(po);
          ex.gov.charge('Cache.put');
          store.put(partition, name, key, checkCacheValue(toCacheString(po['value'])), ttl);
        },
        remove(r?: unknown): void {
          const ro = opts(r, 'Cache.remove');
          const key = keyArg(ro, 'Cache.remove');
          ex.gov.charge('Cache.remove');
          store.remove(partition, name, key);
        },
        toJSON() {
          return ex.realm.toRealm({ name, scope });
        },
        toString() {
          return `cache.Cache(${name}, ${scope})`;
        },
      });
    },
    Scope: keyEnum(CACHE_SCOPES),
  });
}
