/**
 * Scheduled script customscript_oauth_token_refresher: keeps a valid access token in
 * customrecord_oauth_token. Wiring only: the rules are in core/refreshService.ts.
 */
import type { EntryPoints } from 'N/types';
import { parseRefresherConfig } from '../core/config';
import { runRefresh } from '../core/refreshService';
import { base64UrlOfUtf8, secretFingerprint } from '../adapters/encoding';
import { sendAlert } from '../adapters/alerts';
import { httpsPost } from '../adapters/http';
import { logger, parameter, remainingUsage } from '../adapters/runtime';
import { createCertificateSigner } from '../adapters/signers/certificateSigner';
import { createJsrsasignSigner, loadKeyFile } from '../adapters/signers/jsrsasignSigner';
import { readTokenRecord, saveTokenFailure, saveTokenSuccess } from '../adapters/tokenStore';

export function execute(_context: EntryPoints.Scheduled.executeContext): void {
  const outcome = runRefresh({
    nowMs: () => Date.now(),
    readConfig: () => parseRefresherConfig(parameter),
    readStored: readTokenRecord,
    saveSuccess: saveTokenSuccess,
    saveFailure: saveTokenFailure,
    createSigner: (config) =>
      config.keySource.kind === 'certificate'
        ? createCertificateSigner(config.keySource.certId, config.algorithm)
        : createJsrsasignSigner(loadKeyFile(config.keySource.file), config.algorithm, `key file ${config.keySource.file}`),
    base64Url: base64UrlOfUtf8,
    post: httpsPost,
    fingerprint: secretFingerprint,
    sendAlert,
    remainingUsage,
    log: logger,
  });
  logger.audit(
    `refresher: ${outcome.kind}`,
    outcome.kind === 'failed' ? outcome.message : outcome.kind === 'skipped' ? `${outcome.secondsLeft} s left` : `expires ${outcome.expiresAt.toISOString()}`,
  );
}
