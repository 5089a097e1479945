/**
 * Fault matrix for the BUILT refresher: every way the token endpoint, the key, the certificate store,
 * the clock or governance can fail while a valid token is stored. For each failure the user-visible
 * rules are the same: the valid token survives (and the proxy keeps serving it), the error is on the
 * token record with its time, the administrator is alerted once however often the failure repeats,
 * and the next good run clears it.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Fault, OAuthErrorCode } from '../../tools/fake-netsuite';
import { cachedSigningKey } from '../../tools/keys';
import { createTestAccount, harnessKey, KEY_PATH, type TestAccount } from '../../tools/harness';
import { REFRESHER_PARAMS as P } from '../../src/TypeScript/core/names';
import { F, interceptTokenEndpoint, MIN, statusName, storedToken } from './helpers';

const CERT = 'custcertificate_oauth_m2m';
const OAUTH_ERRORS: OAuthErrorCode[] = [
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'server_error',
];

interface Case {
  name: string;
  /** Token requests each failing run sends (refusals are not retried, transient failures are, 3 times). */
  attempts: number;
  /** What the error field must say. */
  message: RegExp;
  /**
   * Sign through N/crypto/certificate (fast: Node crypto) rather than jsrsasign with the key file.
   * How the refresher handles the endpoint's answers does not depend on the signer, and the key-file
   * path with these faults is in __tests__/integration/refresher.test.ts already.
   */
  certificateMode?: boolean;
  /** Minutes the account clock is off NetSuite's while broken (the runs happen at 10:45 account time). */
  accountClockOffset?: number;
  breakIt(t: TestAccount): void | Promise<void>;
  repair(t: TestAccount): void;
}

const endpointFault = (name: string, fault: Fault, attempts: number, message: RegExp): Case => ({
  name,
  attempts,
  message,
  certificateMode: true,
  breakIt: (t) => t.endpoint.injectFault(fault, 'always'),
  repair: (t) => t.endpoint.clearFaults(),
});

const clockOff = (minutes: number, message: RegExp): Case => ({
  name: `account clock ${Math.abs(minutes)} min ${minutes > 0 ? 'ahead of' : 'behind'} NetSuite's: NetSuite refuses the assertion (${
    minutes > 0 ? 'iat in the future' : 'exp already past'
  }) with invalid_grant, and the error tells to check the account clock`,
  attempts: 1,
  message,
  certificateMode: true,
  accountClockOffset: minutes,
  breakIt: (t) => t.account.setClock(() => t.clock.now() + minutes * MIN),
  repair: (t) => t.account.setClock(() => t.clock.now()),
});

const CASES: Case[] = [
  ...([400, 401] as const).flatMap((code) =>
    OAUTH_ERRORS.map((error) => endpointFault(`HTTP ${code} ${error}`, { kind: 'status', code, error }, 1, new RegExp(`HTTP ${code} ${error}: \\S`))),
  ),
  endpointFault('HTTP 500 with an HTML page', { kind: 'html500' }, 3, /HTTP 500 with an HTML page/),
  endpointFault('HTTP 503 (maintenance)', { kind: 'status503' }, 3, /HTTP 503/),
  endpointFault('HTTP 200 with a non-JSON body', { kind: 'nonJson' }, 3, /instead of JSON/),
  endpointFault('HTTP 200 with an empty body', { kind: 'emptyBody' }, 3, /empty body/),
  endpointFault('a network error', { kind: 'network' }, 3, /network error calling https:\/\/1234567-sb1\.suitetalk/),
  {
    name: 'the key file vanished from the File Cabinet',
    attempts: 0,
    message: /signing key: KeyError: the private key file \/SuiteScripts\/OAuthKeys\/private_key\.pem cannot be read/,
    breakIt: (t) => void expect(t.account.removeFile(KEY_PATH)).toBe(true),
    repair: (t) => void t.account.addFile({ path: KEY_PATH, contents: t.key.privateKeyPem }),
  },
  {
    name: 'the key file was replaced by the certificate',
    attempts: 0,
    message: /certificate, not a private key/,
    breakIt: (t) => void t.account.addFile({ path: KEY_PATH, contents: t.key.certificatePem }),
    repair: (t) => void t.account.addFile({ path: KEY_PATH, contents: t.key.privateKeyPem }),
  },
  {
    name: 'the key file was replaced by an EC key while the algorithm is PS256',
    attempts: 0,
    message: /PS256 needs an RSA key/,
    breakIt: async (t) => void t.account.addFile({ path: KEY_PATH, contents: (await cachedSigningKey({ alg: 'ES256' })).privateKeyPem }),
    repair: (t) => void t.account.addFile({ path: KEY_PATH, contents: t.key.privateKeyPem }),
  },
  {
    name: 'the signing certificate was revoked (certificate mode)',
    attempts: 0,
    certificateMode: true,
    message: new RegExp(`certificate ${CERT} cannot sign .*not revoked`),
    breakIt: (t) => t.account.revokeCertificate(CERT),
    repair: (t) => t.account.addCertificate({ scriptId: CERT, privateKeyPem: t.key.privateKeyPem, certificatePem: t.key.certificatePem }),
  },
  clockOff(+3, /HTTP 400 invalid_grant: .*account clock is right/),
  clockOff(+10, /HTTP 400 invalid_grant: .*account clock is right/),
  clockOff(-10, /HTTP 400 invalid_grant: .*account clock is right/),
];

/** A token stored at 10:00; at 10:45 it is inside the refresh margin yet valid until 10:59:55. */
async function withValidToken(certificateMode = false, accountClockOffset = 0): Promise<{ t: TestAccount; token: string; apiKey: string }> {
  const t = await createTestAccount();
  if (certificateMode) {
    t.account.addCertificate({ scriptId: CERT, privateKeyPem: t.key.privateKeyPem, certificatePem: t.key.certificatePem });
    t.configureRefresher({ [P.privateKeyFile]: null, [P.signingCertificate]: CERT });
  } else {
    t.configureRefresher();
  }
  expect(t.runRefresher().ok).toBe(true);
  const token = storedToken(t);
  expect(t.endpoint.verifyAccessToken(token).ok).toBe(true);
  const { key: apiKey } = t.addApiClient({ name: 'warehouse' });
  t.clock.advance((45 - accountClockOffset) * MIN);
  return { t, token, apiKey };
}

beforeAll(async () => {
  await Promise.all([harnessKey(undefined), cachedSigningKey({ alg: 'ES256' })]);
});

describe('refresher fault matrix: the valid token survives, the error is recorded with its time, one alert, the next good run clears it', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const { t, token, apiKey } = await withValidToken(c.certificateMode, c.accountClockOffset);
    await c.breakIt(t);
    for (let run = 1; run <= 3; run++) {
      const before = t.account.https.requests.length;
      const result = t.runRefresher();
      expect(result.ok).toBe(true); // handled: no uncaught error
      expect(t.account.https.requests.length - before).toBe(c.attempts);
      const rec = t.tokenRecord()!;
      expect(rec[F.token]).toBe(token);
      expect(statusName(t)).toBe('Error');
      const lastError = String(rec[F.lastError]);
      expect(lastError.startsWith(`${new Date(t.account.now()).toISOString()} `)).toBe(true);
      expect(lastError).toMatch(c.message);
      if (run === 1) {
        // External systems notice nothing: the proxy keeps handing out the still-valid token.
        expect(t.callProxy({ key: apiKey }).json['access_token']).toBe(token);
      }
      t.clock.advance(2 * MIN);
    }
    expect(t.account.emails).toHaveLength(1);
    expect(t.account.emails[0]).toMatchObject({ recipients: ['ops@example.com'], subject: 'NetSuite OAuth token refresh failed' });
    expect(t.account.emails[0]!.body).toMatch(c.message);

    c.repair(t);
    expect(t.runRefresher().ok).toBe(true);
    expect(statusName(t)).toBe('Active');
    expect(t.tokenRecord()![F.lastError] ?? '').toBe('');
    const fresh = storedToken(t);
    expect(fresh).not.toBe(token);
    expect(t.endpoint.verifyAccessToken(fresh).ok).toBe(true);
    // The proxy re-reads its copy of a profile's token every minute (until then the previous token,
    // still valid, is served), so the new one is handed out within a minute of being stored.
    const served = t.callProxy({ key: apiKey }).json['access_token'];
    expect([token, fresh]).toContain(served);
    t.clock.advance(61_000);
    expect(t.callProxy({ key: apiKey }).json['access_token']).toBe(fresh);
    expect(t.account.emails).toHaveLength(2);
    expect(t.account.emails[1]!.subject).toMatch(/recovered/);
  });

  it('account clock 3 min behind NetSuite\'s: NetSuite still accepts the assertion (exp is 2 min ahead), the token is refreshed', async () => {
    const { t, token } = await withValidToken(true, -3);
    t.account.setClock(() => t.clock.now() - 3 * MIN); // reads 10:45 while NetSuite's reads 10:48
    expect(t.runRefresher().ok).toBe(true);
    expect(statusName(t)).toBe('Active');
    expect(storedToken(t)).not.toBe(token);
    expect(t.endpoint.verifyAccessToken(storedToken(t)).ok).toBe(true);
    expect(t.account.emails).toHaveLength(0);
  });

  it('a slow answer (the token arrives 20 s later): one request, stored Active, and the stored expiry is never later than the real one', async () => {
    const { t, token, apiKey } = await withValidToken();
    // The fault blocks for real; the interceptor lets the clocks move on while the request travels.
    t.endpoint.injectFault({ kind: 'slow', ms: 150 });
    interceptTokenEndpoint(t, (req, next) => {
      t.clock.advance(20_000);
      return next(req);
    });
    const before = t.account.https.requests.length;
    const run = t.runRefresher();
    expect(run.ok).toBe(true);
    expect(t.account.https.requests.length - before).toBe(1);
    expect(statusName(t)).toBe('Active');
    const fresh = storedToken(t);
    expect(fresh).not.toBe(token);
    const real = t.endpoint.verifyAccessToken(fresh);
    if (!real.ok) throw new Error(real.reason);
    expect((t.tokenRecord()![F.expires] as Date).getTime()).toBeLessThanOrEqual(real.expiresAt);
    const answer = t.callProxy({ key: apiKey }).json;
    expect(answer['access_token']).toBe(fresh);
    expect(Date.parse(String(answer['expires_at']))).toBeLessThanOrEqual(real.expiresAt);
  });
});

describe('refresher with governance running low: no partial writes, the valid token survives', () => {
  /** The record is either untouched, or a complete failure record, or a complete success: never a mix. */
  function expectConsistent(t: TestAccount, before: Record<string, unknown>, oldToken: string, apiKey: string): void {
    const rec = t.tokenRecord()!;
    const status = statusName(t);
    if (rec[F.token] === oldToken && status === 'Active') {
      expect(rec).toEqual(before); // untouched
    } else if (status === 'Error') {
      expect(rec[F.token]).toBe(oldToken);
      expect(rec[F.expires]).toEqual(before[F.expires]);
      expect(String(rec[F.lastError]).startsWith(new Date(t.account.now()).toISOString())).toBe(true);
    } else {
      expect(status).toBe('Active');
      expect(rec[F.lastError] ?? '').toBe('');
      expect(t.endpoint.verifyAccessToken(String(rec[F.token])).ok).toBe(true);
      expect((rec[F.updated] as Date).getTime()).toBe(t.account.now());
    }
    // Whatever happened, callers get a token that is valid (the old one or the new one).
    const served = String(t.callProxy({ key: apiKey }).json['access_token']);
    expect([oldToken, String(rec[F.token])]).toContain(served);
    expect(t.endpoint.verifyAccessToken(served).ok).toBe(true);
  }

  const UNITS = [5, 12, 22, 30, 35, 38, 39, 45, 60];

  it.each(UNITS)('%i units left at the start of the run', async (units) => {
    const { t, token, apiKey } = await withValidToken();
    const before = t.tokenRecord()!;
    t.runRefresher({ remainingUsage: units });
    expectConsistent(t, before, token, apiKey);
    expect(t.account.emails.length).toBeLessThanOrEqual(1);
    // The next run with the full 10,000 units ends Active, whatever the short run left behind.
    t.clock.advance(2 * MIN);
    expect(t.runRefresher().ok).toBe(true);
    expect(statusName(t)).toBe('Active');
    expect(t.tokenRecord()![F.lastError] ?? '').toBe('');
  });

  it('persistent network errors with 60 units left: no retry, the reason is recorded with its time, alerted once over 3 runs, cleared by the next good run', async () => {
    const { t, token, apiKey } = await withValidToken();
    t.endpoint.injectFault({ kind: 'network' }, 'always');
    for (let run = 1; run <= 3; run++) {
      const before = t.account.https.requests.length;
      expect(t.runRefresher({ remainingUsage: 60 }).ok).toBe(true);
      expect(t.account.https.requests.length - before).toBe(1);
      const rec = t.tokenRecord()!;
      expect(rec[F.token]).toBe(token);
      expect(statusName(t)).toBe('Error');
      expect(String(rec[F.lastError])).toMatch(new RegExp(`^${new Date(t.account.now()).toISOString()} network error.*governance is running low`));
      t.clock.advance(2 * MIN);
    }
    expect(t.account.emails).toHaveLength(1);
    expect(t.callProxy({ key: apiKey }).json['access_token']).toBe(token);
    t.endpoint.clearFaults();
    expect(t.runRefresher({ remainingUsage: 60 }).ok).toBe(true);
    expect(statusName(t)).toBe('Active');
    expect(t.tokenRecord()![F.lastError] ?? '').toBe('');
  });
});
