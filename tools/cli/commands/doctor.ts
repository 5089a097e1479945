/** `ns-oauth doctor`: checks a client-credentials configuration against NetSuite's rules; --live also asks NetSuite. */
import { type Check, evaluateConfig } from '../checks';
import { type ConfigFlags, loadCliConfig } from '../config';
import { EXIT } from '../exitCodes';
import type { CliIo } from '../io';
import { requestToken, signedAssertion, type TokenOutcome, tokenFingerprint } from '../tokenClient';
import { renderCheck } from './shared';

export interface DoctorOptions extends ConfigFlags {
  live?: boolean;
  json?: boolean;
  /** Seconds. */
  timeout?: number;
}

export async function doctorCommand(opts: DoctorOptions, io: CliIo): Promise<number> {
  const cfg = loadCliConfig(opts, io.cwd);
  const evaluation = evaluateConfig(cfg, { cwd: io.cwd, nowMs: io.now(), requireKey: Boolean(opts.live) });
  const checks = evaluation.checks;
  if (cfg.profiles.length > 1 || cfg.profile !== 'default') {
    checks.unshift({
      id: 'profile', status: 'ok', title: `profile ${cfg.profile}`,
      details: [`the config file's profiles: ${cfg.profiles.join(', ')}; choose one with --profile NAME`],
    });
  }
  const tokenUrl = opts.tokenUrl ?? cfg.tokenUrl;
  const tokenUrlSource = opts.tokenUrl ? '--token-url' : cfg.tokenUrlSource;
  if (tokenUrl) {
    const at = checks.findIndex((c) => c.id === 'account-id') + 1;
    checks.splice(at, 0, {
      id: 'token-url', status: 'warn', title: `token requests go to ${tokenUrl} (${tokenUrlSource}, testing only)`,
      details: [`NetSuite's URL ${evaluation.audience ?? '(from the account id)'} stays the assertion's audience`],
      fix: `drop ${tokenUrlSource?.startsWith('--') ? tokenUrlSource.split(' ')[0] : 'tokenEndpoint'} to check against NetSuite itself.`,
    });
  }

  let tokenInfo: Record<string, unknown> | undefined;
  let liveUnavailable = false;
  if (opts.live) {
    const failed = checks.some((c) => c.status === 'fail');
    const { config, audience, privateKey } = evaluation;
    if (failed || !config || !audience || !privateKey) {
      checks.push({ id: 'live', status: 'skip', title: 'live token request skipped', fix: 'fix the failures above first.' });
    } else {
      const assertion = signedAssertion(config, audience, privateKey, io.now());
      const outcome = await requestToken({ url: tokenUrl ?? audience, assertion, fetch: io.fetch, now: io.now, timeoutMs: (opts.timeout ?? 30) * 1000 });
      checks.push(liveCheck(outcome, config.certificateId));
      if (outcome.kind === 'issued') {
        // Never the token itself: its length, fingerprint and expiry are enough to see it works.
        tokenInfo = {
          length: outcome.token.accessToken.length,
          fingerprint: tokenFingerprint(outcome.token.accessToken),
          expires_in: outcome.token.expiresInSeconds,
          expires_at: new Date(outcome.expiresAtMs).toISOString(),
        };
      }
      liveUnavailable = outcome.kind === 'unavailable';
    }
  }

  const failures = checks.filter((c) => c.status === 'fail');
  const warnings = checks.filter((c) => c.status === 'warn');
  if (opts.json) {
    io.stdout(JSON.stringify({ ok: failures.length === 0, failures: failures.length, warnings: warnings.length, checks, ...(tokenInfo ? { token: tokenInfo } : {}) }, null, 2) + '\n');
  } else {
    for (const c of checks) io.stdout(renderCheck(c));
    io.stdout(
      failures.length === 0
        ? `\nNo failures${warnings.length ? `, ${warnings.length} warning(s)` : ''}.${opts.live ? '' : ' Add --live to request a token from NetSuite with this configuration.'}\n`
        : `\n${failures.length} failure(s), ${warnings.length} warning(s).\n`,
    );
  }
  if (failures.length === 0) return EXIT.OK;
  return liveUnavailable && failures.length === 1 ? EXIT.NETWORK : EXIT.FAILED;
}

/** Plain advice beyond core/tokenResponse's adviceFor, for what an administrator checks next. */
export function extraAdvice(oauthError: string | undefined, certificateId: string): string {
  const audit = ' NetSuite\'s Login Audit Trail (Setup > Users/Roles > User Management > View Login Audit Trail; add the Detail column) shows the exact reason.';
  if (oauthError === 'invalid_client') {
    return ` Also check that the certificate id (kid) "${certificateId}" is mapped to this client id in OAuth 2.0 Client Credentials (M2M) Setup, that the mapping is not revoked, and that its certificate is the one made with this key.${audit}`;
  }
  if (oauthError === 'invalid_grant') return audit;
  return '';
}

function liveCheck(outcome: TokenOutcome, certificateId: string): Check {
  switch (outcome.kind) {
    case 'issued':
      return {
        id: 'live', status: 'ok',
        title: `NetSuite issued a ${outcome.token.tokenType} token (${outcome.token.accessToken.length} characters, ${tokenFingerprint(outcome.token.accessToken)})`,
        details: [`valid ${outcome.token.expiresInSeconds} s, until ${new Date(outcome.expiresAtMs).toISOString()}; answered in ${outcome.elapsedMs} ms`],
      };
    case 'refused':
      return {
        id: 'live', status: 'fail', title: `NetSuite refused the token request: ${outcome.message}`,
        fix: outcome.advice + extraAdvice(outcome.oauthError, certificateId),
      };
    case 'unavailable':
      return { id: 'live', status: 'fail', title: `token request failed: ${outcome.message}`, fix: outcome.advice };
  }
}
