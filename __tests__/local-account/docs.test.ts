/**
 * docs/postman and docs/openapi.json against the local account: the Postman collection is replayed
 * over HTTP (variables substituted, test scripts run with a small `pm` stand-in, so the token variable
 * is set the way Postman would set it), and real proxy answers, success and every error code, are
 * validated against the OpenAPI schema (a small JSON Schema checker: the project has no validator).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { PROXY_ERROR_CODES } from '../../clients/node';
import { PROXY_PARAMS, SCRIPTS } from '../../src/TypeScript/core/names';
import { cleanup, startTemp, type Started } from './helpers';

const DOCS = path.resolve(__dirname, '..', '..', 'docs');

let s: Started;
beforeAll(async () => {
  s = await startTemp({ scheduler: false });
});
afterAll(cleanup);

// ------------------------------------------------------------------------------------------------- Postman

interface PostmanItem {
  name: string;
  event?: { listen: string; script: { exec: string[] } }[];
  request: { method: string; header: { key: string; value: string }[]; url: string | { raw: string }; body?: { mode: string; raw: string } };
}

/** Postman's `pm`, as far as the collection's scripts use it (chai-style expectations included). */
function pmFor(env: Map<string, string>, res: { code: number; text: string }, results: { name: string; error?: string }[]) {
  const expectation = (actual: unknown, message?: string) => {
    const fail = (what: string) => {
      throw new Error(`${message ? `${message}: ` : ''}expected ${JSON.stringify(actual)} ${what}`);
    };
    const be = {
      get undefined() {
        if (actual !== undefined) fail('to be undefined');
        return true;
      },
      a(type: string) {
        if ((type === 'array' && !Array.isArray(actual)) || (type !== 'array' && typeof actual !== type)) fail(`to be a ${type}`);
      },
      an(type: string) {
        be.a(type);
      },
      above(n: number) {
        if (!(typeof actual === 'number' && actual > n)) fail(`to be above ${n}`);
      },
    };
    return { to: { be, eql: (v: unknown) => (JSON.stringify(actual) === JSON.stringify(v) ? undefined : fail(`to eql ${JSON.stringify(v)}`)) } };
  };
  return {
    environment: { set: (k: string, v: unknown) => void env.set(k, String(v)), get: (k: string) => env.get(k) },
    response: {
      code: res.code,
      json: () => JSON.parse(res.text) as unknown,
      text: () => res.text,
      to: { have: { status: (n: number) => (res.code === n ? undefined : expectation(res.code).to.eql(n)) } },
    },
    test: (name: string, fn: () => void) => {
      try {
        fn();
        results.push({ name });
      } catch (e) {
        results.push({ name, error: (e as Error).message });
      }
    },
    expect: expectation,
  };
}

async function replay(collection: { item: PostmanItem[] }, env: Map<string, string>) {
  const sub = (text: string) => text.replace(/\{\{(\w+)\}\}/g, (_m, k: string) => env.get(k) ?? '');
  const results: { name: string; error?: string }[] = [];
  const answers: { name: string; code: number; json: Record<string, unknown> }[] = [];
  for (const item of collection.item) {
    const r = item.request;
    const url = sub(typeof r.url === 'string' ? r.url : r.url.raw);
    const headers = Object.fromEntries(r.header.map((h) => [h.key, sub(h.value)]));
    const res = await fetch(url, { method: r.method, headers, ...(r.body?.mode === 'raw' ? { body: sub(r.body.raw) } : {}) });
    const text = await res.text();
    answers.push({ name: item.name, code: res.status, json: JSON.parse(text) as Record<string, unknown> });
    for (const e of item.event ?? []) {
      if (e.listen !== 'test') continue;
      vm.runInNewContext(e.script.exec.join('\n'), { pm: pmFor(env, { code: res.status, text }, results) });
    }
  }
  return { results, answers };
}

describe('Postman collection', () => {
  const collection = JSON.parse(fs.readFileSync(path.join(DOCS, 'postman', 'netsuite-token-proxy.postman_collection.json'), 'utf8')) as { info: { schema: string }; item: PostmanItem[] };
  const environment = JSON.parse(fs.readFileSync(path.join(DOCS, 'postman', 'netsuite-token-proxy.postman_environment.json'), 'utf8')) as { values: { key: string; type: string }[] };

  it('is a v2.1 collection with "Get token from the proxy" then "SuiteQL", and an environment with every variable it uses', () => {
    expect(collection.info.schema).toBe('https://schema.getpostman.com/json/collection/v2.1.0/collection.json');
    expect(collection.item.map((i) => i.name)).toEqual(['Get token from the proxy', 'SuiteQL']);
    const used = new Set([...JSON.stringify(collection.item).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]));
    const defined = new Set(environment.values.map((v) => v.key));
    for (const v of used) expect(defined).toContain(v);
    expect(environment.values.find((v) => v.key === 'apiKey')?.type).toBe('secret');
    // The key is a header, never part of a URL.
    expect(JSON.stringify(collection.item.map((i) => i.request.url))).not.toContain('apiKey');
  });

  it('replayed against the local account with its generated environment: the token variable is set and SuiteQL answers rows', async () => {
    const local = JSON.parse(fs.readFileSync(path.join(s.dir, 'local.postman_environment.json'), 'utf8')) as { values: { key: string; value: string }[] };
    const env = new Map(local.values.map((v) => [v.key, v.value]));
    expect(env.get('apiKey')).toBe(''); // no secret in the file: the user pastes the printed key
    env.set('apiKey', s.apiKey);
    const { results, answers } = await replay(collection, env);
    expect(results).toEqual([{ name: 'the proxy answered an access token' }, { name: 'SuiteQL answered rows' }]);
    expect(env.get('accessToken')).toBe(s.local.harness.tokenRecord()?.['custrecord_oauth_token']);
    expect(env.get('accessTokenExpiresAt')).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(answers[1]).toMatchObject({ code: 200, json: { count: 5, hasMore: true } });
  });

  it('with a wrong key the test script fails, leaves the token unset, and SuiteQL gets 401', async () => {
    const local = JSON.parse(fs.readFileSync(path.join(s.dir, 'local.postman_environment.json'), 'utf8')) as { values: { key: string; value: string }[] };
    const env = new Map(local.values.map((v) => [v.key, v.value]));
    env.set('apiKey', `nsk_${'E'.repeat(43)}`);
    const { results, answers } = await replay(collection, env);
    expect(results[0]?.error).toMatch(/unauthorized: A valid API key is required/);
    expect(env.get('accessToken')).toBe('');
    expect(answers[1]?.code).toBe(401);
    expect(results[1]?.error).toBeDefined();
  });
});

// ------------------------------------------------------------------------------------------------- OpenAPI

type Schema = Record<string, unknown>;

/** Checks `value` against a JSON Schema subset (what openapi.json uses); returns the problems. */
function validate(value: unknown, schema: Schema, root: Schema, at = '$'): string[] {
  if (typeof schema['$ref'] === 'string') {
    const target = (schema['$ref'] as string).replace(/^#\//, '').split('/').reduce<unknown>((o, k) => (o as Schema)[k], root) as Schema;
    return validate(value, target, root, at);
  }
  const problems: string[] = [];
  const type = schema['type'];
  const isType = (t: unknown) =>
    t === 'object' ? value !== null && typeof value === 'object' && !Array.isArray(value)
    : t === 'integer' ? Number.isInteger(value)
    : t === 'array' ? Array.isArray(value)
    : typeof value === t;
  if (type !== undefined && !isType(type)) return [`${at}: not ${String(type)}`];
  if ('const' in schema && value !== schema['const']) problems.push(`${at}: not ${JSON.stringify(schema['const'])}`);
  if (Array.isArray(schema['enum']) && !(schema['enum'] as unknown[]).includes(value)) problems.push(`${at}: ${JSON.stringify(value)} not in enum`);
  if (typeof schema['minLength'] === 'number' && typeof value === 'string' && value.length < schema['minLength']) problems.push(`${at}: too short`);
  if (typeof schema['minimum'] === 'number' && typeof value === 'number' && value < schema['minimum']) problems.push(`${at}: below minimum`);
  if (schema['format'] === 'date-time' && (typeof value !== 'string' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(value))) problems.push(`${at}: not a date-time`);
  if (isType('object')) {
    const obj = value as Record<string, unknown>;
    for (const r of (schema['required'] as string[] | undefined) ?? []) if (!(r in obj)) problems.push(`${at}: missing ${r}`);
    const props = (schema['properties'] as Record<string, Schema> | undefined) ?? {};
    for (const [k, v] of Object.entries(obj)) {
      if (props[k]) problems.push(...validate(v, props[k], root, `${at}.${k}`));
      else if (schema['additionalProperties'] === false) problems.push(`${at}: unexpected property ${k}`);
    }
  }
  if (Array.isArray(schema['oneOf'])) {
    const passing = (schema['oneOf'] as Schema[]).filter((s) => validate(value, s, root, at).length === 0).length;
    if (passing !== 1) problems.push(`${at}: matches ${passing} of oneOf`);
  }
  for (const s of (schema['allOf'] as Schema[] | undefined) ?? []) problems.push(...validate(value, s, root, at));
  if (schema['if'] && validate(value, schema['if'] as Schema, root, at).length === 0 && schema['then']) {
    problems.push(...validate(value, schema['then'] as Schema, root, at));
  }
  return problems;
}

describe('OpenAPI description', () => {
  const doc = JSON.parse(fs.readFileSync(path.join(DOCS, 'openapi.json'), 'utf8')) as Schema;
  const components = doc['components'] as { schemas: Record<string, Schema>; securitySchemes: Record<string, Schema> };
  const answerSchema = components.schemas['ProxyAnswer'] as Schema;

  it('is OpenAPI 3.1 with the X-API-Key scheme and exactly the error codes of the contract', () => {
    expect(doc['openapi']).toBe('3.1.0');
    expect(components.securitySchemes['ApiKey']).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-API-Key' });
    expect(doc['security']).toEqual([{ ApiKey: [] }]);
    expect(components.schemas['ProxyErrorCode']?.['enum']).toEqual([...PROXY_ERROR_CODES]);
    // A schema that cannot fail would prove nothing.
    expect(validate({ error: 'nope', error_description: 'x' }, answerSchema, doc)).not.toEqual([]);
    expect(validate({ error: 'rate_limited', error_description: 'x' }, answerSchema, doc)).not.toEqual([]);
    expect(validate({ access_token: 'x', token_type: 'Bearer', expires_at: 'soon', expires_in: 5 }, answerSchema, doc)).not.toEqual([]);
  });

  it('describes every real answer of the proxy: success and each error code, all HTTP 200 with no-store', async () => {
    const l = s.local;
    const call = async (key: string | null, o: { method?: string; url?: string } = {}) => {
      const res = await fetch(o.url ?? l.urls.proxy, { method: o.method ?? 'GET', headers: key === null ? {} : { 'X-API-Key': key } });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      return (await res.json()) as Record<string, unknown>;
    };
    const seen = new Map<string, Record<string, unknown>>();
    const note = (body: Record<string, unknown>) => seen.set(typeof body['error'] === 'string' ? body['error'] : 'token', body);

    note(await call(s.apiKey));
    note(await call(s.apiKey, { method: 'POST' }));
    note(await call(null));
    note(await call(s.apiKey, { url: `${l.urls.proxy}&api_key=${s.apiKey}` }));
    note(await call(s.apiKey, { method: 'DELETE' }));
    note(await call(l.addApiClient({ name: 'elsewhere', allowedIps: '192.0.2.0/24' }).key));
    // server_error: NetSuite's search failing inside the proxy. The runtime's N/search throws for the
    // proxy's executions only, so an unknown key (which the proxy must look up) meets the failure.
    const account = l.harness.account;
    const instrument = account.instrumentModule.bind(account);
    account.instrumentModule = (ex, id, mod) => {
      if (id !== 'N/search' || ex.deploymentId !== SCRIPTS.proxy.deploymentId) return instrument(ex, id, mod);
      const unexpected = () => {
        throw Object.assign(new Error('An unexpected error has occurred.'), { name: 'UNEXPECTED_ERROR' });
      };
      return new Proxy(mod, { get: (target, p) => (p === 'create' || p === 'lookupFields' ? unexpected : Reflect.get(target, p)) });
    };
    try {
      note(await call(`nsk_${'S'.repeat(43)}`));
    } finally {
      account.instrumentModule = instrument;
    }
    expect(account.logs.some((x) => x.title === 'token proxy failed' && /unexpected error/.test(x.details))).toBe(true);

    const empty = await startTemp({ refreshOnStart: false, scheduler: false });
    note(await call(empty.apiKey, { url: empty.local.urls.proxy }));
    // rate_limited: unknown keys from an address past its failed attempts (a known client's key is
    // still served from a throttled address, by design).
    empty.local.harness.account.setParameters(SCRIPTS.proxy.deploymentId, { [PROXY_PARAMS.maxFailures]: 1 });
    await call(`nsk_${'F'.repeat(43)}`, { url: empty.local.urls.proxy });
    note(await call(`nsk_${'G'.repeat(43)}`, { url: empty.local.urls.proxy }));

    expect([...seen.keys()].sort()).toEqual(['token', ...PROXY_ERROR_CODES].sort());
    for (const [code, body] of seen) expect([code, validate(body, answerSchema, doc)]).toEqual([code, []]);
    expect(seen.get('rate_limited')?.['retry_after']).toEqual(expect.any(Number));
  });
});
