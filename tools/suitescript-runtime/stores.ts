/**
 * Account-level stores shared by executions: the N/cache store, the https router and the certificate store.
 */
import * as crypto from 'node:crypto';
import { RuntimeFault } from './errors';
import type { CacheEntryState, CertificateEntry, HttpsRequest, HttpsRequestRecord, HttpsResponse } from './types';

// ------------------------------------------------------------------------------------------------------------ cache

/** NetSuite's minimum cache TTL, in seconds. */
export const CACHE_MIN_TTL_SECONDS = 300;

/**
 * The account's cache. Partitions: `PRIVATE:<scriptId>` (scope PRIVATE) and `SHARED` (PROTECTED and PUBLIC: an
 * account customisation is not in a bundle, so both reach every script of the account). Best effort: entries may be
 * dropped at any time ({@link CacheStore.setDropRate}, {@link CacheStore.evictAll}).
 */
export class CacheStore {
  private readonly entries = new Map<string, CacheEntryState>();
  private dropRate = 0;

  constructor(
    private readonly now: () => number,
    state?: CacheEntryState[],
  ) {
    for (const e of state ?? []) this.entries.set(keyOf(e.partition, e.name, e.key), { ...e });
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

  /** Test hook: removes entries matching the filter (all fields optional). */
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
