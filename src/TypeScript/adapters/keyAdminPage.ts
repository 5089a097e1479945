/**
 * The key admin page (N/ui/serverWidget): lists API clients, creates one, rotates a key, deactivates
 * or reactivates a client. Administrators only (the deployment's audience, checked again here).
 * Every change is a POST carrying a per-user anti-forgery token, so a page elsewhere cannot make a
 * logged-in administrator's browser rotate or create keys. A new key is shown once, never stored.
 */
import * as random from 'N/crypto/random';
import * as format from 'N/format';
import * as log from 'N/log';
import * as runtime from 'N/runtime';
import type { EntryPoints } from 'N/types';
import * as message from 'N/ui/message';
import * as serverWidget from 'N/ui/serverWidget';
import { describeError } from '../core/errors';
import { validateNewClient } from '../core/keyAdmin';
import { type ClientRow, createClient, listClients, rotateClientKey, setClientActive } from './clientAdmin';
import { base64UrlOfBytes } from './encoding';
import { cacheGetJson, cachePutJson } from './sharedCache';

type Notice = { type: 'confirmation' | 'warning' | 'error'; title: string; text: string };
const ACTIONS = { create: 'Create a client', rotate: 'Rotate the key of a client', deactivate: 'Deactivate (revoke) a client', reactivate: 'Reactivate a client' } as const;
type Action = keyof typeof ACTIONS;

function isAdministrator(): { ok: boolean; userId: string } {
  const user = runtime.getCurrentUser();
  return { ok: user.roleId === 'administrator' || Number(user.role) === 3, userId: String(user.id) };
}

function csrfToken(userId: string): string {
  const key = `csrf:${userId}`;
  const existing = cacheGetJson<string>(key);
  if (existing) return existing;
  const token = base64UrlOfBytes(random.generateBytes({ size: 24 }));
  cachePutJson(key, token, 3600);
  return token;
}

function formatDate(d: Date | null): string {
  return d ? String(format.format({ value: d, type: format.Type.DATETIMETZ })) : '';
}

function parseExpiry(value: unknown): Date | null | 'invalid' {
  const text = value == null ? '' : String(value).trim();
  if (text === '') return null;
  try {
    const d = format.parse({ value: text, type: format.Type.DATE }) as unknown as Date;
    if (!(d instanceof Date) || Number.isNaN(d.getTime())) return 'invalid';
    d.setHours(23, 59, 59, 0); // valid through the chosen day
    return d;
  } catch {
    return 'invalid';
  }
}

function apply(params: Record<string, string>, nowMs: number): { notices: Notice[]; newKey?: { client: string; key: string } } {
  const action = params['custpage_action'] as Action;
  const clientId = (params['custpage_client'] ?? '').trim();
  if (!(action in ACTIONS)) return { notices: [{ type: 'error', title: 'Nothing changed', text: 'Choose an action.' }] };
  if (action === 'create') {
    const expires = parseExpiry(params['custpage_expires']);
    const input = { name: params['custpage_name'] ?? '', allowedIps: params['custpage_allowed_ips'] ?? '', expiresAt: expires === 'invalid' ? null : expires };
    const problems = validateNewClient(input, nowMs);
    if (expires === 'invalid') problems.push('Expires: not a date.');
    if (problems.length > 0) return { notices: [{ type: 'error', title: 'Nothing was saved', text: problems.join(' ') }] };
    const { id, key } = createClient(input);
    log.audit({ title: 'API client created', details: `client ${id} "${input.name.trim().slice(0, 100)}"` });
    return { notices: [], newKey: { client: input.name.trim(), key } };
  }
  if (!/^[0-9]+$/.test(clientId)) return { notices: [{ type: 'error', title: 'Nothing changed', text: 'Choose a client.' }] };
  if (action === 'rotate') {
    const { key } = rotateClientKey(clientId);
    log.audit({ title: 'API key rotated', details: `client ${clientId}: the previous key no longer works` });
    return { notices: [{ type: 'confirmation', title: 'Key rotated', text: 'The previous key no longer works.' }], newKey: { client: `client ${clientId}`, key } };
  }
  setClientActive(clientId, action === 'reactivate');
  log.audit({ title: action === 'reactivate' ? 'API client reactivated' : 'API client deactivated', details: `client ${clientId}` });
  return {
    notices: [
      action === 'reactivate'
        ? { type: 'confirmation', title: 'Client reactivated', text: 'Its current key works again.' }
        : { type: 'confirmation', title: 'Client deactivated', text: 'Its key no longer works. Reactivate it, or create a new client.' },
    ],
  };
}

function buildPage(rows: ClientRow[], token: string, notices: Notice[], newKey?: { client: string; key: string }): serverWidget.Form {
  const form = serverWidget.createForm({ title: 'OAuth token proxy: API clients' });
  const types = { confirmation: message.Type.CONFIRMATION, warning: message.Type.WARNING, error: message.Type.ERROR };
  for (const n of notices) form.addPageInitMessage({ type: types[n.type], title: n.title, message: n.text });

  if (newKey) {
    form.addPageInitMessage({
      type: message.Type.WARNING,
      title: 'Copy the new API key now',
      message: `This is the only time the key for ${newKey.client} is shown: NetSuite stores only its SHA-256 hash. Give it to the external system, which sends it in the X-API-Key header.`,
    });
    form.addFieldGroup({ id: 'custpage_grp_key', label: 'New API key (shown once)' });
    const f = form.addField({ id: 'custpage_new_key', type: serverWidget.FieldType.TEXT, label: 'API key', container: 'custpage_grp_key' });
    f.defaultValue = newKey.key;
    f.updateDisplayType({ displayType: serverWidget.FieldDisplayType.INLINE });
  }

  form.addFieldGroup({ id: 'custpage_grp_change', label: 'Create a client or change one' });
  const action = form.addField({ id: 'custpage_action', type: serverWidget.FieldType.SELECT, label: 'Action', container: 'custpage_grp_change' });
  for (const [value, text] of Object.entries(ACTIONS)) action.addSelectOption({ value, text, isSelected: value === 'create' });
  const name = form.addField({ id: 'custpage_name', type: serverWidget.FieldType.TEXT, label: 'Name (new client)', container: 'custpage_grp_change' });
  name.setHelpText({ help: 'The external system that will use the key, e.g. "Data warehouse".' });
  const ips = form.addField({ id: 'custpage_allowed_ips', type: serverWidget.FieldType.TEXTAREA, label: 'Allowed IP addresses (new client)', container: 'custpage_grp_change' });
  ips.setHelpText({ help: 'IPv4/IPv6 addresses or CIDR ranges, separated by commas or new lines. Empty: any address.' });
  form.addField({ id: 'custpage_expires', type: serverWidget.FieldType.DATE, label: 'Expires (new client, optional)', container: 'custpage_grp_change' });
  const client = form.addField({ id: 'custpage_client', type: serverWidget.FieldType.SELECT, label: 'Client (rotate, deactivate, reactivate)', container: 'custpage_grp_change' });
  client.addSelectOption({ value: '', text: '' });
  for (const r of rows) client.addSelectOption({ value: r.id, text: `${r.name} (${r.keyPrefix || 'no key'}…)${r.active ? '' : ' (inactive)'}` });
  const csrf = form.addField({ id: 'custpage_csrf', type: serverWidget.FieldType.TEXT, label: 'Form token' });
  csrf.defaultValue = token;
  csrf.updateDisplayType({ displayType: serverWidget.FieldDisplayType.HIDDEN });
  form.addSubmitButton({ label: 'Apply' });

  const list = form.addSublist({ id: 'custpage_clients', type: serverWidget.SublistType.STATICLIST, label: `API clients (${rows.length})` });
  const columns: [string, string][] = [
    ['custpage_c_name', 'Name'],
    ['custpage_c_prefix', 'Key prefix'],
    ['custpage_c_ips', 'Allowed IP addresses'],
    ['custpage_c_expires', 'Expires'],
    ['custpage_c_last_used', 'Last used'],
    ['custpage_c_active', 'Active'],
  ];
  for (const [id, label] of columns) list.addField({ id, type: serverWidget.FieldType.TEXT, label });
  rows.forEach((r, line) => {
    const values = [r.name, r.keyPrefix ? `${r.keyPrefix}…` : '', r.allowedIps.replace(/\n/g, ', ') || 'any', formatDate(r.expires) || 'never', formatDate(r.lastUsed) || 'never', r.active ? 'Yes' : 'No'];
    columns.forEach(([id], i) => {
      if (values[i]) list.setSublistValue({ id, line, value: values[i]!.slice(0, 300) });
    });
  });
  return form;
}

export function keyAdminPage(context: EntryPoints.Suitelet.onRequestContext): void {
  const { request, response } = context;
  response.setHeader({ name: 'Cache-Control', value: 'no-store' });
  const admin = isAdministrator();
  if (!admin.ok) {
    log.audit({ title: 'key admin refused', details: `user ${admin.userId} is not an administrator` });
    response.write({ output: 'This page is for administrators only.' });
    return;
  }
  const notices: Notice[] = [];
  let newKey: { client: string; key: string } | undefined;
  if (request.method === 'POST') {
    const params = request.parameters as Record<string, string>;
    const expected = cacheGetJson<string>(`csrf:${admin.userId}`);
    if (!expected || params['custpage_csrf'] !== expected) {
      notices.push({ type: 'error', title: 'Nothing changed', text: 'The form has expired or did not come from this page. Review and submit it again.' });
    } else {
      try {
        const result = apply(params, Date.now());
        notices.push(...result.notices);
        newKey = result.newKey;
      } catch (e) {
        log.error({ title: 'key admin failed', details: describeError(e) });
        notices.push({ type: 'error', title: 'Nothing changed', text: `The change failed: ${describeError(e).slice(0, 300)}` });
      }
    }
  }
  response.writePage(buildPage(listClients(), csrfToken(admin.userId), notices, newKey));
}
