/**
 * Scheduled script customscript_oauth_token_refresher: keeps a valid access token per token profile
 * in customrecord_oauth_token. Two deployments read the same (company preference) parameters: the
 * scheduled one every 15 minutes and the Not Scheduled one that refreshes on demand. Wiring only:
 * the rules are in core/refreshService.ts. jsrsasign is loaded only when a profile signs with a key
 * file (adapters/signers/keyFileSigner.ts).
 */
import type { EntryPoints } from 'N/types';
import { defaultProfileConfigured, parseInstallationConfig, parseProfileConfig } from '../core/config';
import { runRefresher } from '../core/refreshService';
import { base64UrlOfUtf8, secretFingerprint } from '../adapters/encoding';
import { sendAlert } from '../adapters/alerts';
import { httpsPost } from '../adapters/http';
import { listProfiles, loadRefresherState, profilesChangedMarker, readProfile, saveRefresherState, takeForcedRefreshes } from '../adapters/profileStore';
import { logger, parameter, remainingUsage } from '../adapters/runtime';
import { createCertificateSigner } from '../adapters/signers/certificateSigner';
import { createKeyFileSigner } from '../adapters/signers/keyFileSigner';
import { listTokenRecords, readTokenRecord, saveTokenFailure, saveTokenSuccess } from '../adapters/tokenStore';

export function execute(_context: EntryPoints.Scheduled.executeContext): void {
  const summary = runRefresher({
    nowMs: () => Date.now(),
    readInstallation: () => parseInstallationConfig(parameter),
    readDefaultProfile: () => (defaultProfileConfigured(parameter) ? parseProfileConfig(parameter) : null),
    loadState: loadRefresherState,
    saveState: saveRefresherState,
    changeMarker: profilesChangedMarker,
    listProfiles,
    readProfile,
    listTokenRecords,
    takeForced: takeForcedRefreshes,
    readStored: readTokenRecord,
    saveSuccess: saveTokenSuccess,
    saveFailure: saveTokenFailure,
    createSigner: (config) =>
      config.keySource.kind === 'certificate' ? createCertificateSigner(config.keySource.certId, config.algorithm) : createKeyFileSigner(config.keySource.file, config.algorithm),
    base64Url: base64UrlOfUtf8,
    post: httpsPost,
    fingerprint: secretFingerprint,
    sendAlert,
    remainingUsage,
    log: logger,
  });
  const parts = Object.entries(summary.profiles).map(([, p]) =>
    p.kind === 'failed' ? `${p.name}: failed` : p.kind === 'skipped' ? `${p.name}: ${p.secondsLeft} s left` : `${p.name}: expires ${p.expiresAt.toISOString()}`,
  );
  if (summary.deferred.length > 0) parts.push(`${summary.deferred.length} left for the next run`);
  logger.audit(`refresher: ${summary.kind}`, parts.join('; ').slice(0, 3900) || 'no profile');
}
