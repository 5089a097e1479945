/**
 * The local account's OAuth 2.0 token endpoint over HTTP: assertions signed here with node:crypto
 * against the key and certificate the local account created (read from its state folder, as a user
 * would), accepted and rejected as NetSuite does.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { tokenEndpointUrl } from '../../src/TypeScript/core/account';
import { cleanup, getJson, signJwt, startTemp, suiteql, tokenForm, type Started } from './helpers';

let s: Started;
let privateKeyPem: string;
let clientId: string;
let kid: string;
let aud: string;

beforeAll(async () => {
  s = await startTemp({ refreshOnStart: false, scheduler: false });
  privateKeyPem = fs.readFileSync(path.join(s.dir, 'private_key.pem'), 'utf8');
  const meta = JSON.parse(fs.readFileSync(path.join(s.dir, 'local.json'), 'utf8')) as { clientId: string; certificateId: string; accountId: string };
  clientId = meta.clientId;
  kid = meta.certificateId;
  aud = tokenEndpointUrl(meta.accountId);
});
afterAll(cleanup);

function assertion(o: { header?: Record<string, unknown>; payload?: Record<string, unknown>; key?: string } = {}): string {
  const iat = Math.floor(s.local.clock.now() / 1000);
  return signJwt(
    { typ: 'JWT', alg: 'PS256', kid, ...o.header },
    { iss: clientId, scope: ['rest_webservices'], aud, iat, exp: iat + 300, ...o.payload },
    o.key ?? privateKeyPem,
  );
}

function post(body: string, headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' }) {
  return getJson(s.local.urls.tokenEndpoint, { method: 'POST', headers, body });
}

describe('token endpoint over HTTP', () => {
  it('issues a 60-minute bearer token for a valid PS256 assertion, and REST accepts it', async () => {
    const r = await post(tokenForm(assertion()));
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ expires_in: '3600', token_type: 'bearer' });
    const token = r.json['access_token'] as string;
    expect(token.split('.')).toHaveLength(3);
    const q = await suiteql(s.local, token, 'SELECT id FROM customer WHERE id = 101');
    expect(q.status).toBe(200);
    expect(q.json['items']).toEqual([{ links: [], id: '101' }]);
  });

  it.each([
    ['an unknown kid', () => assertion({ header: { kid: 'not-the-certificate-id' } }), 401, 'invalid_client', /kid/],
    ['aud set to the local URL instead of the NetSuite token URL', () => assertion({ payload: { aud: s.local.urls.tokenEndpoint } }), 400, 'invalid_grant', /aud/],
    ['RS256 (refused since 1 March 2025)', () => assertion({ header: { alg: 'RS256' } }), 400, 'invalid_grant', /RS256/],
    [
      'exp - iat of 3600 s (must be less than 60 minutes)',
      () => {
        const iat = Math.floor(s.local.clock.now() / 1000);
        return assertion({ payload: { iat, exp: iat + 3600 } });
      },
      400,
      'invalid_grant',
      /exp - iat/,
    ],
    [
      'a signature by another key',
      () => assertion({ key: generateKeyPairSync('rsa', { modulusLength: 3072 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() }),
      401,
      'invalid_client',
      /signature/,
    ],
    [
      'a tampered payload (bad signature)',
      () => {
        const [h, , sig] = assertion().split('.');
        const iat = Math.floor(s.local.clock.now() / 1000);
        const forged = Buffer.from(JSON.stringify({ iss: clientId, scope: ['rest_webservices', 'suite_analytics'], aud, iat, exp: iat + 300 })).toString('base64url');
        return `${h}.${forged}.${sig}`;
      },
      401,
      'invalid_client',
      /signature/,
    ],
  ])('rejects %s', async (_what, make, status, error, reason) => {
    const r = await post(tokenForm(make()));
    expect(r.status).toBe(status);
    // NetSuite says only the code; the reason is in the local account's request log (its Login Audit Trail).
    expect(r.json).toEqual({ error });
    const line = s.logs.filter((l) => l.includes('/services/rest/auth/oauth2/v1/token')).pop();
    expect(line).toMatch(reason);
  });

  it('answers 405 to GET and 400 to a JSON body', async () => {
    const get = await getJson(s.local.urls.tokenEndpoint);
    expect(get.status).toBe(405);
    expect(get.json).toEqual({ error: 'invalid_request' });
    const json = await post(JSON.stringify({ grant_type: 'client_credentials' }), { 'Content-Type': 'application/json' });
    expect(json.status).toBe(400);
    expect(json.json).toEqual({ error: 'invalid_request' });
  });
});
