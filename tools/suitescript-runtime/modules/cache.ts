/**
 * N/cache: `getCache({ name, scope })` (scope PRIVATE by default: per script; PROTECTED and PUBLIC: every script of the
 * account) → Cache with get (1 unit; 2 when the loader runs), put (1), remove (1). Values are strings: non-strings are
 * JSON-stringified on put and from loaders. TTL in seconds, at least 300 (lower values are raised), against the
 * account clock; no TTL means no expiry. Best effort: entries may vanish (test hooks on `account.cache`).
 * Keys are limited to 4 KB and values to 500 KB.
 */
import { sse } from '../errors';
import type { Execution } from '../execution';
import { keyEnum, missingArg, opts, reqString, strict, wrongType } from '../strict';

const SCOPES = ['PRIVATE', 'PROTECTED', 'PUBLIC'] as const;
const MAX_KEY = 4096;
const MAX_VALUE = 500 * 1024;

function toCacheString(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}

export function createCacheModule(ex: Execution): object {
  const store = ex.account.cache;

  const keyArg = (o: Record<string, unknown>, method: string): string => {
    const key = o['key'];
    if (key === undefined || key === null || key === '') throw missingArg(`${method}: options.key`);
    if (typeof key !== 'string') throw wrongType('options.key', 'string');
    if (key.length > MAX_KEY) throw sse('SSS_CACHE_KEY_TOO_LONG', `The cache key is longer than ${MAX_KEY} characters.`);
    return key;
  };
  const ttlArg = (o: Record<string, unknown>): number | undefined => {
    const ttl = o['ttl'];
    if (ttl === undefined || ttl === null) return undefined;
    if (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl < 0) throw wrongType('options.ttl', 'number');
    return ttl;
  };
  const valueArg = (value: string): string => {
    if (Buffer.byteLength(value, 'utf8') > MAX_VALUE) throw sse('SSS_CACHE_VALUE_TOO_LARGE', `The cache value is larger than ${MAX_VALUE} bytes.`);
    return value;
  };

  return strict(ex, 'N/cache', {
    getCache(options?: unknown) {
      const o = opts(options, 'cache.getCache');
      const name = reqString(o, 'name', 'cache.getCache');
      const scope = o['scope'] ?? 'PRIVATE';
      if (typeof scope !== 'string' || !(SCOPES as readonly string[]).includes(scope)) throw wrongType('options.scope', 'cache.Scope');
      const partition = scope === 'PRIVATE' ? `PRIVATE:${ex.scriptId}` : 'SHARED';
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
          const value = valueArg(toCacheString(loaded));
          store.put(partition, name, key, value, ttl);
          return value;
        },
        put(p?: unknown): void {
          const po = opts(p, 'Cache.put');
          const key = keyArg(po, 'Cache.put');
          if (!('value' in po) || po['value'] === undefined) throw missingArg('Cache.put: options.value');
          const ttl = ttlArg(po);
          ex.gov.charge('Cache.put');
          store.put(partition, name, key, valueArg(toCacheString(po['value'])), ttl);
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
    Scope: keyEnum(SCOPES),
  });
}
