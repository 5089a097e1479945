import { beforeAll, describe, expect, it } from '@jest/globals';
import { createTokenEndpoint, type IntegrationRegistration, type TokenRequest, type TokenResponse } from '../../tools/fake-netsuite';
import { cachedSigningKey, generateSigningKey, type SigningKeyMaterial } from '../../tools/keys';
import { errorOf, formBody, json, makeAssertion, signJwt, tokenForm, tokenRequest, type AssertionParams } from './helpers';

const CLIENT = 'c1a5e0f0b2d34c9e8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d';
const OTHER_CLIENT = 'other-client-id';

interface Keys {
  ps3072: SigningKeyMaterial;
  ps4096: SigningKeyMaterial;
  es256: SigningKeyMaterial;
  es384: SigningKeyMaterial;
  es512: SigningKeyMaterial;
  es256Other: SigningKeyMaterial;
  rsa2048: SigningKeyMaterial;
  expired: SigningKeyMaterial;
}
let keys: Keys;

beforeAll(async () => {
  // Generated concurrently on the libuv pool; RSA-4096 dominates (1-3 s).
  const [ps3072, ps4096, es256, es384, es512, es256Other, rsa2048, expired] = await Promise.all([
    cachedSigningKey({ alg: 'PS256', rsaBits: 3072 }),
    cachedSigningKey({ alg: 'PS256', rsaBits: 4096 }),
    cachedSigningKey({ alg: 'ES256' }),
    cachedSigningKey({ alg: 'ES384' }),
    cachedSigningKey({ alg: 'ES512' }),
    generateSigningKey({ alg: 'ES256', commonName: 'someone else' }),
    cachedSigningKey({ alg: 'RS256', rsaBits: 2048 }),
    generateSigningKey({ alg: 'ES256', days: 730, notBefore: new Date(Date.now() - 800 * 86_400_000) }),
  ]);
  keys = { ps3072, ps4096, es256, es384, es512, es256Other, rsa2048, expired };
});

/** An endpoint with one integration mapping every test certificate, and a movable clock. */
function setup(accountId = '1234567', integration: Partial<IntegrationRegistration> = {}) {
  const clock = { ms: Date.now() };
  const endpoint = createTokenEndpoint({ accountId, now: () => clock.ms });
  endpoint.registerIntegration({
    clientId: CLIENT,
    certificates: [
      { certificateId: 'cert-ps3072', certificatePem: keys.ps3072.certificatePem },
      { certificateId: 'cert-ps4096', certificatePem: keys.ps4096.certificatePem },
      { certificateId: 'cert-es256', certificatePem: keys.es256.certificatePem },
      { certificateId: 'cert-es384', certificatePem: keys.es384.certificatePem },
      { certificateId: 'cert-es512', certificatePem: keys.es512.certificatePem },
      { certificateId: 'cert-rsa2048', certificatePem: keys.rsa2048.certificatePem },
      { certificateId: 'cert-expired', certificatePem: keys.expired.certificatePem },
    ],
    ...integration,
  });
  endpoint.registerIntegration({
    clientId: OTHER_CLIENT,
    certificates: [{ certificateId: 'cert-other', certificatePem: keys.es256Other.certificatePem }],
  });
  const assertion = (p: Partial<AssertionParams> & { key?: SigningKeyMaterial } = {}): string => {
    const key = p.key ?? keys.es256;
    return makeAssertion({ endpoint, clientId: CLIENT, kid: 'cert-es256', alg: 'ES256', nowMs: clock.ms, privateKeyPem: key.privateKeyPem, ...p });
  };
  const post = (a: string, overrides: Partial<TokenRequest> = {}): TokenResponse => endpoint.handle(tokenRequest(endpoint, tokenForm(a), overrides));
  const lastOutcome = (): string => endpoint.requests[endpoint.requests.length - 1]?.outcome ?? '';
  return { endpoint, clock, assertion, post, lastOutcome };
}

describe('fake NetSuite token endpoint: success', () => {
  it.each([
    ['PS256', 'RSA-3072', 'cert-ps3072', 'ps3072'],
    ['PS256', 'RSA-4096', 'cert-ps4096', 'ps4096'],
    ['PS384', 'RSA-4096', 'cert-ps4096', 'ps4096'],
    ['PS512', 'RSA-3072', 'cert-ps3072', 'ps3072'],
    ['ES256', 'P-256', 'cert-es256', 'es256'],
    ['ES384', 'P-384', 'cert-es384', 'es384'],
    ['ES512', 'P-521', 'cert-es512', 'es512'],
  ] as const)('issues a token for a valid %s assertion (%s)', (alg, _key, kid, keyName) => {
    const { endpoint, clock, assertion, post } = setup();
    const res = post(assertion({ alg, kid, key: keys[keyName], scope: ['restlets', 'rest_webservices'] }));
    expect(res.code).toBe(200);
    expect(res.headers['Content-Type']).toMatch(/^application\/json/);
    const body = json(res);
    expect(body).toEqual({ access_token: expect.any(String), expires_in: '3600', token_type: 'bearer' });
    const token = body['access_token'] as string;
    expect(token.split('.')).toHaveLength(3);

    const issuedAt = Math.floor(clock.ms / 1000) * 1000;
    const check = endpoint.verifyAccessToken(token);
    expect(check).toMatchObject({ ok: true, clientId: CLIENT, scopes: ['restlets', 'rest_webservices'], expiresAt: issuedAt + 3_600_000 });

    clock.ms = issuedAt + 3_600_000 - 1;
    expect(endpoint.verifyAccessToken(token).ok).toBe(true);
    clock.ms = issuedAt + 3_600_000;
    expect(endpoint.verifyAccessToken(token)).toEqual({ ok: false, reason: 'expired' });
  });

  it('issues a different token each time, and another endpoint does not accept it', () => {
    const { endpoint, assertion, post } = setup();
    const first = json(post(assertion()))['access_token'] as string;
    const second = json(post(assertion()))['access_token'] as string;
    expect(first).not.toBe(second);
    expect(endpoint.verifyAccessToken(second).ok).toBe(true);
    const elsewhere = setup('7654321').endpoint;
    expect(elsewhere.verifyAccessToken(first).ok).toBe(false);
    expect(endpoint.verifyAccessToken(`${first.slice(0, -4)}AAAA`).ok).toBe(false);
    expect(endpoint.verifyAccessToken('not.a.token').ok).toBe(false);
  });

  it('answers expires_in with the configured lifetime, as a string', () => {
    const clock = { ms: Date.now() };
    const endpoint = createTokenEndpoint({ accountId: '1234567', now: () => clock.ms, tokenLifetimeSeconds: 900 });
    endpoint.registerIntegration({ clientId: CLIENT, certificates: [{ certificateId: 'k', certificatePem: keys.es256.certificatePem }] });
    const a = makeAssertion({ endpoint, clientId: CLIENT, kid: 'k', alg: 'ES256', nowMs: clock.ms, privateKeyPem: keys.es256.privateKeyPem });
    const body = json(endpoint.handle(tokenRequest(endpoint, tokenForm(a))));
    expect(body['expires_in']).toBe('900');
  });

  it('accepts scope as a comma-separated string and aud as an array holding the URL', () => {
    const { endpoint, assertion, post } = setup();
    const res = post(assertion({ scope: 'restlets, rest_webservices,suite_analytics', payload: { aud: ['https://example.com/', endpoint.url] } }));
    expect(res.code).toBe(200);
    expect(endpoint.verifyAccessToken(json(res)['access_token'] as string)).toMatchObject({ scopes: ['restlets', 'rest_webservices', 'suite_analytics'] });
  });

  it('accepts the Content-Type header in any letter case and with parameters', () => {
    const { assertion, post } = setup();
    expect(post(assertion(), { headers: { 'content-type': 'application/x-www-form-urlencoded' } }).code).toBe(200);
    expect(post(assertion(), { headers: { 'CONTENT-TYPE': 'Application/X-WWW-Form-URLEncoded; charset=UTF-8' } }).code).toBe(200);
  });

  it('form-decodes every field (fully percent-encoded fields, "+" for space is not in a JWT)', () => {
    const { endpoint, assertion } = setup();
    const a = assertion();
    const everyChar = (s: string) => [...Buffer.from(s)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
    const body = `grant_type=${everyChar('client_credentials')}&client_assertion_type=${everyChar('urn:ietf:params:oauth:client-assertion-type:jwt-bearer')}&client_assertion=${everyChar(a)}`;
    expect(endpoint.handle(tokenRequest(endpoint, body)).code).toBe(200);
  });

  it('serves a sandbox account on its own host: 1234567_SB1 -> 1234567-sb1', () => {
    const { endpoint, assertion, post } = setup('1234567_SB1');
    expect(endpoint.host).toBe('1234567-sb1.suitetalk.api.netsuite.com');
    expect(endpoint.url).toBe('https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token');
    expect(post(assertion()).code).toBe(200);
    // Host names are case-insensitive: a router may pass them upper-cased.
    expect(post(assertion(), { url: endpoint.url.replace('1234567-sb1', '1234567-SB1') }).code).toBe(200);
  });
});

describe('fake NetSuite token endpoint: rejections', () => {
  it('rejects RS256 with invalid_grant, even with a registered RSA-3072 certificate', () => {
    const { assertion, post, lastOutcome } = setup();
    expect(errorOf(post(assertion({ alg: 'RS256', kid: 'cert-ps3072', key: keys.ps3072 })))).toBe('400 invalid_grant');
    expect(lastOutcome()).toMatch(/alg "RS256" is not accepted/);
  });

  it.each(['none', 'HS256', 'EdDSA', 'ps256'])('rejects alg %s with invalid_grant', (alg) => {
    const { assertion, post } = setup();
    expect(errorOf(post(assertion({ alg, key: keys.es256 })))).toBe('400 invalid_grant');
  });

  it('rejects a JWT header without typ "JWT"', () => {
    const { assertion, post } = setup();
    expect(errorOf(post(assertion({ header: { typ: 'jwt' } })))).toBe('400 invalid_grant');
    expect(errorOf(post(assertion({ header: { typ: undefined } })))).toBe('400 invalid_grant');
  });

  it('rejects an unknown kid, or the kid of another integration, with invalid_client', () => {
    const { assertion, post, lastOutcome } = setup();
    expect(errorOf(post(assertion({ kid: 'no-such-cert' })))).toBe('401 invalid_client');
    expect(lastOutcome()).toMatch(/kid "no-such-cert" is not a certificate mapped/);
    expect(errorOf(post(assertion({ kid: 'cert-other', key: keys.es256Other })))).toBe('401 invalid_client');
    expect(errorOf(post(assertion({ header: { kid: undefined } })))).toBe('401 invalid_client');
  });

  it('stops accepting a certificate once it is revoked', () => {
    const { endpoint, assertion, post, lastOutcome } = setup();
    const a = assertion();
    expect(post(a).code).toBe(200);
    endpoint.revokeCertificate('cert-es256');
    expect(errorOf(post(a))).toBe('401 invalid_client');
    expect(lastOutcome()).toMatch(/revoked/);
    expect(() => endpoint.revokeCertificate('nope')).toThrow(/not mapped/);
  });

  it('rejects a certificate registered as revoked', () => {
    const clock = { ms: Date.now() };
    const endpoint = createTokenEndpoint({ accountId: '1234567', now: () => clock.ms });
    endpoint.registerIntegration({ clientId: CLIENT, certificates: [{ certificateId: 'r', certificatePem: keys.es256.certificatePem, revoked: true }] });
    const a = makeAssertion({ endpoint, clientId: CLIENT, kid: 'r', alg: 'ES256', nowMs: clock.ms, privateKeyPem: keys.es256.privateKeyPem });
    expect(errorOf(endpoint.handle(tokenRequest(endpoint, tokenForm(a))))).toBe('401 invalid_client');
  });

  it('rejects an unknown iss with invalid_client', () => {
    const { assertion, post, lastOutcome } = setup();
    expect(errorOf(post(assertion({ clientId: 'unknown-client' })))).toBe('401 invalid_client');
    expect(lastOutcome()).toMatch(/iss "unknown-client" is not the client id/);
    expect(errorOf(post(assertion({ omit: ['iss'] })))).toBe('401 invalid_client');
  });

  it('rejects a client_id form field that differs from iss', () => {
    const { endpoint, assertion } = setup();
    const body = `${tokenForm(assertion())}&client_id=${OTHER_CLIENT}`;
    expect(errorOf(endpoint.handle(tokenRequest(endpoint, body)))).toBe('401 invalid_client');
  });

  it.each([
    ['another host', 'https://1234567.app.netsuite.com/services/rest/auth/oauth2/v1/token'],
    ['a trailing slash', 'https://1234567.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token/'],
    ['http', 'http://1234567.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token'],
    ['an array without the URL', ['https://1234567.app.netsuite.com/']],
    ['a missing aud', undefined],
  ])('rejects aud with %s (invalid_grant)', (_what, aud) => {
    const { assertion, post, lastOutcome } = setup();
    expect(errorOf(post(assertion({ payload: { aud } })))).toBe('400 invalid_grant');
    expect(lastOutcome()).toMatch(/^invalid_grant: aud/);
  });

  it('sandbox: rejects an aud spelled with the account id (1234567_SB1) or the production host', () => {
    const { assertion, post } = setup('1234567_SB1');
    for (const aud of [
      'https://1234567_SB1.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token',
      'https://1234567-SB1.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token',
      'https://1234567.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token',
    ]) {
      expect(errorOf(post(assertion({ payload: { aud } })))).toBe('400 invalid_grant');
    }
  });

  it('answers 404 for another host or path', () => {
    const { endpoint, assertion, post } = setup('1234567_SB1');
    expect(post(assertion(), { url: 'https://1234567.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token' }).code).toBe(404);
    expect(post(assertion(), { url: endpoint.url.replace('/token', '/authorize') }).code).toBe(404);
    expect(errorOf(post(assertion(), { url: `${endpoint.url}?grant_type=client_credentials` }))).toBe('400 invalid_request');
  });

  it('requires exp - iat strictly below 3600 s', () => {
    const { assertion, post, lastOutcome } = setup();
    expect(errorOf(post(assertion({ lifetimeSeconds: 3600 })))).toBe('400 invalid_grant');
    expect(lastOutcome()).toMatch(/exp - iat is 3600 s/);
    expect(post(assertion({ lifetimeSeconds: 3599 })).code).toBe(200);
  });

  it('rejects an expired assertion, and one that expires this very second', () => {
    const { clock, assertion, post, lastOutcome } = setup();
    const exp = Math.floor(clock.ms / 1000) + 300;
    const a = assertion({ lifetimeSeconds: 300 });
    clock.ms = exp * 1000 - 1;
    expect(post(a).code).toBe(200);
    clock.ms = exp * 1000; // now == exp
    expect(errorOf(post(a))).toBe('400 invalid_grant');
    expect(lastOutcome()).toMatch(/expired/);
    clock.ms += 3_600_000;
    expect(errorOf(post(a))).toBe('400 invalid_grant');
  });

  it('rejects iat/exp that are missing, not numbers, in the future, or exp before iat', () => {
    const { clock, assertion, post } = setup();
    const nowS = Math.floor(clock.ms / 1000);
    expect(errorOf(post(assertion({ omit: ['iat'] })))).toBe('400 invalid_grant');
    expect(errorOf(post(assertion({ omit: ['exp'] })))).toBe('400 invalid_grant');
    expect(errorOf(post(assertion({ payload: { iat: String(nowS) } })))).toBe('400 invalid_grant');
    expect(errorOf(post(assertion({ payload: { iat: nowS + 120, exp: nowS + 400 } })))).toBe('400 invalid_grant');
    expect(errorOf(post(assertion({ payload: { iat: nowS + 200, exp: nowS + 100 } })))).toBe('400 invalid_grant');
    // A little clock skew is tolerated for iat.
    expect(post(assertion({ payload: { iat: nowS + 30, exp: nowS + 300 } })).code).toBe(200);
  });

  it('rejects a bad signature (another key, a tampered payload) with invalid_client', () => {
    const { assertion, post, lastOutcome } = setup();
    expect(errorOf(post(assertion({ key: keys.es256Other })))).toBe('401 invalid_client');
    expect(lastOutcome()).toMatch(/signature does not verify/);
    const [h, , s] = assertion().split('.');
    const tampered = Buffer.from(JSON.stringify({ iss: CLIENT, scope: ['restlets'], aud: 'x' })).toString('base64url');
    expect(errorOf(post(`${h}.${tampered}.${s}`))).toBe('401 invalid_client');
    // An RSA signature under the PS256 certificate of another size: still a bad signature.
    expect(errorOf(post(assertion({ alg: 'PS256', kid: 'cert-ps4096', key: keys.ps3072 })))).toBe('401 invalid_client');
  });

  it('rejects an RSA-2048 certificate (NetSuite requires 3072 or 4096 bits) even with a valid signature', () => {
    const { assertion, post, lastOutcome } = setup();
    expect(errorOf(post(assertion({ alg: 'PS256', kid: 'cert-rsa2048', key: keys.rsa2048 })))).toBe('400 invalid_grant');
    expect(lastOutcome()).toMatch(/RSA-2048 key; NetSuite requires 3072 or 4096 bits/);
  });

  it('rejects a key that does not fit the alg (curve, RSA vs EC)', () => {
    const { assertion, post, lastOutcome } = setup();
    expect(errorOf(post(assertion({ alg: 'ES256', kid: 'cert-es384', key: keys.es384 })))).toBe('400 invalid_grant');
    expect(lastOutcome()).toMatch(/ES256 needs curve P-256/);
    expect(errorOf(post(assertion({ alg: 'PS256', kid: 'cert-es256', key: keys.es256 })))).toBe('400 invalid_grant');
    expect(errorOf(post(assertion({ alg: 'ES256', kid: 'cert-ps3072', key: keys.ps3072 })))).toBe('400 invalid_grant');
  });

  it('rejects a certificate outside its validity window', () => {
    const { clock, assertion, post, lastOutcome } = setup();
    expect(errorOf(post(assertion({ kid: 'cert-expired', key: keys.expired })))).toBe('401 invalid_client');
    expect(lastOutcome()).toMatch(/certificate cert-expired expired/);
    clock.ms = keys.es256.notBefore.getTime() - 1000;
    expect(errorOf(post(assertion()))).toBe('401 invalid_client');
    expect(lastOutcome()).toMatch(/not valid before/);
    clock.ms = keys.es256.notAfter.getTime() + 1000;
    expect(errorOf(post(assertion()))).toBe('401 invalid_client');
  });

  it('rejects a missing or wrong grant_type and client_assertion_type', () => {
    const { endpoint, assertion } = setup();
    const a = assertion();
    const type = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
    const send = (fields: Record<string, string>) => errorOf(endpoint.handle(tokenRequest(endpoint, formBody(fields))));
    expect(send({ client_assertion_type: type, client_assertion: a })).toBe('400 invalid_request');
    expect(send({ grant_type: 'password', client_assertion_type: type, client_assertion: a })).toBe('400 unsupported_grant_type');
    expect(send({ grant_type: 'Client_Credentials', client_assertion_type: type, client_assertion: a })).toBe('400 unsupported_grant_type');
    expect(send({ grant_type: 'client_credentials', client_assertion: a })).toBe('400 invalid_request');
    expect(send({ grant_type: 'client_credentials', client_assertion_type: 'jwt-bearer', client_assertion: a })).toBe('400 invalid_request');
    expect(send({ grant_type: 'client_credentials', client_assertion_type: type })).toBe('400 invalid_request');
    expect(send({})).toBe('400 invalid_request');
  });

  it('rejects a wrong or missing content type, and other methods', () => {
    const { assertion, post } = setup();
    const a = assertion();
    expect(errorOf(post(a, { headers: { 'Content-Type': 'application/json' } }))).toBe('400 invalid_request');
    expect(errorOf(post(a, { headers: { 'Content-Type': 'text/plain' } }))).toBe('400 invalid_request');
    expect(errorOf(post(a, { headers: {} }))).toBe('400 invalid_request');
    const get = post(a, { method: 'GET' });
    expect(errorOf(get)).toBe('405 invalid_request');
    expect(get.headers['Allow']).toBe('POST');
  });

  it('rejects repeated fields, bad percent-encoding and malformed JWTs with invalid_request', () => {
    const { endpoint, assertion } = setup();
    const a = assertion();
    const send = (body: string) => errorOf(endpoint.handle(tokenRequest(endpoint, body)));
    expect(send(`${tokenForm(a)}&grant_type=client_credentials`)).toBe('400 invalid_request');
    expect(send(`${tokenForm(a)}&client_assertion=${a}`)).toBe('400 invalid_request');
    expect(send(`${tokenForm(a)}&x=%E0%A4%A`)).toBe('400 invalid_request');
    const [h, p, s] = a.split('.');
    expect(send(tokenForm(`${h}=.${p}.${s}`))).toBe('400 invalid_request'); // padded base64url
    expect(send(tokenForm(`${h}.${p}`))).toBe('400 invalid_request');
    expect(send(tokenForm(`${h}.${Buffer.from('[1]').toString('base64url')}.${s}`))).toBe('400 invalid_request');
    expect(send(tokenForm('not a jwt'))).toBe('400 invalid_request');
  });

  it.each([
    ['an unknown scope', ['rest_webservices', 'email']],
    ['upper-case names', ['REST_WEBSERVICES']],
    ['a space-separated string', 'restlets rest_webservices'],
    ['an empty array', []],
    ['an empty string', ''],
    ['a number', 1],
  ])('rejects %s in scope with invalid_scope', (_what, scope) => {
    const { assertion, post } = setup();
    expect(errorOf(post(assertion({ scope })))).toBe('400 invalid_scope');
  });

  it('rejects a missing scope, and scopes the integration does not enable', () => {
    const { assertion, post, lastOutcome } = setup('1234567', { scopes: ['rest_webservices'] });
    expect(errorOf(post(assertion({ omit: ['scope'] })))).toBe('400 invalid_scope');
    expect(errorOf(post(assertion({ scope: ['restlets'] })))).toBe('400 invalid_scope');
    expect(lastOutcome()).toMatch(/not enabled for client/);
    expect(post(assertion({ scope: ['rest_webservices'] })).code).toBe(200);
  });

  it('honours a per-certificate scope restriction', () => {
    const clock = { ms: Date.now() };
    const endpoint = createTokenEndpoint({ accountId: '1234567', now: () => clock.ms });
    endpoint.registerIntegration({ clientId: CLIENT, certificates: [{ certificateId: 'k', certificatePem: keys.es256.certificatePem, scopes: ['restlets'] }] });
    const send = (scope: string[]) => endpoint.handle(tokenRequest(endpoint, tokenForm(makeAssertion({ endpoint, clientId: CLIENT, kid: 'k', alg: 'ES256', nowMs: clock.ms, privateKeyPem: keys.es256.privateKeyPem, scope }))));
    expect(send(['restlets']).code).toBe(200);
    expect(errorOf(send(['rest_webservices']))).toBe('400 invalid_scope');
  });
});

describe('fake NetSuite token endpoint: bookkeeping and configuration', () => {
  it('records every request with its outcome, and keeps the assertion only in the body', () => {
    const { endpoint, assertion, post } = setup();
    const good = assertion();
    const bad = assertion({ alg: 'RS256', kid: 'cert-ps3072', key: keys.ps3072 });
    const token = json(post(good))['access_token'] as string;
    post(bad);
    expect(endpoint.requests).toHaveLength(2);
    expect(endpoint.requests[0]).toMatchObject({ method: 'POST', url: endpoint.url, status: 200, body: tokenForm(good) });
    expect(endpoint.requests[0]?.outcome).toMatch(/^issued: client c1a5/);
    expect(endpoint.requests[1]).toMatchObject({ status: 400, error: 'invalid_grant' });
    for (const r of endpoint.requests) {
      for (const secret of [good, bad, token, ...good.split('.'), ...bad.split('.'), ...token.split('.')]) {
        expect(r.outcome).not.toContain(secret);
      }
    }
    endpoint.clearRequests();
    expect(endpoint.requests).toHaveLength(0);
  });

  it('answers only {"error": code} (no description) like NetSuite', () => {
    const { assertion, post } = setup();
    expect(json(post(assertion({ kid: 'nope' })))).toEqual({ error: 'invalid_client' });
  });

  it.each(['', 'abc', '1234567.evil.example', '1234567/x', 'ab_1', '1234567 ', '_1'])('refuses the account id %j', (accountId) => {
    expect(() => createTokenEndpoint({ accountId })).toThrow(/accountId/);
  });

  it('validates registrations and leaves nothing behind when one fails', () => {
    const endpoint = createTokenEndpoint({ accountId: '1234567' });
    expect(() => endpoint.registerIntegration({ clientId: '', certificates: [] })).toThrow(/clientId/);
    expect(() => endpoint.registerIntegration({ clientId: 'x', certificates: [{ certificateId: 'a', certificatePem: keys.es256.publicKeyPem }] })).toThrow(/not an X.509 certificate/);
    expect(() => endpoint.registerIntegration({ clientId: 'x', certificates: [{ certificateId: 'a', certificatePem: keys.es256.certificatePem }, { certificateId: 'a', certificatePem: keys.es384.certificatePem }] })).toThrow(/already mapped/);
    expect(() => endpoint.registerIntegration({ clientId: 'x', scopes: ['email' as never], certificates: [] })).toThrow(/scopes/);
    endpoint.registerIntegration({ clientId: 'x', certificates: [{ certificateId: 'a', certificatePem: keys.es256.certificatePem }] });
    expect(() => endpoint.registerIntegration({ clientId: 'x', certificates: [] })).toThrow(/already registered/);
    expect(() => endpoint.registerIntegration({ clientId: 'y', certificates: [{ certificateId: 'a', certificatePem: keys.es384.certificatePem }] })).toThrow(/already mapped/);
    expect(() => endpoint.addCertificate('nobody', { certificateId: 'b', certificatePem: keys.es384.certificatePem })).toThrow(/not registered/);
  });

  it('accepts a certificate added later (rotation) for the same integration', () => {
    const clock = { ms: Date.now() };
    const endpoint = createTokenEndpoint({ accountId: '1234567', now: () => clock.ms });
    endpoint.registerIntegration({ clientId: CLIENT, certificates: [{ certificateId: 'old', certificatePem: keys.es256.certificatePem }] });
    endpoint.addCertificate(CLIENT, { certificateId: 'new', certificatePem: keys.es384.certificatePem });
    const a = makeAssertion({ endpoint, clientId: CLIENT, kid: 'new', alg: 'ES384', nowMs: clock.ms, privateKeyPem: keys.es384.privateKeyPem });
    expect(endpoint.handle(tokenRequest(endpoint, tokenForm(a))).code).toBe(200);
  });

  it("carries each mapping's role and entity in the token (sub); setMapping changes later tokens only", () => {
    const { endpoint, assertion, post } = setup();
    endpoint.addCertificate(CLIENT, { certificateId: 'cert-reporting', certificatePem: keys.es256Other.certificatePem, role: '1002', entity: '42' });
    const ofKid = (kid: string, key: SigningKeyMaterial) => json(post(assertion({ kid, key })))['access_token'] as string;
    const before = ofKid('cert-es256', keys.es256);
    expect(endpoint.verifyAccessToken(before)).toMatchObject({ ok: true, role: '3', entity: '-5' }); // NetSuite's Administrator, first admin
    expect(endpoint.verifyAccessToken(ofKid('cert-reporting', keys.es256Other))).toMatchObject({ ok: true, role: '1002', entity: '42' });

    endpoint.setMapping('cert-es256', { role: '1001' });
    expect(endpoint.verifyAccessToken(ofKid('cert-es256', keys.es256))).toMatchObject({ ok: true, role: '1001', entity: '-5' });
    expect(endpoint.verifyAccessToken(before)).toMatchObject({ ok: true, role: '3' });
    expect(() => endpoint.setMapping('nope', { role: '1' })).toThrow(/not mapped/);
    expect(() => endpoint.setMapping('cert-es256', { role: 'admin' })).toThrow(/internal id/);
  });

  it('handle and handleAsync give the same answers', async () => {
    const { endpoint, clock, assertion } = setup();
    const cases: TokenRequest[] = [
      tokenRequest(endpoint, tokenForm(assertion())),
      tokenRequest(endpoint, tokenForm(assertion({ alg: 'PS256', kid: 'cert-ps3072', key: keys.ps3072 }))),
      tokenRequest(endpoint, tokenForm(assertion({ alg: 'RS256', kid: 'cert-ps3072', key: keys.ps3072 }))),
      tokenRequest(endpoint, tokenForm(assertion({ payload: { aud: 'https://elsewhere/' } }))),
      tokenRequest(endpoint, tokenForm(assertion({ key: keys.es256Other }))),
      tokenRequest(endpoint, tokenForm(assertion({ kid: 'cert-es384' }))),
      tokenRequest(endpoint, tokenForm(assertion({ scope: ['email'] }))),
      tokenRequest(endpoint, tokenForm(assertion()), { headers: { 'Content-Type': 'application/json' } }),
      tokenRequest(endpoint, tokenForm(assertion({ lifetimeSeconds: 3600 }))),
      tokenRequest(endpoint, tokenForm(signJwt({ typ: 'JWT', alg: 'ES256', kid: 'cert-es256' }, 'not json', keys.es256.privateKeyPem))),
    ];
    const expired = tokenRequest(endpoint, tokenForm(assertion({ lifetimeSeconds: 60 })));
    const shape = (r: TokenResponse) => {
      const body = json(r);
      return { code: r.code, headers: r.headers, keys: Object.keys(body).sort(), error: body['error'], expires_in: body['expires_in'] };
    };
    for (const req of cases) {
      expect(shape(await endpoint.handleAsync(req))).toEqual(shape(endpoint.handle(req)));
    }
    const token = json(await endpoint.handleAsync(cases[0] as TokenRequest))['access_token'] as string;
    expect(endpoint.verifyAccessToken(token).ok).toBe(true);
    clock.ms += 61_000;
    expect(shape(await endpoint.handleAsync(expired))).toEqual(shape(endpoint.handle(expired)));
    expect(errorOf(endpoint.handle(expired))).toBe('400 invalid_grant');
    const outcomes = endpoint.requests.map((r) => r.outcome);
    expect(outcomes.filter((o) => o.startsWith('issued'))).toHaveLength(5);
  });
});
