/**
 * The refresher's run, as pure logic over ports. One token per profile (DESIGN.md section 3): the
 * default profile (the script parameters, when custscript_oauth_client_id is set) and every active
 * customrecord_oauth_profile. Each profile is refreshed on its own: one profile's bad key, refused
 * certificate or endpoint failure never delays, overwrites or alerts about another.
 *
 * A run:
 * 1. reads the installation settings (account id, margin, alerts) and the default profile's
 *    parameters (free), and its own cached view of the profiles (1 unit). When every token has more
 *    than the margin left and nothing changed, it stops there: a skip run costs 1 unit.
 * 2. otherwise lists the profiles and token records, validates each profile (a bad one is reported
 *    on its token record with the same messages as the parameters) and refreshes those that need it,
 *    least recently attempted first, while governance lasts. A run cut short stops cleanly; the next
 *    run starts with the profiles this one did not reach, so none starves.
 * 3. per profile: sign a fresh assertion per attempt and exchange it, retrying transient failures a
 *    few times; store the token - or record the error and its time, keep a token that is still valid
 *    (status Error) or mark it Expired once lapsed, and alert on a change of state only.
 * Secrets never reach a log line, an email or the error field: only fingerprints.
 */
import { assertionClaims, assertionHeader, type AssertionSigner, type Base64UrlEncoder, buildAssertion, tokenRequestBody } from './assertion';
import { tokenEndpointUrl } from './account';
import type { InstallationConfig, ProfileConfig } from './config';
import { ConfigError, describeError, TokenEndpointError } from './errors';
import { expiryOf, needsRefresh, secondsLeft } from './freshness';
import { DEFAULT_PROFILE_KEY, DEFAULT_PROFILE_NAME, REFRESHER_PARAMS, type TokenStatus } from './names';
import { parseTokenResponse } from './tokenResponse';

export interface StoredTokenRecord {
  id: string;
  /** The profile the record names (DEFAULT_PROFILE_KEY for none), when the store knows it. */
  profileKey?: string;
  hasToken: boolean;
  expiresAt: Date | null;
  /** Last successful refresh. */
  updatedAt: Date | null;
  status: TokenStatus | null;
  lastError: string;
}

/** A profile as listed for a run: its settings, or why they are unusable. */
export interface ProfileRow {
  /** DEFAULT_PROFILE_KEY or the profile record's internal id. */
  key: string;
  name: string;
  config: ProfileConfig | ConfigError;
}

/** A token record as listed (dates from search text, to the minute). */
export interface TokenRow {
  id: string;
  profileKey: string;
  expiresAtMs: number | null;
  status: TokenStatus | null;
}

/** What the refresher remembers between runs (PROTECTED cache; no secrets). */
export interface RefresherState {
  v: 1;
  listedAtMs: number;
  /** Fingerprint of the default profile's parameters (null when it is not configured). */
  defaultSettings: string | null;
  /** The shared "profiles changed" marker this view was listed under. */
  marker?: string | null;
  profiles: Record<
    string,
    {
      name: string;
      tokenRecordId: string | null;
      expiresAtMs: number | null;
      status: TokenStatus | null;
      lastAttemptMs: number;
      /** settingsFingerprint of the profile when it was last listed (no secrets: ids and paths). */
      settings?: string | null;
    }
  >;
}

export interface RefreshPorts {
  nowMs(): number;
  readInstallation(): InstallationConfig;
  /** The default profile's parameters; null when it is not configured (no client id). */
  readDefaultProfile(): ProfileConfig | ConfigError | null;
  loadState(): RefresherState | null;
  saveState(s: RefresherState): void;
  /** The shared marker that profiles changed or a refresh was forced (1 unit). */
  changeMarker(): string | null;
  /** Active profile records (a search). */
  listProfiles(): ProfileRow[];
  /** One active profile record (lookupFields: 1 unit); null when deactivated or deleted. */
  readProfile(key: string): ProfileRow | null;
  /** Active token records (a search). */
  listTokenRecords(): TokenRow[];
  /** Profiles an administrator asked to refresh now (consumed). */
  takeForced(): string[];
  readStored(recordId: string): StoredTokenRecord | null;
  saveSuccess(profile: ProfileRow, stored: StoredTokenRecord | null, v: { token: string; expiresAt: Date; updatedAt: Date }): string;
  saveFailure(profile: ProfileRow, stored: StoredTokenRecord | null, v: { status: 'error' | 'expired'; lastError: string; clearToken: boolean }): string;
  createSigner(config: ProfileConfig): AssertionSigner;
  base64Url: Base64UrlEncoder;
  post(url: string, body: string, headers: Record<string, string>): { status: number; body: string };
  /** Short, non-reversible fingerprint of a secret for logs. */
  fingerprint(secret: string): string;
  sendAlert(recipients: string[], subject: string, body: string): void;
  remainingUsage(): number;
  log: { audit(title: string, details: string): void; error(title: string, details: string): void; debug(title: string, details: string): void };
}

export type ProfileOutcome =
  | { kind: 'skipped'; secondsLeft: number }
  | { kind: 'refreshed'; expiresAt: Date; attempts: number }
  | { kind: 'failed'; message: string; status: 'error' | 'expired' | 'config' };

export interface RunSummary {
  kind: 'skipped' | 'ran';
  /** Outcome per profile key, for the profiles this run looked at. */
  profiles: Record<string, ProfileOutcome & { name: string }>;
  /** Profiles that needed a refresh but were left for the next run (governance ran low). */
  deferred: string[];
  /** A problem with the installation settings (account id, margin, alert addresses). */
  installationError?: string;
}

export const MAX_ATTEMPTS = 3;
/** Units one more attempt needs (sign + post), with room to record a failure afterwards. */
const UNITS_PER_ATTEMPT = 40;
const LAST_ERROR_MAX = 3900;
/** Re-read the record (2) + load and save it (6) + alert email (20), with a little room. */
const UNITS_TO_REREAD_AND_RECORD = 40;
/**
 * A profile is started only with room for a key file (10), one attempt (sign 10 + post 10) and
 * recording its outcome (load and save 6, alert 20); retries need UNITS_PER_ATTEMPT more each.
 */
export const UNITS_TO_START_PROFILE = 10 + 20 + 26;
/** Left for saving the run's state at the end. */
const UNITS_RESERVED = 2;
/**
 * When a refresh is due, profile records are listed again if the cached view is older than this,
 * even when nothing said they changed: it finds profiles created or deleted without user events (a
 * CSV import that does not run server scripts). Changes through the UI, scripts or the admin page
 * set the shared marker at once; a due profile's settings are read fresh anyway (readProfile), and
 * a proxy asking for a profile's token forces that profile.
 */
export const STATE_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** A stable text of a profile's settings: a change means "refresh now". No secrets in it. */
export function settingsFingerprint(c: ProfileConfig | ConfigError | null): string | null {
  if (c === null) return null;
  if (c instanceof ConfigError) return `error:${c.message}`;
  const key = c.keySource.kind === 'file' ? `file:${c.keySource.file}` : `cert:${c.keySource.certId}`;
  return [c.clientId, c.certificateId, key, c.algorithm.name, c.scope.join(',')].join('|');
}

export function runRefresher(ports: RefreshPorts): RunSummary {
  const startMs = ports.nowMs();
  const summary: RunSummary = { kind: 'ran', profiles: {}, deferred: [] };
  let installation: InstallationConfig | ConfigError;
  try {
    installation = ports.readInstallation();
  } catch (e) {
    installation = e instanceof ConfigError ? e : new ConfigError('configuration', describeError(e));
    summary.installationError = installation.message;
    ports.log.error('configuration error', installation.message);
  }
  let defaultProfile: ProfileConfig | ConfigError | null;
  try {
    defaultProfile = ports.readDefaultProfile();
  } catch (e) {
    defaultProfile = e instanceof ConfigError ? e : new ConfigError('configuration', describeError(e));
  }
  const defaultSettings = settingsFingerprint(defaultProfile);
  const margin = installation instanceof ConfigError ? 0 : installation.refreshMarginMinutes;

  // 1. The cheap skip: nothing changed and every known token has more than the margin left.
  const cached = ports.loadState();
  // Read before listing, so a change made while this run lists is seen by the next run.
  const marker = ports.changeMarker();
  const known =
    !(installation instanceof ConfigError) &&
    !!cached &&
    cached.v === 1 &&
    cached.listedAtMs <= startMs &&
    (cached.marker ?? null) === marker &&
    cached.defaultSettings === defaultSettings &&
    Object.keys(cached.profiles).length > 0;
  // Listing again costs two searches; it happens when a refresh is due anyway and the view is old.
  const usable = known && startMs - cached.listedAtMs < STATE_MAX_AGE_MS;
  if (known && Object.values(cached.profiles).every((p) => p.status === 'active' && !needsRefresh({ hasToken: true, expiresAt: ms(p.expiresAtMs) }, startMs, margin))) {
    let least = Infinity;
    for (const [key, p] of Object.entries(cached.profiles)) {
      const left = secondsLeft(ms(p.expiresAtMs), startMs);
      least = Math.min(least, left);
      summary.profiles[key] = { kind: 'skipped', secondsLeft: left, name: p.name };
    }
    ports.log.debug('tokens still fresh', `${Object.keys(cached.profiles).length} profile(s), the soonest has ${Math.floor(least / 60)} min left (refresh margin ${margin} min); no request sent`);
    return { ...summary, kind: 'skipped' };
  }

  // 2. The profiles and their token records: from the cached view when it is recent (a due record
  //    profile is then read on its own, 1 unit), else listed (two searches).
  const profiles: PlannedProfile[] = [];
  const tokens = new Map<string, TokenRow>();
  const orphans: TokenRow[] = [];
  let forced = new Set<string>();
  if (usable) {
    for (const [key, p] of Object.entries(cached.profiles)) {
      profiles.push({ key, name: p.name, config: key === DEFAULT_PROFILE_KEY ? defaultProfile ?? unconfigured() : null });
      if (p.tokenRecordId) tokens.set(key, { id: p.tokenRecordId, profileKey: key, expiresAtMs: p.expiresAtMs, status: p.status });
    }
  } else {
    if (defaultProfile !== null) profiles.push({ key: DEFAULT_PROFILE_KEY, name: DEFAULT_PROFILE_NAME, config: defaultProfile });
    profiles.push(...ports.listProfiles());
    // Nothing configured at all: say so where the administrator looks, on the default token record.
    if (profiles.length === 0) profiles.push({ key: DEFAULT_PROFILE_KEY, name: DEFAULT_PROFILE_NAME, config: unconfigured(), withdraw: true });
    for (const t of ports.listTokenRecords().sort((a, b) => Number(a.id) - Number(b.id))) {
      if (!tokens.has(t.profileKey)) tokens.set(t.profileKey, t);
    }
    for (const [key, t] of tokens) if (!profiles.some((p) => p.key === key)) orphans.push(t);
    forced = new Set(ports.takeForced());
  }
  const previous = cached && cached.v === 1 ? cached.profiles : {};
  const defaultChanged = !!cached && cached.defaultSettings !== defaultSettings;

  const state: RefresherState = { v: 1, listedAtMs: usable ? cached.listedAtMs : startMs, defaultSettings, marker, profiles: {} };
  const candidates: PlannedProfile[] = [];
  for (const p of profiles) {
    const t = tokens.get(p.key);
    const settings = p.config === null ? (previous[p.key]?.settings ?? null) : settingsFingerprint(p.config);
    // A profile whose settings changed (another client id, certificate, key...) is refreshed now, and
    // its old token, issued for the old mapping, is not kept if that fails.
    const changed = p.config !== null && p.key !== DEFAULT_PROFILE_KEY && typeof previous[p.key]?.settings === 'string' && previous[p.key]!.settings !== settings;
    if (changed || (p.key === DEFAULT_PROFILE_KEY && defaultChanged)) p.withdraw = true;
    state.profiles[p.key] = {
      name: p.name,
      tokenRecordId: t?.id ?? null,
      expiresAtMs: t?.expiresAtMs ?? null,
      status: t?.status ?? null,
      lastAttemptMs: previous[p.key]?.lastAttemptMs ?? 0,
      settings,
    };
    const due =
      changed ||
      forced.has(p.key) ||
      (p.key === DEFAULT_PROFILE_KEY && defaultChanged) ||
      p.config instanceof ConfigError ||
      installation instanceof ConfigError ||
      t?.status !== 'active' ||
      needsRefresh({ hasToken: !!t, expiresAt: ms(t?.expiresAtMs ?? null) }, startMs, margin);
    if (due) candidates.push(p);
    else summary.profiles[p.key] = { kind: 'skipped', secondsLeft: secondsLeft(ms(t?.expiresAtMs ?? null), startMs), name: p.name };
  }
  // Least recently attempted first: a run cut short by governance leaves the others for the next run.
  candidates.sort((a, b) => state.profiles[a.key]!.lastAttemptMs - state.profiles[b.key]!.lastAttemptMs);

  for (let i = 0; i < candidates.length; i++) {
    const p = candidates[i]!;
    if (ports.remainingUsage() < UNITS_TO_START_PROFILE + UNITS_RESERVED) {
      summary.deferred = candidates.slice(i).map((c) => c.key);
      ports.log.audit('governance low', `${summary.deferred.length} profile(s) left for the next run: ${candidates.slice(i).map((c) => c.name).join(', ')}`);
      break;
    }
    const entry = state.profiles[p.key]!;
    let row: ProfileRow;
    if (p.config === null) {
      const read = ports.readProfile(p.key);
      if (!read) {
        // Deactivated or deleted since it was listed: its clients get token_unavailable from the proxy.
        delete state.profiles[p.key];
        continue;
      }
      row = read;
      entry.name = read.name;
      const now = settingsFingerprint(read.config);
      // Settings changed by a path that set no marker: refreshed now, and the old token not kept.
      if (typeof entry.settings === 'string' && entry.settings !== now) p.withdraw = true;
      entry.settings = now;
    } else row = { key: p.key, name: p.name, config: p.config };
    entry.lastAttemptMs = ports.nowMs();
    let outcome: ProfileOutcome;
    try {
      outcome = refreshProfile(ports, row, installation, entry.tokenRecordId, (id) => (entry.tokenRecordId = id), p.withdraw === true);
    } catch (e) {
      // One profile's surprise must not stop the others.
      const message = describeError(e);
      ports.log.error(`profile ${p.name}: refresh failed unexpectedly`, message);
      outcome = { kind: 'failed', message, status: 'error' };
    }
    summary.profiles[p.key] = { ...outcome, name: p.name };
    if (outcome.kind === 'refreshed') {
      entry.expiresAtMs = outcome.expiresAt.getTime();
      entry.status = 'active';
    } else if (outcome.kind === 'failed') {
      entry.status = outcome.status === 'expired' ? 'expired' : 'error';
    }
  }

  // The default profile was removed (no client id): its token must not keep being served.
  for (const t of orphans) {
    if (t.profileKey !== DEFAULT_PROFILE_KEY || t.status === 'expired' || ports.remainingUsage() < UNITS_TO_REREAD_AND_RECORD) continue;
    try {
      const stored = ports.readStored(t.id);
      ports.saveFailure(
        { key: t.profileKey, name: DEFAULT_PROFILE_NAME, config: new ConfigError('custscript_oauth_client_id', 'not set') },
        stored,
        { status: 'expired', clearToken: !!stored?.hasToken, lastError: `${new Date(ports.nowMs()).toISOString()} the default profile is no longer configured (custscript_oauth_client_id is empty); its token was withdrawn.` },
      );
    } catch (e) {
      ports.log.error('could not withdraw the default token', describeError(e));
    }
  }

  if (summary.deferred.length === 0 && !(installation instanceof ConfigError)) ports.saveState(state);
  else ports.saveState({ ...state, listedAtMs: 0 });
  return summary;
}

/** A profile planned for this run; `config` null = read it (1 unit) only if it needs a refresh. */
interface PlannedProfile {
  key: string;
  name: string;
  config: ProfileConfig | ConfigError | null;
  /** Its token must not outlive a failure: its settings changed, or it is no longer configured. */
  withdraw?: boolean;
}

function unconfigured(): ConfigError {
  return new ConfigError(REFRESHER_PARAMS.clientId, "required: the integration record's Client ID (no token profile is configured).");
}

function ms(v: number | null): Date | null {
  return v === null || !Number.isFinite(v) ? null : new Date(v);
}

function refreshProfile(
  ports: RefreshPorts,
  profile: ProfileRow,
  installation: InstallationConfig | ConfigError,
  tokenRecordId: string | null,
  setRecordId: (id: string) => void,
  withdraw: boolean,
): ProfileOutcome {
  const startMs = ports.nowMs();
  const label = profile.key === DEFAULT_PROFILE_KEY ? '' : `profile ${profile.name}: `;
  const alertEmails = installation instanceof ConfigError ? [] : installation.alertEmails;
  let stored = tokenRecordId ? ports.readStored(tokenRecordId) : null;
  // A remembered record that now names another profile is not this profile's: look it up again.
  if (stored && stored.profileKey !== undefined && stored.profileKey !== profile.key) stored = null;
  const fail = (message: string, configProblem: boolean) => recordFailure(ports, profile, stored, message, alertEmails, configProblem, startMs, setRecordId, withdraw);

  const configError = installation instanceof ConfigError ? installation : profile.config instanceof ConfigError ? profile.config : null;
  if (configError) {
    ports.log.error(`${label}configuration error`, configError.message);
    return fail(`configuration: ${configError.message}`, true);
  }
  const config = profile.config as ProfileConfig;
  const { accountId } = installation as InstallationConfig;
  const url = tokenEndpointUrl(accountId);
  let signer: AssertionSigner;
  try {
    signer = ports.createSigner(config);
  } catch (e) {
    return fail(`signing key: ${describeError(e)}`, false);
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
      return fail(`signing failed (${signer.description}): ${describeError(e)}`, false);
    }
    let response: { status: number; body: string };
    // The token's lifetime runs from when NetSuite issued it: at the latest, when the request left.
    const sentAtMs = ports.nowMs();
    try {
      response = ports.post(url, tokenRequestBody(assertion), { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' });
    } catch (e) {
      lastError = `network error calling ${url}: ${describeError(e)}`;
      ports.log.error(`${label}token request failed (attempt ${attempt}/${MAX_ATTEMPTS})`, lastError);
      continue;
    }
    let issued: ReturnType<typeof parseTokenResponse>;
    try {
      issued = parseTokenResponse(response.status, response.body);
    } catch (e) {
      lastError = describeError(e);
      ports.log.error(`${label}token request failed (attempt ${attempt}/${MAX_ATTEMPTS})`, lastError);
      if (e instanceof TokenEndpointError && !e.transient) break;
      continue;
    }
    // Stored outside the retry loop: a failure to store is not a reason to ask NetSuite again.
    const now = ports.nowMs();
    const expiresAt = expiryOf(sentAtMs, issued.expiresInSeconds);
    setRecordId(ports.saveSuccess(profile, stored, { token: issued.accessToken, expiresAt, updatedAt: new Date(now) }));
    ports.log.audit(
      `${label}token refreshed`,
      `token ${ports.fingerprint(issued.accessToken)} expires ${expiresAt.toISOString()} (attempt ${attempt}, ${config.algorithm.name}, ${signer.description})`,
    );
    if (stored && (stored.status === 'error' || stored.status === 'expired') && alertEmails.length > 0) {
      trySend(
        ports,
        alertEmails,
        `NetSuite OAuth token refresh recovered${profile.key === DEFAULT_PROFILE_KEY ? '' : ` (profile ${profile.name})`}`,
        `The access token of profile ${profile.name} was refreshed at ${new Date(now).toISOString()} after an earlier failure:\n\n${stored.lastError}`,
      );
    }
    return { kind: 'refreshed', expiresAt, attempts: attempt };
  }
  return fail(lastError, false);
}

function trySend(ports: RefreshPorts, to: string[], subject: string, body: string): void {
  try {
    ports.sendAlert(to, subject, body);
  } catch (e) {
    ports.log.error('could not send the alert email', describeError(e));
  }
}

function recordFailure(
  ports: RefreshPorts,
  profile: ProfileRow,
  storedAtStart: StoredTokenRecord | null,
  message: string,
  alertEmails: string[],
  configProblem: boolean,
  runStartMs: number,
  setRecordId: (id: string) => void,
  withdraw = false,
): ProfileOutcome {
  const nowMs = ports.nowMs();
  // Decide on the record as it is now, not as this run found it: another run may have stored a
  // fresh token meanwhile, and that token must survive this run's failure. The re-read is skipped
  // when governance is too low to also record the failure and alert: recording it matters more.
  let stored = storedAtStart;
  if (storedAtStart && ports.remainingUsage() >= UNITS_TO_REREAD_AND_RECORD) {
    try {
      stored = ports.readStored(storedAtStart.id);
    } catch (e) {
      ports.log.error('could not re-read the token record', describeError(e));
    }
  }
  const named = profile.key === DEFAULT_PROFILE_KEY ? '' : ` (profile ${profile.name})`;
  if (stored && stored.status === 'active' && stored.updatedAt && stored.updatedAt.getTime() >= runStartMs && secondsLeft(stored.expiresAt, nowMs) > 0) {
    ports.log.error(`refresh failed${named}, but another run stored a fresh token meanwhile; nothing changed`, message.slice(0, LAST_ERROR_MAX));
    return { kind: 'failed', message, status: configProblem ? 'config' : 'error' };
  }
  // A token issued under settings the administrator has since changed (or removed) is not kept.
  const stillValid = !withdraw && !!stored?.hasToken && secondsLeft(stored.expiresAt, nowMs) > 0;
  const status: 'error' | 'expired' = stillValid ? 'error' : 'expired';
  const line = `${new Date(nowMs).toISOString()} ${message}`.slice(0, LAST_ERROR_MAX);
  setRecordId(ports.saveFailure(profile, stored, { status, lastError: line, clearToken: !stillValid && !!stored?.hasToken }));
  ports.log.error(
    stillValid ? `refresh failed${named}; the stored token is kept` : `refresh failed${named}; no valid token is stored`,
    stillValid ? `${line} (stored token valid until ${stored?.expiresAt?.toISOString()})` : line,
  );
  const previous = stored?.status ?? null;
  if (alertEmails.length > 0 && previous !== status) {
    trySend(
      ports,
      alertEmails,
      status === 'expired' ? `NetSuite OAuth token refresh failing${named}: no valid token` : `NetSuite OAuth token refresh failed${named}`,
      `Profile: ${profile.name}\n\n${line}\n\n${
        stillValid
          ? `The stored token stays valid until ${stored?.expiresAt?.toISOString()}; the refresher retries on each run.`
          : 'External systems of this profile cannot get a token until this is fixed.'
      }\nYou are told again only when the state changes.`,
    );
  }
  return { kind: 'failed', message: line, status: configProblem ? 'config' : status };
}
