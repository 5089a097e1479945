/**
 * Account-level stores shared by executions: the N/cache store, the https router and the certificate store.
 */
import * as crypto from 'node:crypto';
import { RuntimeFault, sse } from './errors';
import type { CacheEntryState, CertificateEntry, HttpsRequest, HttpsRequestRecord, HttpsResponse } from './types';

// ------------------------------------------------------------------------------------------------------------ cache

/** NetSuite's minimum cache TTL, in seconds. */
export const CACHE_MIN_TTL_SECONDS = 300;

/**
 * N/cache limits, in UTF-8 bytes. Oracle: "The maximum length of a key is 4KB (4096) bytes" and "The maximum size of
 * the value is 500KB" (Cache.put, https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/section_4642661313.html),
 * "The maximum size of the cache name is 1 kb" (cache.getCache, section_4642627983.html). "KB" is read as 1,000 bytes
 * where Oracle gives no byte count, so the runtime is never looser than NetSuite.
 */
export const CACHE_LIMITS = { nameBytes: 1000, keyBytes: 4096, valueBytes: 500_000 } as const;

/** The scopes of N/cache (cache.Scope). */
export const CACHE_SCOPES = ['PRIVATE', 'PROTECTED', 'PUBLIC'] as const;
export type CacheScope = (typeof CACHE_SCOPES)[number];

/** Who uses the cache: a script, and the bundle/SuiteApp it was installed with (null: outside any bundle). */
export interface CacheIdentity {
  scriptId: string;
  bundleId?: string | null;
}

/**
 * The partition a scope reaches for a script (Oracle, cache.Scope,
 * https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/section_4655722738.html):
 * - PRIVATE: "available only to the current script" → `PRIVATE:<scriptId>`;
 * - PROTECTED: "If the script is part of a bundle, the cache is available to all scripts in the same bundle. If the
 *   script is not in a bundle, the cache is available to all scripts not in any bundle" → `PROTECTED:<bundleId>`,
 *   `PROTECTED:` for every script outside bundles (the account's own customisations, other teams' included);
 * - PUBLIC: "available to all server scripts in the NetSuite account" (installed SuiteApps too) → `PUBLIC`.
 */
export function cachePartition(scope: CacheScope, who: CacheIdentity): string {
  if (scope === 'PRIVATE') return `PRIVATE:${who.scriptId}`;
  if (scope === 'PROTECTED') return `PROTECTED:${who.bundleId ?? ''}`;
  return 'PUBLIC';
}

const utf8Bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** Checks a cache name; throws SuiteScriptErrors as N/cache does. */
export function checkCacheName(name: string): string {
  if (utf8Bytes(name) > CACHE_LIMITS.nameBytes) {
    throw sse('SSS_CACHE_NAME_TOO_LONG', `The cache name is longer than ${CACHE_LIMITS.nameBytes} bytes.`);
  }
  return name;
}

/** Checks a cache key (length in UTF-8 bytes). */
export function checkCacheKey(key: string): string {
  if (utf8Bytes(key) > CACHE_LIMITS.keyBytes) {
    throw sse('SSS_CACHE_KEY_TOO_LONG', `The cache key is longer than ${CACHE_LIMITS.keyBytes} bytes.`);
  }
  return key;
}

/** Checks a cache value (size in UTF-8 bytes). */
export function checkCacheValue(value: string): string {
  if (utf8Bytes(value) > CACHE_LIMITS.valueBytes) {
    throw sse('SSS_CACHE_VALUE_TOO_LARGE', `The cache value is larger than ${CACHE_LIMITS.valueBytes} bytes.`);
  }
  return value;
}

/** Values are strings; NetSuite JSON-stringifies anything else. */
export function toCacheString(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}

/** A cache as seen by one identity, from the {@link CacheStore.as} test hook (same shape as N/cache's Cache). */
export interface ForeignCache {
  get(options: { key: string }): string | null;
  put(options: { key: string; value: unknown; ttl?: number }): void;
  remove(options: { key: string }): void;
}

/**
 * The account's cache. Partitions per scope as {@link cachePartition} says; scripts are outside any bundle unless
 * {@link CacheStore.setBundle} puts them in one. Best effort: entries may be dropped at any time
 * ({@link CacheStore.setDropRate}, {@link CacheStore.evictAll}).
 */
export class CacheStore {
  private readonly entries = new Map<string, CacheEntryState>();
  private readonly bundles = new Map<string, string>();
  private dropRate = 0;

  constructor(
    private readonly now: () => number,
    state?: CacheEntryState[],
  ) {
    for (const e of state ?? []) this.entries.set(keyOf(e.partition, e.name, e.key), { ...e });
  }

  /** Test hook: marks a script of the account as installed with a bundle/SuiteApp (null: outside any bundle). */
  setBundle(scriptId: string, bundleId: string | null): void {
    if (bundleId === null) this.bundles.delete(scriptId);
    else this.bundles.set(scriptId, bundleId);
  }

  /** The identity N/cache uses for a script of the account. */
  identityOf(scriptId: string): CacheIdentity {
    return { scriptId, bundleId: this.bundles.get(scriptId) ?? null };
  }

  /**
   * Test hook: the cache as another script sees it, e.g. a SuiteApp's script
   * `as({ scriptId: 'customscript_other', bundleId: '12345' }).getCache({ name, scope: 'PUBLIC' }).get({ key })`.
   * A bundled script reaches PUBLIC entries and its own bundle's PROTECTED ones; an unbundled one PUBLIC entries and
   * the PROTECTED entries of every unbundled script. Same limits and TTL rules as N/cache; no governance.
   */
  as(who: CacheIdentity): { getCache(options: { name: string; scope?: CacheScope }): ForeignCache } {
    return {
      getCache: ({ name, scope = 'PRIVATE' }) => {
        if (!(CACHE_SCOPES as readonly string[]).includes(scope)) throw new Error(`SuiteScript runtime: unknown cache scope ${String(scope)}`);
        checkCacheName(name);
        const partition = cachePartition(scope, who);
        return {
          get: ({ key }) => this.get(partition, name, checkCacheKey(key)) ?? null,
          put: ({ key, value, ttl }) => this.put(partition, name, checkCacheKey(key), checkCacheValue(toCacheString(value)), ttl),
          remove: ({ key }) => this.remove(partition, name, checkCacheKey(key)),
        };
      },
    };
  }

  /** The value, or undefined on a miss (expired or dropped entries are misses). */
  get(partition: string, name: string, key: string): string | undefined {
    const k = keyOf(partition, name, key);
    const e = this.entries.get(k);
    if (!e) return undefined;
    if ((e.expiresAt !== null && e.expiresAt <= this.now()) || (this.dropRate > 0 && Math.random() < this.dropRate)) {
      this.entries.delete(k);
      return undefined;
    }
    return e.value;
  }

  /** Stores a value; `ttlSeconds` below the minimum is raised to it; undefined means no expiry. */
  put(partition: string, name: string, key: string, value: string, ttlSeconds?: number): void {
    const ttl = ttlSeconds === undefined ? undefined : Math.max(CACHE_MIN_TTL_SECONDS, ttlSeconds);
    this.entries.set(keyOf(partition, name, key), {
      partition,
      name,
      key,
      value,
      expiresAt: ttl === undefined ? null : this.now() + ttl * 1000,
    });
  }

  remove(partition: string, name: string, key: string): void {
    this.entries.delete(keyOf(partition, name, key));
  }

  /** Test hook: empties the cache (as NetSuite may at any time). */
  evictAll(): void {
    this.entries.clear();
  }

  /** Test hook: removes entries matching the filter (all fields optional; partitions as in {@link cachePartition}). */
  evict(filter: { name?: string; key?: string; partition?: string } = {}): number {
    let n = 0;
    for (const [k, e] of this.entries) {
      if (filter.name !== undefined && e.name !== filter.name) continue;
      if (filter.key !== undefined && e.key !== filter.key) continue;
      if (filter.partition !== undefined && e.partition !== filter.partition) continue;
      this.entries.delete(k);
      n++;
    }
    return n;
  }

  /** Test hook: each read drops the entry it finds with this probability (0..1), simulating best-effort eviction. */
  setDropRate(rate: number): void {
    if (!(rate >= 0 && rate <= 1)) throw new Error('SuiteScript runtime: cache drop rate must be within 0..1');
    this.dropRate = rate;
  }

  /** Live (unexpired) entries, for inspection. */
  list(): CacheEntryState[] {
    const now = this.now();
    return [...this.entries.values()].filter((e) => e.expiresAt === null || e.expiresAt > now).map((e) => ({ ...e }));
  }

  toJSON(): CacheEntryState[] {
    return this.list();
  }
}

function keyOf(partition: string, name: string, key: string): string {
  return JSON.stringify([partition, name, key]);
}

// ------------------------------------------------------------------------------------------------------------ https

/** Decides whether a route answers a URL. */
export type RouteMatcher = ((url: URL) => boolean) | RegExp | string;

/** Answers a request synchronously (N/https is synchronous); may throw `NetworkFault`. */
export type RouteHandler = (request: HttpsRequest) => HttpsResponse;

/** Routes outbound N/http(s) requests to test handlers. There is no real network, ever. */
export class HttpsRouter {
  private readonly routes: { matcher: RouteMatcher; handler: RouteHandler }[] = [];
  /** Every request made, with its outcome. */
  readonly requests: HttpsRequestRecord[];

  constructor(requests: HttpsRequestRecord[] = []) {
    this.requests = requests;
  }

  /**
   * Adds a route. A string matches the URL without its query (`https://host/path`), a RegExp is tested against the
   * whole URL. Routes added later take precedence. Returns a function removing the route.
   */
  route(matcher: RouteMatcher, handler: RouteHandler): () => void {
    const entry = { matcher, handler };
    this.routes.unshift(entry);
    return () => {
      const i = this.routes.indexOf(entry);
      if (i >= 0) this.routes.splice(i, 1);
    };
  }

  /** Removes every route. */
  clearRoutes(): void {
    this.routes.length = 0;
  }

  /** The handler for a URL, or a RuntimeFault. */
  handlerFor(method: string, url: string): RouteHandler {
    const parsed = new URL(url);
    for (const r of this.routes) {
      const m = r.matcher;
      const hit =
        typeof m === 'function' ? m(parsed) : m instanceof RegExp ? m.test(url) : `${parsed.origin}${parsed.pathname}` === m;
      if (hit) return r.handler;
    }
    throw new RuntimeFault(`no https route answers ${method} ${url} (add one with account.https.route; there is no real network)`);
  }
}

// ------------------------------------------------------------------------------------------------------ certificates

/** Certificates of Setup > Company > Certificates. */
export class CertificateStore {
  private readonly certs = new Map<string, CertificateEntry>();

  constructor(state?: CertificateEntry[]) {
    for (const c of state ?? []) this.certs.set(c.scriptId, { ...c });
  }

  /** Adds (or replaces) a certificate; checks the key parses and matches the certificate when one is given. */
  add(entry: { scriptId: string; privateKeyPem: string; certificatePem?: string }): void {
    if (!/^custcertificate[a-z0-9_]*$/.test(entry.scriptId)) {
      throw new Error(`SuiteScript runtime: certificate script ids start with custcertificate (got ${entry.scriptId})`);
    }
    const key = crypto.createPrivateKey(entry.privateKeyPem);
    if (entry.certificatePem !== undefined) {
      const cert = new crypto.X509Certificate(entry.certificatePem);
      if (!cert.checkPrivateKey(key)) throw new Error(`SuiteScript runtime: the private key of ${entry.scriptId} does not match its certificate`);
    }
    const stored: CertificateEntry = { scriptId: entry.scriptId, privateKeyPem: entry.privateKeyPem, revoked: false };
    if (entry.certificatePem !== undefined) stored.certificatePem = entry.certificatePem;
    this.certs.set(entry.scriptId, stored);
  }

  /** Marks a certificate revoked (N/crypto/certificate then refuses it). */
  revoke(scriptId: string): void {
    const c = this.certs.get(scriptId);
    if (!c) throw new Error(`SuiteScript runtime: no certificate ${scriptId}`);
    c.revoked = true;
  }

  get(scriptId: string): CertificateEntry | undefined {
    return this.certs.get(scriptId);
  }

  toJSON(): CertificateEntry[] {
    return [...this.certs.values()].map((c) => ({ ...c }));
  }
}
