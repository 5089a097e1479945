import { describe, expect, it } from '@jest/globals';
import { BlockList, isIP } from 'node:net';
import { accountHost, parseAccountId, tokenEndpointUrl } from '../../src/TypeScript/core/account';
import { keyMismatch, parseAlgorithm } from '../../src/TypeScript/core/algorithms';
import { apiKeyFromBytes, isWellFormedApiKey, normalizeKeyHash } from '../../src/TypeScript/core/apiKey';
import { assertionClaims, formEncode, tokenRequestBody } from '../../src/TypeScript/core/assertion';
import { toBase64Url } from '../../src/TypeScript/core/base64url';
import { parseRefresherConfig } from '../../src/TypeScript/core/config';
import { ConfigError } from '../../src/TypeScript/core/errors';
import { isServable, needsRefresh } from '../../src/TypeScript/core/freshness';
import { isAllowed, parseAllowList, parseIPv6 } from '../../src/TypeScript/core/ipAllowList';
import { classifyPem, requirePrivateKeyPem } from '../../src/TypeScript/core/pem';
import { parseScope } from '../../src/TypeScript/core/scope';
import { addFailure, retryAfterSeconds, throttleKey } from '../../src/TypeScript/core/throttle';
import { parseTokenResponse } from '../../src/TypeScript/core/tokenResponse';
import { TokenEndpointError } from '../../src/TypeScript/core/errors';

describe('account ids and the token endpoint host', () => {
  it('maps sandbox ids to NetSuite host labels', () => {
    expect(accountHost('1234567_SB1')).toBe('1234567-sb1');
    expect(tokenEndpointUrl('1234567')).toBe('https://1234567.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token');
  });
  it.each(['', 'abc123', '1234567.evil.com', '1234567/x', '1234567_', '1234567__SB1', '12 34', '1234567#@evil', 'x'.repeat(50)])(
    'refuses %p, which could redirect the assertion',
    (id) => {
      expect(() => parseAccountId(id, 'custscript_oauth_account_id')).toThrow(/custscript_oauth_account_id/);
    },
  );
});

describe('signing algorithms', () => {
  it('defaults to PS256 and accepts the six NetSuite algorithms in any case', () => {
    expect(parseAlgorithm('').name).toBe('PS256');
    expect(parseAlgorithm(' es384 ').name).toBe('ES384');
  });
  it('refuses RS256 saying NetSuite no longer accepts it', () => {
    expect(() => parseAlgorithm('RS256', 'custscript_oauth_algorithm')).toThrow(/custscript_oauth_algorithm: RS256.*no longer accepts/);
  });
  it('checks the key fits the algorithm', () => {
    expect(keyMismatch(parseAlgorithm('PS256'), { type: 'RSA', bits: 2048 })).toMatch(/3072 or 4096/);
    expect(keyMismatch(parseAlgorithm('PS256'), { type: 'RSA', bits: 3072 })).toBeNull();
    expect(keyMismatch(parseAlgorithm('ES256'), { type: 'EC', curve: 'P-384' })).toMatch(/P-256/);
    expect(keyMismatch(parseAlgorithm('ES512'), { type: 'RSA', bits: 4096 })).toMatch(/EC key/);
  });
});

describe('refresher configuration', () => {
  const base: Record<string, unknown> = {
    custscript_oauth_account_id: '1234567_SB1',
    custscript_oauth_client_id: 'a1b2c3',
    custscript_oauth_certificate_id: 'cert-kid-1',
    custscript_oauth_private_key_file: '/SuiteScripts/OAuthKeys/private_key.pem',
  };
  const read = (over: Record<string, unknown>) => (id: string) => ({ ...base, ...over })[id] ?? null;

  it('applies the documented defaults', () => {
    const c = parseRefresherConfig(read({}));
    expect(c.algorithm.name).toBe('PS256');
    expect(c.scope).toEqual(['rest_webservices']);
    expect(c.refreshMarginMinutes).toBe(20);
    expect(c.keySource).toEqual({ kind: 'file', file: '/SuiteScripts/OAuthKeys/private_key.pem' });
  });
  it.each([
    ['custscript_oauth_account_id', { custscript_oauth_account_id: '' }],
    ['custscript_oauth_client_id', { custscript_oauth_client_id: null }],
    ['custscript_oauth_certificate_id', { custscript_oauth_certificate_id: 'has space' }],
    ['custscript_oauth_private_key_file', { custscript_oauth_private_key_file: '' }],
    ['custscript_oauth_private_key_file', { custscript_oauth_private_key_file: 'relative/key.pem' }],
    ['custscript_oauth_signing_certificate', { custscript_oauth_signing_certificate: 'mycert' }],
    ['custscript_oauth_scope', { custscript_oauth_scope: 'rest_webservices,admin' }],
    ['custscript_oauth_refresh_margin', { custscript_oauth_refresh_margin: '90' }],
    ['custscript_oauth_alert_email', { custscript_oauth_alert_email: 'ops@example.com, not-an-address' }],
  ])('names %s when it is wrong', (param, over) => {
    let err: unknown;
    try {
      parseRefresherConfig(read(over));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).parameter).toBe(param);
    expect((err as Error).message.startsWith(`${param}: `)).toBe(true);
  });
  it('uses the certificate store when a signing certificate is set, with no key file', () => {
    const c = parseRefresherConfig(read({ custscript_oauth_private_key_file: '', custscript_oauth_signing_certificate: 'custcertificate_m2m' }));
    expect(c.keySource).toEqual({ kind: 'certificate', certId: 'custcertificate_m2m' });
  });
  it('parses scope lists and alert addresses', () => {
    expect(parseScope('rest_webservices, suite_analytics,rest_webservices')).toEqual(['rest_webservices', 'suite_analytics']);
    const c = parseRefresherConfig(read({ custscript_oauth_alert_email: 'a@x.io; b@y.io' }));
    expect(c.alertEmails).toEqual(['a@x.io', 'b@y.io']);
  });
});

describe('assertion claims and the token request', () => {
  it('keeps exp - iat under 3600 s and uses seconds', () => {
    const c = assertionClaims({ clientId: 'c', scope: ['rest_webservices'], audience: 'aud', nowMs: 1_700_000_000_123 });
    expect(c.iat).toBe(1_700_000_000);
    expect(c.exp - c.iat).toBe(300);
    expect(() => assertionClaims({ clientId: 'c', scope: [], audience: 'a', nowMs: 0, lifetimeSeconds: 3600 })).toThrow();
  });
  it('normalises padded or standard base64 to unpadded base64url', () => {
    expect(toBase64Url('ab+/cd==')).toBe('ab-_cd');
    expect(toBase64Url('YQ==\n')).toBe('YQ');
  });
  it('form-encodes each field', () => {
    const body = tokenRequestBody('aa.bb+cc.dd/=');
    expect(new URLSearchParams(body).get('client_assertion')).toBe('aa.bb+cc.dd/=');
    expect(body).toContain('grant_type=client_credentials');
    expect(body).toContain('client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer');
    expect(formEncode("a b!'()*")).toBe('a+b%21%27%28%29%2A');
  });
});

describe('token endpoint answers', () => {
  it('accepts expires_in as a number or a numeric string', () => {
    expect(parseTokenResponse(200, '{"access_token":"eyJhbGciOi.x.y","expires_in":"3600","token_type":"bearer"}').expiresInSeconds).toBe(3600);
    expect(parseTokenResponse(200, '{"access_token":"eyJhbGciOi.x.y","expires_in":3600,"token_type":"Bearer"}').expiresInSeconds).toBe(3600);
  });
  const failureOf = (status: number, body: string) => {
    try {
      parseTokenResponse(status, body);
    } catch (e) {
      return e as TokenEndpointError;
    }
    throw new Error('expected a failure');
  };
  it('does not retry refusals and explains invalid_grant', () => {
    const e = failureOf(400, '{"error":"invalid_grant"}');
    expect(e.transient).toBe(false);
    expect(e.message).toMatch(/invalid_grant.*certificate id \(kid\)/);
  });
  it('retries 5xx, HTML pages and garbled answers', () => {
    expect(failureOf(500, '<html><body>Error</body></html>').transient).toBe(true);
    expect(failureOf(503, '').transient).toBe(true);
    expect(failureOf(200, 'not json').transient).toBe(true);
    expect(failureOf(500, '<html>').message).toMatch(/HTML page/);
  });
  it('never echoes a token from a broken answer', () => {
    const e = failureOf(200, '{"access_token":"short","expires_in":"x"}');
    expect(e.message).not.toContain('short');
  });
});

describe('token freshness', () => {
  const now = Date.UTC(2026, 0, 15, 10, 0, 0);
  it('refreshes inside the margin and skips outside it', () => {
    expect(needsRefresh({ hasToken: true, expiresAt: new Date(now + 25 * 60_000) }, now, 20)).toBe(false);
    expect(needsRefresh({ hasToken: true, expiresAt: new Date(now + 19 * 60_000) }, now, 20)).toBe(true);
    expect(needsRefresh({ hasToken: false, expiresAt: new Date(now + 50 * 60_000) }, now, 20)).toBe(true);
  });
  it('serves only tokens with the minimum validity left', () => {
    expect(isServable(new Date(now + 301_000), now, 300)).toBe(true);
    expect(isServable(new Date(now + 299_000), now, 300)).toBe(false);
    expect(isServable(null, now, 300)).toBe(false);
  });
});

describe('API keys', () => {
  it('builds nsk_ keys from 32 random bytes and recognises the format', () => {
    const key = apiKeyFromBytes(new Uint8Array(32).fill(255), (b) => Buffer.from(b as Uint8Array).toString('base64url'));
    expect(key).toMatch(/^nsk_[A-Za-z0-9_-]{43}$/);
    expect(isWellFormedApiKey(key)).toBe(true);
    expect(isWellFormedApiKey('nsk_short')).toBe(false);
    expect(isWellFormedApiKey(`nsk_${'a'.repeat(43)}\n`)).toBe(false);
    expect(isWellFormedApiKey(`nsk_${'a'.repeat(5000)}`)).toBe(false);
    expect(() => apiKeyFromBytes(new Uint8Array(16), () => '')).toThrow(/32/);
  });
  it('stores digests in lower case whatever the encoder gives', () => {
    expect(normalizeKeyHash('AB'.repeat(32))).toBe('ab'.repeat(32));
    expect(() => normalizeKeyHash('xyz')).toThrow();
  });
});

describe('IP allow-lists', () => {
  it('matches IPv4, IPv6 and CIDR entries separated by commas or new lines', () => {
    const list = parseAllowList('203.0.113.7, 198.51.100.0/24\n2001:db8::/32');
    expect(isAllowed(list, '203.0.113.7')).toBe(true);
    expect(isAllowed(list, '203.0.113.8')).toBe(false);
    expect(isAllowed(list, '198.51.100.200')).toBe(true);
    expect(isAllowed(list, '2001:db8:1::5')).toBe(true);
    expect(isAllowed(list, '2001:db9::5')).toBe(false);
    expect(isAllowed(list, '::ffff:198.51.100.9')).toBe(true);
    expect(isAllowed(list, 'not an ip')).toBe(false);
    expect(isAllowed(list, '')).toBe(false);
  });
  it('allows anyone when empty, and nobody when every entry is invalid', () => {
    expect(isAllowed(parseAllowList(''), '192.0.2.1')).toBe(true);
    const bad = parseAllowList('localhost, 300.1.1.1');
    expect(bad.invalid).toEqual(['localhost', '300.1.1.1']);
    expect(isAllowed(bad, '192.0.2.1')).toBe(false);
  });
  it('agrees with node:net BlockList on a grid of addresses and ranges', () => {
    const ranges = ['10.0.0.0/8', '192.168.1.0/28', '0.0.0.0/0', '172.16.5.4/32', '2001:db8:abcd::/48', 'fe80::/10', '::1/128', '2001:db8::/127'];
    const addrs = ['10.1.2.3', '11.0.0.1', '192.168.1.15', '192.168.1.16', '172.16.5.4', '2001:db8:abcd:12::1', '2001:db8:abce::1', 'fe80::1', 'febf::1', '::1', '::2', '2001:db8::1', '2001:db8::2', '1:2:3:4:5:6:7:8', '::ffff:10.0.0.1'];
    for (const r of ranges) {
      const [net, prefix] = r.split('/') as [string, string];
      const bl = new BlockList();
      bl.addSubnet(net, Number(prefix), isIP(net) === 6 ? 'ipv6' : 'ipv4');
      const list = parseAllowList(r);
      for (const a of addrs) {
        if (a.startsWith('::ffff:')) continue; // BlockList does not map IPv4-mapped addresses for ipv4 subnets
        expect([r, a, isAllowed(list, a)]).toEqual([r, a, bl.check(a, isIP(a) === 6 ? 'ipv6' : 'ipv4')]);
      }
    }
  });
  it('parses IPv6 forms', () => {
    expect(parseIPv6('::')).toEqual(new Array(16).fill(0));
    expect(parseIPv6('1::')?.slice(0, 2)).toEqual([0, 1]);
    expect(parseIPv6('::ffff:1.2.3.4')?.slice(10)).toEqual([255, 255, 1, 2, 3, 4]);
    expect(parseIPv6('fe80::1%eth0')).not.toBeNull();
    for (const bad of ['1:2:3:4:5:6:7:8:9', ':::1', '1::2::3', 'g::1', '1:', ':1', '::1.2.3']) expect(parseIPv6(bad)).toBeNull();
  });
});

describe('throttling failed attempts', () => {
  const s = { maxFailures: 3, windowSeconds: 900 };
  it('limits an address after the maximum, until its window ends', () => {
    let w = null;
    for (let i = 0; i < 3; i++) w = addFailure(w, 1000 + i, s);
    expect(retryAfterSeconds(w, 2000, s)).toBe(899);
    expect(retryAfterSeconds(w, 1000 + 900_000, s)).toBe(0);
  });
  it('counts IPv6 callers per /64 and maps IPv4-mapped addresses to IPv4', () => {
    expect(throttleKey('2001:db8:1:2:aaaa::1')).toBe(throttleKey('2001:db8:1:2:bbbb::9'));
    expect(throttleKey('2001:db8:1:3::1')).not.toBe(throttleKey('2001:db8:1:2::1'));
    expect(throttleKey('::ffff:192.0.2.1')).toBe(throttleKey('192.0.2.1'));
  });
});

describe('PEM files', () => {
  it('names what a file holds when it is not a usable private key', () => {
    expect(classifyPem('-----BEGIN PRIVATE KEY-----\nAA\n-----END PRIVATE KEY-----')).toBe('pkcs8');
    expect(() => requirePrivateKeyPem('-----BEGIN ENCRYPTED PRIVATE KEY-----\nAA\n-----END ENCRYPTED PRIVATE KEY-----', 'key file /k.pem')).toThrow(/encrypted/);
    expect(() => requirePrivateKeyPem('-----BEGIN CERTIFICATE-----\nAA\n-----END CERTIFICATE-----', 'key file /k.pem')).toThrow(/certificate, not a private key/);
    expect(() => requirePrivateKeyPem('hello', 'key file /k.pem')).toThrow(/not a PEM private key/);
  });
});

describe('what the refresher agrees to store (security finding 8)', () => {
  const answer = (token: string) => JSON.stringify({ access_token: token, expires_in: 3600, token_type: 'bearer' });
  const jwt = `eyJhbGciOiJQUzI1NiJ9.${'a'.repeat(800)}.${'b'.repeat(342)}`;
  it('accepts a compact JWS of a normal size', () => {
    expect(parseTokenResponse(200, answer(jwt)).accessToken).toBe(jwt);
  });
  it('refuses a token that lives under 2 minutes (it would replace a longer-lived one)', () => {
    expect(() => parseTokenResponse(200, JSON.stringify({ access_token: jwt, expires_in: 3, token_type: 'bearer' }))).toThrow(/only 3 s; nothing was stored/);
  });
  it('refuses a 600 KB access_token, and one that is not a JWT, without echoing it', () => {
    const huge = `eyJhbGciOiJQUzI1NiJ9.${'a'.repeat(600 * 1024)}.sig`;
    for (const bad of [huge, 'opaque-token-without-dots', 'eyJ.has spaces.sig']) {
      let thrown: unknown;
      try {
        parseTokenResponse(200, answer(bad));
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(TokenEndpointError);
      expect((thrown as Error).message).toMatch(/nothing was stored/);
      expect((thrown as Error).message).not.toContain(bad.slice(0, 40));
    }
  });
});
