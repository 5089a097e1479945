/**
 * The key admin page (Suitelet customscript_oauth_key_admin, N/ui/serverWidget): token health per
 * profile with "refresh now", token profiles (list, create, edit, deactivate), API clients (list,
 * create, rotate, deactivate, reactivate), each change from its own row or page with a confirmation.
 *
 * - Administrators only (the deployment's audience, checked again here).
 * - GET never changes anything. Every change is a POST carrying a per-user anti-forgery token, so a
 *   page elsewhere cannot make a logged-in administrator's browser rotate or create keys; the page
 *   refuses to be framed (X-Frame-Options, CSP frame-ancestors) against click-jacking.
 * - A new key is shown once, never stored; notices name clients and profiles, never internal ids.
 */
import * as random from 'N/crypto/random';
import * as format from 'N/format';
import * as log from 'N/log';
import * as runtime from 'N/runtime';
import type { EntryPoints } from 'N/types';
import * as url from 'N/url';
import { type ChangeAction, DEFAULT_PROFILE_KEY, normalizeProfileInput, parseRoute, type ProfileInput, validateProfileInput } from '../core/adminPage';
import { describeError } from '../core/errors';
import { validateNewClient } from '../core/keyAdmin';
import { DEFAULT_PROFILE_NAME, SCRIPTS } from '../core/names';
import { allowListWarnings, clientView, confirmView, homeView, newClientView, newKeyView, type Notice, type NewClientValues, type PageContext, profileFormView } from './adminPage/views';
import { refreshProfileNow } from './adminPage/refresh';
import { createClient, getClient, listClients, rotateClientKey, setClientActive } from './clientAdmin';
import { base64UrlOfBytes } from './encoding';
import { readTokenHealth } from './health';
import { createProfile, getProfile, listProfiles, setProfileActive, updateProfile } from './profileAdmin';
import { privateCache } from './sharedCache';
import type * as serverWidget from 'N/ui/serverWidget';

/** Response headers of every answer (none is on NetSuite's blocked list for Suitelets). */
const SECURITY_HEADERS: [string, string][] = [
  ['Cache-Control', 'no-store'],
  ['X-Frame-Options', 'DENY'],
  ['Content-Security-Policy', "frame-ancestors 'none'"],
  ['X-Content-Type-Options', 'nosniff'],
];
const CSRF_TTL_SECONDS = 3600;

function isAdministrator(): { ok: boolean; userId: string } {
  const user = runtime.getCurrentUser();
  return { ok: user.roleId === 'administrator' || Number(user.role) === 3, userId: String(user.id) };
}

function csrfToken(userId: string): string {
  const key = `csrf:${userId}`;
  const existing = privateCache.get<string>(key);
  if (existing) return existing;
  const token = base64UrlOfBytes(random.generateBytes({ size: 24 }));
  privateCache.put(key, token, CSRF_TTL_SECONDS);
  return token;
}

function pageUrl(params: Record<string, string>): string {
  return url.resolveScript({ scriptId: SCRIPTS.keyAdmin.scriptId, deploymentId: SCRIPTS.keyAdmin.deploymentId, params });
}

/**
 * The administrator's date (their own format) as the last minute of that day in their own time
 * zone, or null / 'invalid'. N/format reads date-time text in the user's format and time zone; the
 * time part is tried in both 12- and 24-hour form (only the user's own is accepted). 23:59:00, not
 * 23:59:59: date-time text is to the minute, so that is what the proxy reads back.
 */
function parseExpiry(text: string): Date | null | 'invalid' {
  const day = text.trim();
  if (day === '') return null;
  const isDate = (v: unknown): v is Date => !!v && typeof v === 'object' && typeof (v as Date).getTime === 'function' && !Number.isNaN((v as Date).getTime());
  try {
    if (!isDate(format.parse({ value: day, type: format.Type.DATE }))) return 'invalid';
    // NetSuite's time formats use ':' or '-' between hours and minutes.
    for (const endOfDay of [`${day} 11:59 pm`, `${day} 23:59`, `${day} 11-59 pm`, `${day} 23-59`]) {
      const d = format.parse({ value: endOfDay, type: format.Type.DATETIME }) as unknown;
      if (isDate(d)) return new Date(d.getTime());
    }
    return 'invalid';
  } catch {
    return 'invalid';
  }
}

function profileInputFrom(p: Record<string, string>): ProfileInput {
  const v = (k: string) => p[k] ?? '';
  return { name: v('custpage_name'), clientId: v('custpage_client_id'), certificateId: v('custpage_cert_id'), keyFile: v('custpage_key_file'), signingCertificate: v('custpage_signing_cert'), algorithm: v('custpage_algorithm'), scope: v('custpage_scope') };
}

function home(ctx: PageContext): serverWidget.Form {
  return homeView(ctx, { profiles: listProfiles(), clients: listClients(), health: readTokenHealth(), nowMs: Date.now() });
}

function nothingChanged(ctx: PageContext, text: string): serverWidget.Form {
  ctx.notices.push({ type: 'error', title: 'Nothing changed', text });
  return home(ctx);
}

/** GET: shows a view; changes nothing. */
function show(ctx: PageContext, params: Record<string, string>): serverWidget.Form {
  const route = parseRoute(params);
  switch (route.view) {
    case 'client_new':
      return newClientView(ctx, listProfiles(), { name: '', profileId: '', allowedIps: '', expires: '' });
    case 'profile_new':
      return profileFormView(ctx, '', { name: '', clientId: '', certificateId: '', keyFile: '', signingCertificate: '', algorithm: '', scope: '' });
    case 'client': {
      const c = getClient(route.id);
      if (!c) return nothingChanged(ctx, 'That API client no longer exists.');
      ctx.notices.push(...allowListWarnings(c.allowedIps));
      return clientView(ctx, c, listProfiles());
    }
    case 'profile': {
      const p = getProfile(route.id);
      if (!p) return nothingChanged(ctx, 'That token profile no longer exists.');
      if (!p.active) ctx.notices.push({ type: 'warning', title: 'Inactive profile', text: `"${p.name}" is inactive: the refresher skips it and its clients get token_unavailable.` });
      return profileFormView(ctx, p.id, p);
    }
    case 'confirm': {
      const action = route.action!;
      if (action === 'refresh') {
        const name = route.id === DEFAULT_PROFILE_KEY ? DEFAULT_PROFILE_NAME : getProfile(route.id)?.name;
        if (name === undefined) return nothingChanged(ctx, 'That token profile no longer exists.');
        return confirmView(ctx, action, route.id, { name });
      }
      if (action === 'profile_deactivate' || action === 'profile_reactivate') {
        const p = getProfile(route.id);
        if (!p) return nothingChanged(ctx, 'That token profile no longer exists.');
        return confirmView(ctx, action, route.id, { name: p.name });
      }
      const c = getClient(route.id);
      if (!c) return nothingChanged(ctx, 'That API client no longer exists.');
      return confirmView(ctx, action, route.id, { name: c.name, keyPrefix: c.keyPrefix });
    }
    default:
      return home(ctx);
  }
}

/**
 * The one-step form fields of the previous page (custpage_action = create | rotate | deactivate |
 * reactivate, custpage_client = id), still accepted for scripts and tests that post them. The page
 * itself always goes through a confirmation; the anti-forgery token is the security boundary.
 */
const LEGACY_ACTIONS: Record<string, ChangeAction> = { create: 'client_create', rotate: 'rotate', deactivate: 'deactivate', reactivate: 'reactivate' };
function fromLegacyForm(params: Record<string, string>): Record<string, string> {
  const legacy = params['custpage_action'];
  if (params['custpage_do'] !== undefined || legacy === undefined) return params;
  return { ...params, custpage_do: LEGACY_ACTIONS[legacy] ?? '', custpage_id: params['custpage_client'] ?? '' };
}

/**
 * A change was made, then showing its result failed: say so (never "Nothing changed"), and show a
 * new key anyway, since it exists nowhere else.
 */
function changedButNotShown(ctx: PageContext, changed: NonNullable<PageContext['changed']>, e: unknown): serverWidget.Form {
  ctx.notices.push({ type: 'warning', title: 'The change was made', text: `${changed.what}, but the page could not show the result (${describeError(e).slice(0, 200)}).` });
  if (changed.key) return newKeyView(ctx, changed.name, changed.key, null, []);
  return home(ctx);
}

/** POST: makes one change, then shows what happened. */
function apply(ctx: PageContext, params: Record<string, string>): serverWidget.Form {
  const action = (params['custpage_do'] ?? '') as ChangeAction;
  const id = (params['custpage_id'] ?? '').trim();
  // Ids come back from this page's own forms: a record's internal id, or the default profile's key.
  if (id !== '' && id !== DEFAULT_PROFILE_KEY && !/^[1-9][0-9]{0,11}$/.test(id)) return nothingChanged(ctx, 'Unknown record. Use the links on this page.');
  const ok = (title: string, text: string) => ctx.notices.push({ type: 'confirmation', title, text });

  if (action === 'client_create') {
    // The page's own form carries a one-time value: a reload of the result page (the browser posts
    // the form again) or a double click must not create a second client with a second key.
    const nonce = params['custpage_nonce'];
    if (nonce !== undefined) {
      if (!/^[A-Za-z0-9_-]{16,64}$/.test(nonce) || privateCache.get<number>(`nonce:${nonce}`) === null) {
        return nothingChanged(ctx, 'This form was already submitted (or has expired): the client was not created again. Check the list of API clients.');
      }
      privateCache.remove(`nonce:${nonce}`);
    }
    const values: NewClientValues = { name: params['custpage_name'] ?? '', profileId: (params['custpage_profile'] ?? '').trim(), allowedIps: params['custpage_allowed_ips'] ?? '', expires: params['custpage_expires'] ?? '' };
    const profiles = listProfiles();
    const expires = parseExpiry(values.expires);
    const problems = validateNewClient({ name: values.name, allowedIps: values.allowedIps, expiresAt: expires === 'invalid' ? null : expires }, Date.now());
    if (expires === 'invalid') problems.push('Expires: not a date in your date format.');
    if (values.profileId !== '' && !profiles.some((p) => p.id === values.profileId && p.active)) problems.push('Token profile: choose an active profile.');
    if (problems.length > 0) {
      ctx.notices.push({ type: 'error', title: 'Nothing was saved', text: problems.join(' ') });
      return newClientView(ctx, profiles, values);
    }
    const created = createClient({ name: values.name, allowedIps: values.allowedIps, expiresAt: expires as Date | null, profileId: values.profileId });
    const name = values.name.trim();
    ctx.changed = { what: `API client "${name}" was created`, key: created.key, name };
    log.audit({ title: 'API client created', details: `client ${created.id} "${name.slice(0, 100)}"` });
    ctx.notices.push(...allowListWarnings(values.allowedIps));
    return newKeyView(ctx, name, created.key, getClient(created.id), profiles);
  }

  if (action === 'profile_create' || action === 'profile_save') {
    const input = profileInputFrom(params);
    const problems = validateProfileInput(input);
    const clean = normalizeProfileInput(input);
    const others = listProfiles().filter((p) => p.id !== id);
    if (others.some((p) => p.name.trim().toLowerCase() === clean.name.toLowerCase())) problems.push(`Name: another profile is already called "${clean.name}".`);
    if (action === 'profile_save' && !getProfile(id)) return nothingChanged(ctx, 'That token profile no longer exists.');
    if (problems.length > 0) {
      ctx.notices.push({ type: 'error', title: 'Nothing was saved', text: problems.join(' ') });
      return profileFormView(ctx, action === 'profile_save' ? id : '', input);
    }
    if (action === 'profile_create') {
      const newId = createProfile(clean);
      log.audit({ title: 'Token profile created', details: `profile ${newId} "${clean.name}"` });
      ok(`Profile "${clean.name}" created`, 'The refresher gets its first token on its next run; use Refresh now to get one at once. Then create an API client for it.');
    } else {
      updateProfile(id, clean);
      log.audit({ title: 'Token profile changed', details: `profile ${id} "${clean.name}"` });
      ok(`Profile "${clean.name}" saved`, 'The refresher uses the new settings on its next run.');
    }
    return home(ctx);
  }

  if (action === 'refresh') {
    const name = id === DEFAULT_PROFILE_KEY ? DEFAULT_PROFILE_NAME : getProfile(id)?.name;
    if (name === undefined) return nothingChanged(ctx, 'That token profile no longer exists.');
    const r = refreshProfileNow(id);
    log.audit({ title: 'Refresh requested', details: `profile "${name}": ${r.outcome} (${r.detail})` });
    if (r.outcome === 'failed') ctx.notices.push({ type: 'error', title: `Refresh of "${name}" not queued`, text: `NetSuite refused to queue the refresher's on-demand deployment (${r.detail}). Check that customdeploy_oauth_token_refresher_now exists and is Not Scheduled.` });
    else if (r.outcome === 'already_queued') ctx.notices.push({ type: 'information', title: `A refresh is already queued or running`, text: `It includes "${name}". Reload this page in a minute to see the result.` });
    else ok(`Refresh of "${name}" queued`, 'The refresher runs within a minute or so. Reload this page to see the new token\'s expiry.');
    return home(ctx);
  }

  if (action === 'profile_deactivate' || action === 'profile_reactivate') {
    const p = getProfile(id);
    if (!p) return nothingChanged(ctx, 'That token profile no longer exists.');
    const active = action === 'profile_reactivate';
    if (p.active === active) ok(`Profile "${p.name}" is already ${active ? 'active' : 'inactive'}`, 'Nothing needed changing.');
    else {
      setProfileActive(id, active);
      log.audit({ title: active ? 'Token profile reactivated' : 'Token profile deactivated', details: `profile ${id} "${p.name}"` });
      ok(`Profile "${p.name}" ${active ? 'reactivated' : 'deactivated'}`, active ? 'The refresher gets a token for it on its next run.' : 'Its API clients get token_unavailable from now on.');
    }
    return home(ctx);
  }

  if (action === 'rotate' || action === 'deactivate' || action === 'reactivate') {
    const c = getClient(id);
    if (!c) return nothingChanged(ctx, 'That API client no longer exists.');
    // The confirmation showed a key prefix: a second submit (reload, double click) finds another.
    if (params['custpage_prefix'] !== undefined && params['custpage_prefix'] !== c.keyPrefix) return nothingChanged(ctx, `The key of "${c.name}" changed after the confirmation was shown. Review it and confirm again.`);
    if (action === 'rotate') {
      const profiles = listProfiles(); // before the change: nothing after it may fail before the key is shown
      const { key } = rotateClientKey(c.id);
      ctx.changed = { what: `the key of "${c.name}" was rotated (the previous key no longer works)`, key, name: c.name };
      log.audit({ title: 'API key rotated', details: `client ${id} "${c.name}": the previous key no longer works` });
      ok(`Key of "${c.name}" rotated`, 'The previous key no longer works.');
      return newKeyView(ctx, c.name, key, getClient(c.id), profiles);
    }
    const active = action === 'reactivate';
    if (c.active === active) ok(`"${c.name}" is already ${active ? 'active' : 'inactive'}`, 'Nothing needed changing.');
    else {
      setClientActive(id, active);
      log.audit({ title: active ? 'API client reactivated' : 'API client deactivated', details: `client ${id} "${c.name}"` });
      ok(active ? `"${c.name}" reactivated` : `"${c.name}" deactivated`, active ? 'Its current key works again.' : 'Its key no longer works. Reactivate it, or create a new client.');
    }
    return home(ctx);
  }
  return nothingChanged(ctx, 'Unknown change. Use the links on this page.');
}

export function keyAdminPage(context: EntryPoints.Suitelet.onRequestContext): void {
  const { request, response } = context;
  for (const [name, value] of SECURITY_HEADERS) {
    try {
      response.setHeader({ name, value });
    } catch (e) {
      // Not on NetSuite's documented list of refused headers; if an account refuses one anyway, the page still works.
      log.error({ title: `key admin: header ${name} refused`, details: describeError(e) });
    }
  }
  const admin = isAdministrator();
  if (!admin.ok) {
    log.audit({ title: 'key admin refused', details: `user ${admin.userId} is not an administrator` });
    response.write({ output: 'This page is for administrators only.' });
    return;
  }
  const notices: Notice[] = [];
  const ctx: PageContext = {
    url: pageUrl,
    csrf: csrfToken(admin.userId),
    notices,
    nonce: () => {
      const value = base64UrlOfBytes(random.generateBytes({ size: 18 }));
      privateCache.put(`nonce:${value}`, 1, CSRF_TTL_SECONDS);
      return value;
    },
  };
  const params = request.parameters as Record<string, string>;
  let form: serverWidget.Form;
  if (request.method === 'POST') {
    if (params['custpage_csrf'] !== ctx.csrf) {
      form = nothingChanged(ctx, 'The form has expired or did not come from this page. Review and submit it again.');
    } else {
      try {
        form = apply(ctx, fromLegacyForm(params));
      } catch (e) {
        log.error({ title: 'key admin failed', details: describeError(e) });
        notices.length = 0;
        form = ctx.changed ? changedButNotShown(ctx, ctx.changed, e) : nothingChanged(ctx, `The change failed: ${describeError(e).slice(0, 300)}`);
      }
    }
  } else {
    try {
      form = show(ctx, params);
    } catch (e) {
      log.error({ title: 'key admin failed', details: describeError(e) });
      notices.length = 0;
      form = nothingChanged(ctx, `The page could not be shown: ${describeError(e).slice(0, 300)}`);
    }
  }
  response.writePage(form);
}
