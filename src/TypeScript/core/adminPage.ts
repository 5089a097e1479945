/**
 * Rules of the key admin page that need no NetSuite API: which view a request asks for, what a
 * valid token profile looks like (the refresher's own rules and messages), how a token's health
 * reads, and what each confirmation says. Shared with tests; no N/* import.
 */
import { ACCEPTED_ALGORITHMS, DEFAULT_ALGORITHM } from './algorithms';
import { parseProfileConfig, type ProfileFieldNames } from './config';
import { ConfigError } from './errors';
import { CLIENT_NAME_MAX } from './keyAdmin';
import { DEFAULT_PROFILE_KEY, DEFAULT_PROFILE_NAME } from './names';

export type View = 'home' | 'client' | 'client_new' | 'profile' | 'profile_new' | 'confirm';

/** Changes that need a confirmation step (a GET shows it; the POST makes the change). */
export const CONFIRMED_ACTIONS = ['rotate', 'deactivate', 'reactivate', 'profile_deactivate', 'profile_reactivate', 'refresh'] as const;
export type ConfirmedAction = (typeof CONFIRMED_ACTIONS)[number];

/** Every change the page's POST accepts. */
export type ChangeAction = ConfirmedAction | 'client_create' | 'profile_create' | 'profile_save';

export interface Route {
  view: View;
  /** Record internal id; `default` for the default profile (refresh only); '' when none. */
  id: string;
  action?: ConfirmedAction;
}

/** The default profile in URLs and form fields (it has no record). */
export { DEFAULT_PROFILE_KEY };

const VIEWS: readonly View[] = ['home', 'client', 'client_new', 'profile', 'profile_new', 'confirm'];

/** Reads `view`, `id` and `do` from the query; anything unknown or malformed shows the home view. */
export function parseRoute(params: Record<string, unknown>): Route {
  const view = String(params['view'] ?? 'home') as View;
  const id = String(params['id'] ?? '');
  const idOk = /^[0-9]{1,12}$/.test(id) || id === DEFAULT_PROFILE_KEY;
  if (!VIEWS.includes(view)) return { view: 'home', id: '' };
  if (view === 'home' || view === 'client_new' || view === 'profile_new') return { view, id: '' };
  if (!idOk) return { view: 'home', id: '' };
  if (view === 'confirm') {
    const action = String(params['do'] ?? '') as ConfirmedAction;
    if (!CONFIRMED_ACTIONS.includes(action)) return { view: 'home', id: '' };
    if (id === DEFAULT_PROFILE_KEY && action !== 'refresh') return { view: 'home', id: '' };
    return { view, id, action };
  }
  if (id === DEFAULT_PROFILE_KEY) return { view: 'home', id: '' };
  return { view, id };
}

// ------------------------------------------------------------------------------------------ profiles

/** What the profile form sends (all text, as typed): the name and one value per profile setting. */
export type ProfileInput = { [K in keyof ProfileFieldNames | 'name']: string };

/** The labels the page shows; validation messages quote them instead of field ids. */
export const PROFILE_LABELS: ProfileFieldNames & { name: string } = {
  name: 'Name',
  clientId: 'Client ID',
  certificateId: 'Certificate ID',
  keyFile: 'Private key file',
  signingCertificate: 'Signing certificate',
  algorithm: 'Algorithm',
  scope: 'Scope',
};

/** Values that pass parseProfileConfig, used to find every problem (not only the first). */
const VALID_STAND_INS: Record<keyof ProfileFieldNames, string> = {
  clientId: 'x',
  certificateId: 'x',
  keyFile: '/x.pem',
  signingCertificate: '',
  algorithm: '',
  scope: '',
};

/**
 * Problems with a profile, each naming its field, with the refresher's own messages (core/config.ts
 * parseProfileConfig): the refresher would report exactly these on the profile's token record.
 */
export function validateProfileInput(input: ProfileInput): string[] {
  const problems: string[] = [];
  const name = input.name.trim();
  if (name === '') problems.push(`${PROFILE_LABELS.name}: required, e.g. the external system or role the tokens are for.`);
  else if (name.length > CLIENT_NAME_MAX || /[\x00-\x1f\x7f]/.test(name)) problems.push(`${PROFILE_LABELS.name}: at most ${CLIENT_NAME_MAX} characters, no control characters.`);
  if (name.toLowerCase() === DEFAULT_PROFILE_NAME.toLowerCase()) problems.push(`${PROFILE_LABELS.name}: "${DEFAULT_PROFILE_NAME}" is the profile of the refresher's parameters; choose another name.`);

  const values: Record<string, string> = {};
  const byLabel = new Map<string, keyof ProfileFieldNames>();
  for (const k of Object.keys(VALID_STAND_INS) as (keyof ProfileFieldNames)[]) {
    values[PROFILE_LABELS[k]] = input[k];
    byLabel.set(PROFILE_LABELS[k], k);
  }
  // parseProfileConfig stops at the first problem: replace each bad value by a valid stand-in and
  // ask again, so the administrator sees every problem at once (at most one per field).
  for (let round = 0; round < 6; round++) {
    try {
      parseProfileConfig((label) => values[label], PROFILE_LABELS);
      break;
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      problems.push(e.message);
      const k = byLabel.get(e.parameter);
      if (k === undefined) break;
      if (k === 'keyFile' || k === 'signingCertificate') {
        values[PROFILE_LABELS.keyFile] = VALID_STAND_INS.keyFile;
        values[PROFILE_LABELS.signingCertificate] = '';
      } else {
        values[e.parameter] = VALID_STAND_INS[k];
      }
    }
  }
  return problems;
}

/** Trimmed values to store (the algorithm upper-cased; empty = the refresher's default). */
export function normalizeProfileInput(input: ProfileInput): ProfileInput {
  const t = (s: string) => s.trim();
  return {
    name: t(input.name),
    clientId: t(input.clientId),
    certificateId: t(input.certificateId),
    keyFile: t(input.keyFile),
    signingCertificate: t(input.signingCertificate),
    algorithm: t(input.algorithm).toUpperCase(),
    scope: t(input.scope)
      .split(/[\s,]+/)
      .filter((s) => s !== '')
      .map((s) => s.toLowerCase())
      .join(','),
  };
}

/** Algorithm choices for the profile form (first = the default). */
export function algorithmChoices(): { value: string; text: string }[] {
  return ACCEPTED_ALGORITHMS.map((a) => ({ value: a, text: a === DEFAULT_ALGORITHM ? `${a} (default)` : a }));
}

// -------------------------------------------------------------------------------------------- health

export type HealthLevel = 'ok' | 'warning' | 'error';

export interface TokenFacts {
  /** A token record exists for the profile. */
  exists: boolean;
  /** Status list name on the record (Active, Error, Expired) or ''. */
  status: string;
  /** Expiry as an instant, or null when empty or unreadable. */
  expiresMs: number | null;
  lastError: string;
}

/** One line of the health panel: what an administrator needs to know first. */
export function describeHealth(t: TokenFacts, nowMs: number, profileActive: boolean): { level: HealthLevel; text: string } {
  if (!profileActive) return { level: 'warning', text: 'Profile inactive: its clients get token_unavailable' };
  if (!t.exists) return { level: 'warning', text: 'No token yet: the refresher has not run for this profile' };
  const status = t.status.trim().toLowerCase();
  if (status === 'error') return { level: 'error', text: t.expiresMs !== null && t.expiresMs > nowMs ? 'Error (the last token is still served until it expires)' : 'Error' };
  if (t.expiresMs === null || t.expiresMs <= nowMs) {
    return { level: 'error', text: t.lastError.trim() !== '' ? 'Failing: no token (see the last error); clients get token_unavailable' : 'Expired: clients get token_unavailable' };
  }
  const minutes = Math.floor((t.expiresMs - nowMs) / 60000);
  if (status !== 'active') return { level: 'warning', text: t.status || 'Unknown' };
  return { level: 'ok', text: `Active (${minutes} min left)` };
}

// ------------------------------------------------------------------------------------- confirmations

export interface ConfirmSubject {
  /** Client or profile name (shown as text). */
  name: string;
  /** The client's key prefix, to recognise the key. */
  keyPrefix?: string;
}

/** Title, explanation and button label of a confirmation step. */
export function confirmation(action: ConfirmedAction, s: ConfirmSubject): { title: string; text: string; button: string } {
  const key = s.keyPrefix ? ` (key ${s.keyPrefix}…)` : '';
  switch (action) {
    case 'rotate':
      return {
        title: `Rotate the key of "${s.name}"?`,
        text: `A new key is made and shown once. The current key${key} stops working at once: give the new key to the external system right away.`,
        button: 'Rotate key',
      };
    case 'deactivate':
      return {
        title: `Deactivate "${s.name}"?`,
        text: `Its key${key} stops working at once. You can reactivate the client later; its key then works again.`,
        button: 'Deactivate client',
      };
    case 'reactivate':
      return { title: `Reactivate "${s.name}"?`, text: `Its current key${key} works again at once.`, button: 'Reactivate client' };
    case 'profile_deactivate':
      return {
        title: `Deactivate the profile "${s.name}"?`,
        text: 'The refresher stops getting tokens for it, and every API client bound to it gets token_unavailable at once (never another profile\'s token).',
        button: 'Deactivate profile',
      };
    case 'profile_reactivate':
      return { title: `Reactivate the profile "${s.name}"?`, text: 'The refresher gets a token for it on its next run (or use Refresh now).', button: 'Reactivate profile' };
    case 'refresh':
      return {
        title: `Refresh the token of "${s.name}" now?`,
        text: 'The refresher\'s on-demand deployment is queued and gets a new token for this profile even if the stored one is still fresh. It usually runs within a minute.',
        button: 'Refresh now',
      };
  }
}
