/**
 * The refresher's run, as pure logic over ports. Order matters and is part of the contract:
 * 1. validate the configuration (a bad parameter stops the run before any request);
 * 2. skip while the stored token has more than the refresh margin left;
 * 3. sign a fresh assertion per attempt and exchange it, retrying transient failures a few times;
 * 4. store the token (record + cache) — or, on failure, record the error and its time, keep a token
 *    that is still valid (status Error) or mark it Expired once lapsed, and alert on a change of
 *    state only (not on every run of a persisting failure).
 * Secrets never reach a log line, an email or the error field: only fingerprints.
 */
import {
  assertionClaims,
  assertionHeader,
  type AssertionSigner,
  type Base64UrlEncoder,
  buildAssertion,
  tokenRequestBody,
} from './assertion';
import { tokenEndpointUrl } from './account';
import type { RefresherConfig } from './config';
import { describeError, TokenEndpointError } from './errors';
import { expiryOf, needsRefresh, secondsLeft } from './freshness';
import type { TokenStatus } from './names';
import { parseTokenResponse } from './tokenResponse';

export interface StoredTokenRecord {
  id: string;
  hasToken: boolean;
  expiresAt: Date | null;
  /** Last successful refresh. */
  updatedAt: Date | null;
  status: TokenStatus | null;
  lastError: string;
}

export interface RefreshPorts {
  nowMs(): number;
  readConfig(): RefresherConfig;
  readStored(): StoredTokenRecord | null;
  saveSuccess(stored: StoredTokenRecord | null, v: { token: string; expiresAt: Date; updatedAt: Date }): void;
  saveFailure(stored: StoredTokenRecord | null, v: { status: 'error' | 'expired'; lastError: string; clearToken: boolean }): void;
  createSigner(config: RefresherConfig): AssertionSigner;
  base64Url: Base64UrlEncoder;
  post(url: string, body: string, headers: Record<string, string>): { status: number; body: string };
  /** Short, non-reversible fingerprint of a secret for logs. */
  fingerprint(secret: string): string;
  sendAlert(recipients: string[], subject: string, body: string): void;
  remainingUsage(): number;
  log: { audit(title: string, details: string): void; error(title: string, details: string): void; debug(title: string, details: string): void };
}

export type RefreshOutcome =
  | { kind: 'skipped'; secondsLeft: number }
  | { kind: 'refreshed'; expiresAt: Date; attempts: number }
  | { kind: 'failed'; message: string; status: 'error' | 'expired' | 'config' };

export const MAX_ATTEMPTS = 3;
/** Units one more attempt needs (sign + post), with room to record a failure afterwards. */
const UNITS_PER_ATTEMPT = 40;
const LAST_ERROR_MAX = 3900;
/** Re-read the record (12) + load and save it (6) + alert email (20), with a little room. */
const UNITS_TO_REREAD_AND_RECORD = 40;

export function runRefresh(ports: RefreshPorts): RefreshOutcome {
  const startMs = ports.nowMs();
  let config: RefresherConfig;
  let stored: StoredTokenRecord | null = null;
  try {
    config = ports.readConfig();
  } catch (e) {
    const message = describeError(e);
    ports.log.error('configuration error', message);
    // Record it on the token record so the administrator sees it there too; keep a valid token.
    try {
      stored = ports.readStored();
      return recordFailure(ports, stored, `configuration: ${message}`, startMs, [], true, startMs);
    } catch (inner) {
      ports.log.error('could not record the configuration error', describeError(inner));
      return { kind: 'failed', message, status: 'config' };
    }
  }

  stored = ports.readStored();
  if (!needsRefresh({ hasToken: stored?.hasToken ?? false, expiresAt: stored?.expiresAt ?? null }, startMs, config.refreshMarginMinutes)) {
    const left = secondsLeft(stored?.expiresAt ?? null, startMs);
    ports.log.debug('token still fresh', `${Math.floor(left / 60)} min left (refresh margin ${config.refreshMarginMinutes} min); no request sent`);
    return { kind: 'skipped', secondsLeft: left };
  }

  const url = tokenEndpointUrl(config.accountId);
  let signer: AssertionSigner;
  try {
    signer = ports.createSigner(config);
  } catch (e) {
    return recordFailure(ports, stored, `signing key: ${describeError(e)}`, ports.nowMs(), config.alertEmails, false, startMs);
  }

  let lastError = '';
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    if (attempt > 1 && ports.remainingUsage() < UNITS_PER_ATTEMPT) {
      lastError += ' (no retry: script governance is running low)';
      break;
    }
    let assertion: string;
    try {
      const now = ports.nowMs();
      const header = assertionHeader(config.algorithm, config.certificateId);
      const claims = assertionClaims({ clientId: config.clientId, scope: config.scope, audience: url, nowMs: now });
      assertion = buildAssertion(header, claims, ports.base64Url, signer);
    } catch (e) {
      return recordFailure(ports, stored, `signing failed (${signer.description}): ${describeError(e)}`, ports.nowMs(), config.alertEmails, false, startMs);
    }
    let response: { status: number; body: string };
    // The token's lifetime runs from when NetSuite issued it: at the latest, when the request left.
    const sentAtMs = ports.nowMs();
    try {
      response = ports.post(url, tokenRequestBody(assertion), {
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
      });
    } catch (e) {
      lastError = `network error calling ${url}: ${describeError(e)}`;
      ports.log.error(`token request failed (attempt ${attempt}/${MAX_ATTEMPTS})`, lastError);
      continue;
    }
    try {
      const issued = parseTokenResponse(response.status, response.body);
      const now = ports.nowMs();
      const expiresAt = expiryOf(sentAtMs, issued.expiresInSeconds);
      ports.saveSuccess(stored, { token: issued.accessToken, expiresAt, updatedAt: new Date(now) });
      ports.log.audit(
        'token refreshed',
        `token ${ports.fingerprint(issued.accessToken)} expires ${expiresAt.toISOString()} (attempt ${attempt}, ${config.algorithm.name}, ${signer.description})`,
      );
      if (stored && (stored.status === 'error' || stored.status === 'expired') && config.alertEmails.length > 0) {
        ports.sendAlert(
          config.alertEmails,
          'NetSuite OAuth token refresh recovered',
          `The access token was refreshed at ${new Date(now).toISOString()} after an earlier failure:\n\n${stored.lastError}`,
        );
      }
      return { kind: 'refreshed', expiresAt, attempts: attempt };
    } catch (e) {
      lastError = describeError(e);
      ports.log.error(`token request failed (attempt ${attempt}/${MAX_ATTEMPTS})`, lastError);
      if (e instanceof TokenEndpointError && !e.transient) break;
    }
  }
  return recordFailure(ports, stored, lastError, ports.nowMs(), config.alertEmails, false, startMs);
}

function recordFailure(
  ports: RefreshPorts,
  storedAtStart: StoredTokenRecord | null,
  message: string,
  nowMs: number,
  alertEmails: string[],
  configProblem: boolean,
  runStartMs: number,
): RefreshOutcome {
  // Decide on the record as it is now, not as this run found it: another run may have stored a
  // fresh token meanwhile, and that token must survive this run's failure.
  // The re-read (12 units) is skipped when governance is too low to also record the failure and
  // alert (about 26 units): recording it matters more.
  let stored = storedAtStart;
  if (ports.remainingUsage() >= UNITS_TO_REREAD_AND_RECORD) {
    try {
      stored = ports.readStored();
    } catch (e) {
      ports.log.error('could not re-read the token record', describeError(e));
    }
  }
  if (stored && stored.status === 'active' && stored.updatedAt && stored.updatedAt.getTime() >= runStartMs && secondsLeft(stored.expiresAt, nowMs) > 0) {
    ports.log.error('refresh failed, but another run stored a fresh token meanwhile; nothing changed', message.slice(0, LAST_ERROR_MAX));
    return { kind: 'failed', message, status: configProblem ? 'config' : 'error' };
  }
  const stillValid = !!stored?.hasToken && secondsLeft(stored.expiresAt, nowMs) > 0;
  const status: 'error' | 'expired' = stillValid ? 'error' : 'expired';
  const line = `${new Date(nowMs).toISOString()} ${message}`.slice(0, LAST_ERROR_MAX);
  ports.saveFailure(stored, { status, lastError: line, clearToken: !stillValid && !!stored?.hasToken });
  ports.log.error(
    stillValid ? 'refresh failed; the stored token is kept' : 'refresh failed; no valid token is stored',
    stillValid ? `${line} (stored token valid until ${stored?.expiresAt?.toISOString()})` : line,
  );
  const previous = stored?.status ?? null;
  if (alertEmails.length > 0 && previous !== status) {
    try {
      ports.sendAlert(
        alertEmails,
        status === 'expired' ? 'NetSuite OAuth token refresh failing: no valid token' : 'NetSuite OAuth token refresh failed',
        `${line}\n\n${
          stillValid
            ? `The stored token stays valid until ${stored?.expiresAt?.toISOString()}; the refresher retries on each run.`
            : 'External systems cannot get a token until this is fixed.'
        }\nYou are told again only when the state changes.`,
      );
    } catch (e) {
      ports.log.error('could not send the alert email', describeError(e));
    }
  }
  return { kind: 'failed', message: line, status: configProblem ? 'config' : status };
}
