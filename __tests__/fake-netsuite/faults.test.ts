import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { createTokenEndpoint, isNetworkFault, NetworkFault, type Fault, type TokenEndpoint } from '../../tools/fake-netsuite';
import { cachedSigningKey, type SigningKeyMaterial } from '../../tools/keys';
import { json, makeAssertion, tokenForm, tokenRequest } from './helpers';

let key: SigningKeyMaterial;
beforeAll(async () => {
  key = await cachedSigningKey({ alg: 'ES256' });
});

function setup() {
  const endpoint = createTokenEndpoint({ accountId: '1234567' });
  endpoint.registerIntegration({ clientId: 'client', certificates: [{ certificateId: 'cert', certificatePem: key.certificatePem }] });
  const request = () => tokenRequest(endpoint, tokenForm(makeAssertion({ endpoint, clientId: 'client', kid: 'cert', alg: 'ES256', nowMs: Date.now(), privateKeyPem: key.privateKeyPem })));
  return { endpoint, request };
}

function isJson(body: string): boolean {
  try {
    JSON.parse(body);
    return true;
  } catch {
    return false;
  }
}

function expectNormal(endpoint: TokenEndpoint, res: ReturnType<TokenEndpoint['handle']>): void {
  expect(res.code).toBe(200);
  expect(endpoint.verifyAccessToken(json(res)['access_token'] as string).ok).toBe(true);
}

describe('fake NetSuite token endpoint: injected faults', () => {
  it.each([
    [{ kind: 'status', code: 401, error: 'invalid_client' }, 401, { error: 'invalid_client' }],
    [{ kind: 'status', code: 400, error: 'invalid_grant' }, 400, { error: 'invalid_grant' }],
    [{ kind: 'status', code: 400, error: 'server_error' }, 400, { error: 'server_error' }],
  ] as const)('%j answers an OAuth error once, then the endpoint works again', (fault, code, body) => {
    const { endpoint, request } = setup();
    endpoint.injectFault(fault);
    const res = endpoint.handle(request());
    expect(res.code).toBe(code);
    expect(json(res)).toEqual(body);
    expectNormal(endpoint, endpoint.handle(request()));
    expect(endpoint.requests.map((r) => r.outcome)[0]).toBe(`fault:status ${code} ${body.error}`);
  });

  it.each([
    ['html500', 500, 'text/html'],
    ['status503', 503, 'text/html'],
    ['nonJson', 200, 'text/html'],
  ] as const)('%s answers HTTP %d with an HTML page, not JSON', (kind, code, type) => {
    const { endpoint, request } = setup();
    endpoint.injectFault({ kind });
    const res = endpoint.handle(request());
    expect(res.code).toBe(code);
    expect(res.headers['Content-Type']).toMatch(new RegExp(`^${type}`));
    expect(res.body).toMatch(/^<!DOCTYPE html>/);
    expect(isJson(res.body)).toBe(false);
  });

  it('emptyBody answers 200 with an empty body', () => {
    const { endpoint, request } = setup();
    endpoint.injectFault({ kind: 'emptyBody' });
    const res = endpoint.handle(request());
    expect(res).toMatchObject({ code: 200, body: '' });
  });

  it('network makes handle throw a NetworkFault and handleAsync reject with one', async () => {
    const { endpoint, request } = setup();
    endpoint.injectFault({ kind: 'network' }, 2);
    let thrown: unknown;
    try {
      endpoint.handle(request());
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(NetworkFault);
    expect(thrown).toMatchObject({ name: 'NetworkFault', code: expect.any(String) });
    expect(isNetworkFault(thrown)).toBe(true);
    await expect(endpoint.handleAsync(request())).rejects.toMatchObject({ name: 'NetworkFault' });
    expect(endpoint.requests.map((r) => [r.status, r.outcome])).toEqual([[0, 'fault:network'], [0, 'fault:network']]);
    expectNormal(endpoint, endpoint.handle(request()));
  });

  it('slow blocks the synchronous handler, then answers normally', () => {
    const { endpoint, request } = setup();
    endpoint.handle(request()); // worker warm-up, so the timing below is the fault's
    endpoint.injectFault({ kind: 'slow', ms: 250 });
    const started = Date.now();
    const res = endpoint.handle(request());
    expect(Date.now() - started).toBeGreaterThanOrEqual(245);
    expectNormal(endpoint, res);
    const again = Date.now();
    endpoint.handle(request());
    expect(Date.now() - again).toBeLessThan(200);
  });

  it('slow does not block the event loop in handleAsync', async () => {
    const { endpoint, request } = setup();
    endpoint.injectFault({ kind: 'slow', ms: 200 });
    const events: string[] = [];
    const timer = new Promise<void>((resolve) => setTimeout(() => {
      events.push('timer');
      resolve();
    }, 20));
    const answer = endpoint.handleAsync(request()).then((res) => {
      events.push('answer');
      return res;
    });
    await timer;
    expectNormal(endpoint, await answer);
    expect(events).toEqual(['timer', 'answer']);
  });

  it('applies a fault N times, or always until cleared, in the order injected', () => {
    const { endpoint, request } = setup();
    endpoint.injectFault({ kind: 'html500' }, 2);
    endpoint.injectFault({ kind: 'status503' });
    expect([endpoint.handle(request()).code, endpoint.handle(request()).code, endpoint.handle(request()).code]).toEqual([500, 500, 503]);
    expectNormal(endpoint, endpoint.handle(request()));
    endpoint.injectFault({ kind: 'emptyBody' }, 'always');
    for (let i = 0; i < 5; i += 1) expect(endpoint.handle(request()).body).toBe('');
    endpoint.clearFaults();
    expectNormal(endpoint, endpoint.handle(request()));
  });

  it('answers the fault whatever the request (no validation)', () => {
    const { endpoint } = setup();
    endpoint.injectFault({ kind: 'status503' });
    expect(endpoint.handle({ method: 'GET', url: 'https://elsewhere/', headers: {}, body: '' }).code).toBe(503);
  });

  it('refuses malformed faults', () => {
    const { endpoint } = setup();
    expect(() => endpoint.injectFault({ kind: 'boom' } as unknown as Fault)).toThrow(/fault.kind/);
    expect(() => endpoint.injectFault({ kind: 'status', code: 500, error: 'invalid_grant' } as unknown as Fault)).toThrow(/400 or 401/);
    expect(() => endpoint.injectFault({ kind: 'status', code: 400, error: 'nope' } as unknown as Fault)).toThrow(/error one of/);
    expect(() => endpoint.injectFault({ kind: 'slow', ms: -1 })).toThrow(/ms/);
    expect(() => endpoint.injectFault({ kind: 'html500' }, 0)).toThrow(/times/);
  });
});

describe('fake NetSuite token endpoint: worker thread', () => {
  it('verifies many assertions quickly through the synchronous handler', () => {
    const { endpoint, request } = setup();
    endpoint.handle(request());
    const started = Date.now();
    for (let i = 0; i < 50; i += 1) expect(endpoint.handle(request()).code).toBe(200);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('does not keep a Node process alive after use', () => {
    const script = path.join(__dirname, 'fixtures', 'exit-after-handle.ts');
    const started = Date.now();
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: path.join(__dirname, '..', '..'), encoding: 'utf8', timeout: 30_000 });
    expect(run.error).toBeUndefined();
    expect(run.stdout.trim()).toBe('200 401'); // a token, then a bad signature
    expect(run.status).toBe(0);
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
