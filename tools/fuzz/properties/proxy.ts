/**
 * Properties of the BUILT proxy Suitelet (oauth_token_proxy.js) run in the SuiteScript runtime: one
 * account with a stored token and one API client is reused across cases (throttling is reset per
 * case), and each case is a whole Suitelet execution. Shared by __tests__/properties/proxy.test.ts
 * and tools/fuzz/run.ts.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { BUILT_DIR, createTestAccount, type TestAccount } from '../../harness';
import type { SuiteletResult } from '../../suitescript-runtime';
import { FOLDER, SCRIPTS, TOKEN_RECORD } from '../../../src/TypeScript/core/names';
import { throttleKey } from '../../../src/TypeScript/core/throttle';
import type { NamedProperty } from './types';

/** DESIGN.md section 3: the only error codes the proxy may answer. */
export const PROXY_ERROR_CODES = ['unauthorized', 'api_key_in_url', 'forbidden_ip', 'rate_limited', 'token_unavailable', 'method_not_allowed', 'server_error'];

export interface ProxyFixture {
  t: TestAccount;
  /** The one valid API key (its client has no allow-list and no expiry). */
  apiKey: string;
  /** The stored access token. */
  token: string;
  /** Runs the built proxy with a fresh failure count for this caller address. */
  call(req: { method: string; headers: Record<string, string>; parameters: Record<string, string>; ip: string; body?: string }): SuiteletResult;
}

export async function createProxyFixture(): Promise<ProxyFixture> {
  // Keep the account's history short: a fuzz run makes hundreds of thousands of executions.
  const t = await createTestAccount({ historyLimit: 200 });
  // Copy the built files into the File Cabinet (stored files win over the mount), so that a rebuild
  // during a long fuzz run cannot pull the scripts from under it.
  for (const entry of readdirSync(BUILT_DIR, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    t.account.addFile({ path: `${FOLDER}/${path.relative(BUILT_DIR, full).split(path.sep).join('/')}`, contents: readFileSync(full, 'utf8') });
  }
  t.configureRefresher();
  const run = t.runRefresher();
  if (!run.ok) throw new Error(`the refresher failed: ${run.error?.message ?? ''}`);
  const token = String(t.tokenRecord()![TOKEN_RECORD.fields.token]);
  const { key: apiKey } = t.addApiClient({ name: 'fuzz' });
  let calls = 0;
  return {
    t,
    apiKey,
    token,
    call(req) {
      // Unknown well-formed keys leave a negative cache entry each: drop them now and then.
      if (++calls % 2000 === 0) t.account.cache.evictAll();
      t.account.cache.evict({ key: `fail:${throttleKey(req.ip)}` });
      return t.account.runSuitelet({
        deploymentId: SCRIPTS.proxy.deploymentId,
        method: req.method,
        headers: req.headers,
        parameters: req.parameters,
        clientIpAddress: req.ip,
        ...(req.body !== undefined ? { body: req.body } : {}),
      });
    },
  };
}

// ------------------------------------------------------------------------------------------ generators

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split('');
const CONTROL = fc.constantFrom('\u0000', '\u0007', '\r', '\n', '\r\n', '\t', '\u001b[31m', '\u007f', '\u2028', '\ufeff', '\ud800', '"', '\\', '<script>');
const anyText = (maxLength: number) =>
  fc.oneof(fc.string({ maxLength }), fc.string({ unit: 'binary', maxLength }), fc.array(fc.oneof(CONTROL, fc.string({ maxLength: 3 })), { maxLength: 6 }).map((a) => a.join('')));
/** Keys that look right but are not the valid one (well-formed, truncated, padded, wrong prefix, with junk). */
const fakeKey = fc.oneof(
  fc.string({ unit: fc.constantFrom(...B64URL), minLength: 43, maxLength: 60 }).map((s) => `nsk_${s}`),
  fc.string({ unit: fc.constantFrom(...B64URL), minLength: 0, maxLength: 220 }).map((s) => `nsk_${s}`),
  fc.tuple(fc.string({ unit: fc.constantFrom(...B64URL), minLength: 43, maxLength: 43 }), CONTROL).map(([s, c]) => `nsk_${s}${c}`),
  fc.constantFrom('', ' ', 'Bearer x', 'nsk_', 'NSK_' + 'a'.repeat(43)),
  anyText(60),
);
const hugeValue = fc.integer({ min: 1_000, max: 120_000 }).chain((n) => fc.constantFrom('a', 'ä', '🔑', '\u0000').map((c) => c.repeat(n)));
const headerName = fc.oneof(
  fc.constantFrom('X-API-Key', 'x-api-key', 'X-API-KEY', 'x-Api-kEY', 'X-Api-Key ', 'X_API_KEY', 'Authorization', 'Content-Type', 'Host', 'X-Forwarded-For', 'Cookie', '__proto__', 'constructor', 'toString'),
  anyText(24),
);
const headerValue = fc.oneof({ weight: 6, arbitrary: fc.oneof(fakeKey, anyText(80)) }, { weight: 1, arbitrary: hugeValue });
const method = fc.oneof(
  fc.constantFrom('GET', 'POST', 'get', 'Post', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'TRACE', 'CONNECT', ''),
  anyText(12),
);
const parameterName = fc.oneof(fc.constantFrom('api_key', 'apikey', 'key', 'X-API-Key', 'access_key', 'token', 'q', 'script', 'deploy', 'compid', 'ns-at'), anyText(16));
const parameters = fc.dictionary(parameterName, fc.oneof(fakeKey, anyText(40)), { maxKeys: 4 });
const clientIp = fc.oneof(fc.ipV4(), fc.ipV6(), fc.ipV4Extended(), anyText(50), fc.constant(''));

function headerMap(pairs: [string, string][]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of pairs) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}
const headers = fc.array(fc.tuple(headerName, headerValue), { maxLength: 5 }).map(headerMap);

/** A JSON answer with a documented error code, no-store, no token: what every refusal must look like. */
function assertRefusal(fx: ProxyFixture, r: SuiteletResult): Record<string, unknown> {
  assert.equal(r.error, undefined, `onRequest threw: ${r.error?.name}: ${r.error?.message}`);
  assert.equal(r.refused, undefined);
  assert.equal(r.status, 200);
  const h = Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
  assert.match(h['content-type'] ?? '', /^application\/json/);
  assert.equal(h['cache-control'], 'no-store');
  assert.ok(!r.body.includes(fx.token), 'the answer contains the access token');
  const json = JSON.parse(r.body) as Record<string, unknown>;
  assert.ok(PROXY_ERROR_CODES.includes(String(json['error'])), `undocumented answer ${r.body.slice(0, 200)}`);
  assert.equal(typeof json['error_description'], 'string');
  assert.equal(json['access_token'], undefined);
  return json;
}

export function proxyProperties(fixture: () => ProxyFixture): NamedProperty[] {
  return [
    {
      name: 'built proxy: any request without the valid key (any method, headers, query, body, address) gets a JSON refusal with a documented code, never the token, never a crash',
      kind: 'proxy',
      property: () =>
        fc.property(method, headers, parameters, clientIp, fc.option(anyText(200), { nil: undefined }), (m, h, p, ip, body) => {
          const fx = fixture();
          fc.pre(![...Object.values(h), ...Object.values(p), body ?? ''].some((v) => v.includes(fx.apiKey)));
          assertRefusal(fx, fx.call({ method: m, headers: h, parameters: p, ip, ...(body !== undefined ? { body } : {}) }));
        }),
    },
    {
      name: 'built proxy: the valid key in X-API-Key with any other noise gets the token exactly when the method is GET/POST and the URL carries no key; else a documented refusal',
      kind: 'proxy',
      property: () =>
        fc.property(
          method,
          fc.mixedCase(fc.constant('x-api-key')),
          fc.array(fc.tuple(headerName, headerValue), { maxLength: 4 }),
          fc.dictionary(fc.string({ unit: fc.constantFrom(...'abcdefghijmnopqrstuvwxz0123456789-'.split('')), minLength: 1, maxLength: 10 }), anyText(30), { maxKeys: 3 }),
          fc.boolean(),
          fc.oneof(fc.ipV4(), fc.ipV6(), anyText(40)),
          (m, keyHeader, noise, p, keyInUrl, ip) => {
            const fx = fixture();
            // Noise never carries another X-API-Key (that is a different request: ambiguous keys are refused).
            const extra = noise.filter(([k]) => k.toLowerCase().replace(/_/g, '-').trim() !== 'x-api-key');
            const h = headerMap([...extra, [keyHeader, fx.apiKey]]);
            const query = keyInUrl ? { ...p, api_key: fx.apiKey } : Object.fromEntries(Object.entries(p).filter(([, v]) => !v.trim().startsWith('nsk_')));
            const r = fx.call({ method: m, headers: h, parameters: query, ip });
            const upper = m.toUpperCase();
            if ((upper === 'GET' || upper === 'POST') && !keyInUrl) {
              assert.equal(r.error, undefined);
              const json = JSON.parse(r.body) as Record<string, unknown>;
              assert.equal(json['access_token'], fx.token, r.body.slice(0, 200));
              assert.equal(json['token_type'], 'Bearer');
            } else {
              const json = assertRefusal(fx, r);
              assert.equal(json['error'], upper === 'GET' || upper === 'POST' ? 'api_key_in_url' : 'method_not_allowed');
            }
          },
        ),
    },
  ];
}
