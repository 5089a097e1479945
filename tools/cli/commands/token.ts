/**
 * `ns-oauth token`: a NetSuite access token by the client-credentials exchange, for systems that can
 * run a command instead of calling the proxy. The one command whose purpose is to print a token.
 */
import { evaluateConfig } from '../checks';
import { type ConfigFlags, loadCliConfig } from '../config';
import { CliError, EXIT } from '../exitCodes';
import type { CliIo } from '../io';
import { requestToken, signedAssertion } from '../tokenClient';
import { extraAdvice } from './doctor';
import { renderCheck } from './shared';

export interface TokenOptions extends ConfigFlags {
  json?: boolean;
  raw?: boolean;
  timeout?: number;
}

export async function tokenCommand(opts: TokenOptions, io: CliIo): Promise<number> {
  const cfg = loadCliConfig(opts, io.cwd);
  const evaluation = evaluateConfig(cfg, { cwd: io.cwd, nowMs: io.now(), requireKey: true });
  const failures = evaluation.checks.filter((c) => c.status === 'fail');
  for (const c of evaluation.checks.filter((c) => c.status === 'warn' && c.id !== 'certificate')) io.stderr(renderCheck(c));
  const { config, audience, privateKey } = evaluation;
  if (failures.length > 0 || !config || !audience || !privateKey) {
    for (const c of failures) io.stderr(renderCheck(c));
    throw new CliError(EXIT.USAGE, `the configuration has ${failures.length} problem(s); no request was sent.`, 'correct the values above; `ns-oauth doctor` with the same options shows every check.');
  }
  const tokenUrl = opts.tokenUrl ?? cfg.tokenUrl;
  if (tokenUrl) io.stderr(`! sending the token request to ${tokenUrl} (${opts.tokenUrl ? '--token-url' : cfg.tokenUrlSource}, testing only), not ${audience}\n`);

  const outcome = await requestToken({
    url: tokenUrl ?? audience,
    assertion: signedAssertion(config, audience, privateKey, io.now()),
    fetch: io.fetch,
    now: io.now,
    timeoutMs: (opts.timeout ?? 30) * 1000,
  });
  switch (outcome.kind) {
    case 'issued': {
      const { accessToken, tokenType, expiresInSeconds } = outcome.token;
      if (!opts.raw) {
        io.stdout(JSON.stringify({ access_token: accessToken, token_type: tokenType, expires_in: expiresInSeconds, expires_at: new Date(outcome.expiresAtMs).toISOString() }) + '\n');
      } else {
        io.stdout(accessToken + '\n');
      }
      return EXIT.OK;
    }
    case 'refused':
      throw new CliError(EXIT.FAILED, `NetSuite refused the token request: ${outcome.message}`, outcome.advice + extraAdvice(outcome.oauthError, config.certificateId));
    case 'unavailable':
      throw new CliError(EXIT.NETWORK, `the token request failed: ${outcome.message}`, outcome.advice);
  }
}
