/**
 * The key admin page's views, built with N/ui/serverWidget. NetSuite puts page messages, sublist
 * cell values and INLINEHTML fields into the page as HTML: every value that came from a record or
 * from the administrator goes through escapeHtml (core/html.ts) on its way there.
 */
import * as message from 'N/ui/message';
import * as serverWidget from 'N/ui/serverWidget';
import { algorithmChoices, confirmation, type ConfirmedAction, DEFAULT_PROFILE_KEY, describeHealth, PROFILE_LABELS, type ProfileInput } from '../../core/adminPage';
import { escapeHtml, link, shortText } from '../../core/html';
import { nonCanonicalCidrs } from '../../core/ipAllowList';
import { DEFAULT_PROFILE_NAME } from '../../core/names';
import type { ClientRow } from '../clientAdmin';
import type { TokenHealth } from '../health';
import type { ProfileRow } from '../profileAdmin';

export type NoticeType = 'confirmation' | 'information' | 'warning' | 'error';
/** A page message; `title` and `text` are plain text (escaped when the page is built). */
export interface Notice {
  type: NoticeType;
  title: string;
  text: string;
}

/** What every view needs: the page's own URL with parameters, the anti-forgery token, messages. */
export interface PageContext {
  url(params: Record<string, string>): string;
  csrf: string;
  notices: Notice[];
  /** Set as soon as a POST has changed something, so a later failure is never reported as "Nothing changed". */
  changed?: { what: string; key?: string; name: string };
  /** A one-time value for a form that creates something (a resubmitted form must not create twice). */
  nonce?(): string;
}

export const PAGE_TITLE = 'OAuth Token Proxy';
const DEFAULT_PROFILE_NOTE = "configured by the refresher's parameters (Setup > Company > General Preferences > Custom Preferences)";
// Enums are read inside functions only: N/* is unavailable while the module loads (DESIGN.md 2a).
const FT = {
  get TEXT() { return serverWidget.FieldType.TEXT; },
  get TEXTAREA() { return serverWidget.FieldType.TEXTAREA; },
  get SELECT() { return serverWidget.FieldType.SELECT; },
  get DATE() { return serverWidget.FieldType.DATE; },
  get INLINEHTML() { return serverWidget.FieldType.INLINEHTML; },
};
const DT = {
  get HIDDEN() { return serverWidget.FieldDisplayType.HIDDEN; },
  get INLINE() { return serverWidget.FieldDisplayType.INLINE; },
};

function newForm(ctx: PageContext, title: string): serverWidget.Form {
  const form = serverWidget.createForm({ title });
  const types = { confirmation: message.Type.CONFIRMATION, information: message.Type.INFORMATION, warning: message.Type.WARNING, error: message.Type.ERROR };
  for (const n of ctx.notices) form.addPageInitMessage({ type: types[n.type], title: escapeHtml(n.title), message: escapeHtml(n.text) });
  const nav = form.addField({ id: 'custpage_nav', type: FT.INLINEHTML, label: 'Navigation' });
  nav.defaultValue =
    `<div class="oauth-nav">${link(ctx.url({}), 'Health, profiles and clients', { id: 'nav_home' })} | ` +
    `${link(ctx.url({ view: 'client_new' }), 'New API client', { id: 'nav_client_new' })} | ` +
    `${link(ctx.url({ view: 'profile_new' }), 'New token profile', { id: 'nav_profile_new' })}</div>`;
  // On every view (not only forms that change something): scripts that drive the page read it here.
  hidden(form, 'custpage_csrf', ctx.csrf);
  return form;
}

function hidden(form: serverWidget.Form, id: string, value: string): void {
  const f = form.addField({ id, type: FT.TEXT, label: id });
  f.defaultValue = value;
  f.updateDisplayType({ displayType: DT.HIDDEN });
}

function change(form: serverWidget.Form, action: string, id = ''): void {
  hidden(form, 'custpage_do', action);
  if (id) hidden(form, 'custpage_id', id);
}

function inline(form: serverWidget.Form, id: string, label: string, value: string, container: string): void {
  const f = form.addField({ id, type: FT.TEXT, label, container });
  f.defaultValue = value;
  f.updateDisplayType({ displayType: DT.INLINE });
}

/** A STATICLIST sublist whose cells are HTML (escaped here). */
function table(form: serverWidget.Form, id: string, label: string, columns: [string, string][], rows: string[][]): void {
  const list = form.addSublist({ id, type: serverWidget.SublistType.STATICLIST, label });
  for (const [cid, clabel] of columns) list.addField({ id: cid, type: FT.TEXT, label: clabel });
  rows.forEach((cells, line) => {
    columns.forEach(([cid], i) => {
      const v = cells[i];
      if (v) list.setSublistValue({ id: cid, line, value: v });
    });
  });
}

function profileName(profiles: ProfileRow[], id: string): string {
  if (id === '' || id === DEFAULT_PROFILE_KEY) return DEFAULT_PROFILE_NAME;
  return profiles.find((p) => p.id === id)?.name ?? `(missing profile ${id})`;
}

/** Status text in the colours NetSuite uses for good, attention and failure (inline: the page has no style sheet of its own). */
const LEVEL_COLOURS: Record<string, string> = { ok: '#2e7d32', warning: '#a66a00', error: '#c0392b' };
function levelBadge(level: string, text: string): string {
  return `<span class="oauth-${escapeHtml(level)}" style="color:${LEVEL_COLOURS[level] ?? 'inherit'};font-weight:600">${escapeHtml(text)}</span>`;
}

// --------------------------------------------------------------------------------------------- home

export interface HomeData {
  profiles: ProfileRow[];
  clients: ClientRow[];
  health: Map<string, TokenHealth>;
  nowMs: number;
}

export function homeView(ctx: PageContext, d: HomeData): serverWidget.Form {
  const form = newForm(ctx, PAGE_TITLE);
  const clientsOf = (key: string) => d.clients.filter((c) => (c.profileId || DEFAULT_PROFILE_KEY) === key).length;

  const healthRows: string[][] = [];
  const everyProfile = [{ key: DEFAULT_PROFILE_KEY, name: DEFAULT_PROFILE_NAME, active: true }, ...d.profiles.map((p) => ({ key: p.id, name: p.name, active: p.active }))];
  for (const p of everyProfile) {
    const h = d.health.get(p.key);
    const facts = h ?? { exists: false, status: '', expiresMs: null, lastError: '' };
    const state = describeHealth(facts, d.nowMs, p.active);
    healthRows.push([
      escapeHtml(p.name),
      levelBadge(state.level, state.text),
      escapeHtml(h?.expiresText ?? ''),
      escapeHtml(h?.updatedText ?? ''),
      shortText(h?.lastError ?? '', 300),
      p.active ? link(ctx.url({ view: 'confirm', do: 'refresh', id: p.key }), 'Refresh now', { className: 'oauth-action' }) : '',
    ]);
  }
  table(
    form,
    'custpage_health',
    'Token health',
    [
      ['custpage_h_profile', 'Profile'],
      ['custpage_h_status', 'Status'],
      ['custpage_h_expires', 'Expires'],
      ['custpage_h_updated', 'Last successful refresh'],
      ['custpage_h_error', 'Last error'],
      ['custpage_h_action', 'Action'],
    ],
    healthRows,
  );

  const profileRows: string[][] = [
    [escapeHtml(DEFAULT_PROFILE_NAME), '', '', escapeHtml(DEFAULT_PROFILE_NOTE), '', '', String(clientsOf(DEFAULT_PROFILE_KEY)), 'Active', ''],
  ];
  for (const p of d.profiles) {
    const actions = [link(ctx.url({ view: 'profile', id: p.id }), 'Edit', { className: 'oauth-action' })];
    actions.push(link(ctx.url({ view: 'confirm', do: p.active ? 'profile_deactivate' : 'profile_reactivate', id: p.id }), p.active ? 'Deactivate' : 'Reactivate', { className: 'oauth-action' }));
    profileRows.push([
      link(ctx.url({ view: 'profile', id: p.id }), p.name),
      shortText(p.clientId, 40),
      shortText(p.certificateId, 60),
      escapeHtml(p.signingCertificate ? `certificate ${p.signingCertificate}` : p.keyFile ? `key file ${p.keyFile}` : '(none)'),
      escapeHtml(p.algorithm || 'PS256'),
      escapeHtml(p.scope || 'rest_webservices'),
      String(clientsOf(p.id)),
      p.active ? 'Active' : levelBadge('warning', 'Inactive'),
      actions.join(' · '),
    ]);
  }
  table(
    form,
    'custpage_profiles',
    `Token profiles (${d.profiles.length + 1})`,
    [
      ['custpage_p_name', 'Name'],
      ['custpage_p_client', 'Client ID'],
      ['custpage_p_cert', 'Certificate ID'],
      ['custpage_p_key', 'Signs with'],
      ['custpage_p_alg', 'Algorithm'],
      ['custpage_p_scope', 'Scope'],
      ['custpage_p_clients', 'API clients'],
      ['custpage_p_status', 'Status'],
      ['custpage_p_action', 'Actions'],
    ],
    profileRows,
  );

  const clientRows = d.clients.map((c) => {
    const actions = [link(ctx.url({ view: 'confirm', do: 'rotate', id: c.id }), 'Rotate key', { className: 'oauth-action' })];
    actions.push(link(ctx.url({ view: 'confirm', do: c.active ? 'deactivate' : 'reactivate', id: c.id }), c.active ? 'Deactivate' : 'Reactivate', { className: 'oauth-action' }));
    return [
      link(ctx.url({ view: 'client', id: c.id }), c.name),
      escapeHtml(c.profileName || profileName(d.profiles, c.profileId)),
      c.keyPrefix ? `<code>${escapeHtml(c.keyPrefix)}…</code>` : '',
      shortText(c.allowedIps.split(/\s*[\n,]\s*/).filter((x) => x).join(', ') || 'any', 200),
      escapeHtml(c.expiresText || 'never'),
      escapeHtml(c.lastUsedText || 'never'),
      escapeHtml(c.useCount || '0'),
      escapeHtml(c.lastAddress),
      c.active ? 'Active' : levelBadge('warning', 'Inactive'),
      actions.join(' · '),
    ];
  });
  table(
    form,
    'custpage_clients',
    `API clients (${d.clients.length})`,
    [
      ['custpage_c_name', 'Name'],
      ['custpage_c_profile', 'Profile'],
      ['custpage_c_prefix', 'Key prefix'],
      ['custpage_c_ips', 'Allowed addresses'],
      ['custpage_c_expires', 'Expires'],
      ['custpage_c_last_used', 'Last used'],
      ['custpage_c_uses', 'Uses'],
      ['custpage_c_last_ip', 'Last address'],
      ['custpage_c_status', 'Status'],
      ['custpage_c_action', 'Actions'],
    ],
    clientRows,
  );
  return form;
}

// ------------------------------------------------------------------------------------------ clients

/** Warnings about an allow-list: a CIDR with host bits set allows more than it seems to. */
export function allowListWarnings(text: string): Notice[] {
  return nonCanonicalCidrs(text).map((n) => ({
    type: 'warning' as const,
    title: 'Allowed addresses: wider than written',
    text: `${n.entry} allows all of ${n.canonical} (${n.size} addresses). If you meant one address, remove "/${n.canonical.split('/')[1]}".`,
  }));
}

export function clientView(ctx: PageContext, c: ClientRow, profiles: ProfileRow[]): serverWidget.Form {
  const form = newForm(ctx, 'API client');
  form.addFieldGroup({ id: 'custpage_grp_client', label: 'API client' });
  const g = 'custpage_grp_client';
  inline(form, 'custpage_name', 'Name', c.name, g);
  const profile = profiles.find((p) => p.id === c.profileId);
  inline(form, 'custpage_profile', 'Profile', (c.profileName || profileName(profiles, c.profileId)) + (profile && !profile.active ? ' (inactive: this client gets token_unavailable)' : ''), g);
  inline(form, 'custpage_prefix', 'Key prefix', c.keyPrefix ? `${c.keyPrefix}…` : '', g);
  inline(form, 'custpage_ips', 'Allowed addresses', c.allowedIps.split('\n').filter((x) => x).join(', ') || 'any', g);
  inline(form, 'custpage_expires', 'Expires', c.expiresText || 'never', g);
  inline(form, 'custpage_last_used', 'Last used', c.lastUsedText || 'never', g);
  inline(form, 'custpage_uses', 'Uses', c.useCount || '0', g);
  inline(form, 'custpage_last_ip', 'Last address', c.lastAddress, g);
  inline(form, 'custpage_status', 'Status', c.active ? 'Active' : 'Inactive', g);
  const actions = form.addField({ id: 'custpage_actions', type: FT.INLINEHTML, label: 'Actions' });
  actions.defaultValue =
    `<div class="oauth-actions">${link(ctx.url({ view: 'confirm', do: 'rotate', id: c.id }), 'Rotate key', { className: 'oauth-button' })} ` +
    `${link(ctx.url({ view: 'confirm', do: c.active ? 'deactivate' : 'reactivate', id: c.id }), c.active ? 'Deactivate' : 'Reactivate', { className: 'oauth-button' })}</div>`;
  return form;
}

export interface NewClientValues {
  name: string;
  profileId: string;
  allowedIps: string;
  expires: string;
}

export function newClientView(ctx: PageContext, profiles: ProfileRow[], v: NewClientValues): serverWidget.Form {
  const form = newForm(ctx, 'New API client');
  const g = 'custpage_grp_new';
  form.addFieldGroup({ id: g, label: 'API client' });
  const name = form.addField({ id: 'custpage_name', type: FT.TEXT, label: 'Name', container: g });
  name.isMandatory = true;
  name.defaultValue = v.name;
  name.setHelpText({ help: 'The external system that will use the key, e.g. "Data warehouse".' });
  const profile = form.addField({ id: 'custpage_profile', type: FT.SELECT, label: 'Token profile', container: g });
  profile.addSelectOption({ value: '', text: DEFAULT_PROFILE_NAME, isSelected: v.profileId === '' });
  for (const p of profiles.filter((x) => x.active)) profile.addSelectOption({ value: p.id, text: p.name, isSelected: v.profileId === p.id });
  profile.setHelpText({ help: 'The client gets the tokens of this profile only (its role and entity), never another profile\'s.' });
  const ips = form.addField({ id: 'custpage_allowed_ips', type: FT.TEXTAREA, label: 'Allowed addresses', container: g });
  ips.defaultValue = v.allowedIps;
  ips.setHelpText({ help: 'IPv4/IPv6 addresses or CIDR ranges (e.g. 203.0.113.0/24), separated by commas or new lines. Empty: any address.' });
  const exp = form.addField({ id: 'custpage_expires', type: FT.DATE, label: 'Expires (optional)', container: g });
  if (v.expires) exp.defaultValue = v.expires;
  change(form, 'client_create');
  if (ctx.nonce) hidden(form, 'custpage_nonce', ctx.nonce());
  form.addSubmitButton({ label: 'Create client' });
  return form;
}

/** The only page that ever shows a key. */
export function newKeyView(ctx: PageContext, clientName: string, key: string, c: ClientRow | null, profiles: ProfileRow[]): serverWidget.Form {
  ctx.notices.push({
    type: 'warning',
    title: 'Copy the new API key now',
    text: `This is the only time the key of "${clientName}" is shown: NetSuite stores only its SHA-256 hash. Give it to the external system, which sends it in the X-API-Key header.`,
  });
  const form = newForm(ctx, 'New API key');
  form.addFieldGroup({ id: 'custpage_grp_key', label: 'New API key (shown once)' });
  inline(form, 'custpage_new_key', 'API key', key, 'custpage_grp_key');
  if (c) {
    inline(form, 'custpage_profile', 'Token profile', c.profileName || profileName(profiles, c.profileId), 'custpage_grp_key');
    inline(form, 'custpage_ips', 'Allowed addresses', c.allowedIps.split('\n').filter((x) => x).join(', ') || 'any', 'custpage_grp_key');
  }
  return form;
}

// ----------------------------------------------------------------------------------------- profiles

export function profileFormView(ctx: PageContext, id: string, v: ProfileInput): serverWidget.Form {
  const form = newForm(ctx, id ? 'Token profile' : 'New token profile');
  const g = 'custpage_grp_profile';
  form.addFieldGroup({ id: g, label: 'Token profile (one M2M mapping: integration + certificate = role and entity)' });
  const add = (fid: string, key: keyof ProfileInput, help: string, mandatory = false) => {
    const f = form.addField({ id: fid, type: FT.TEXT, label: PROFILE_LABELS[key], container: g });
    f.defaultValue = v[key];
    f.isMandatory = mandatory;
    f.setHelpText({ help });
    return f;
  };
  add('custpage_name', 'name', 'Shown on this page, on the token record, in logs and alerts, e.g. "Warehouse (read-only role)".', true);
  add('custpage_client_id', 'clientId', 'The Client ID of the integration record (Setup > Integration > Manage Integrations), used as the JWT "iss".', true);
  add('custpage_cert_id', 'certificateId', 'The Certificate ID of this mapping (Setup > Integration > OAuth 2.0 Client Credentials (M2M) Setup), used as the JWT "kid".', true);
  add('custpage_key_file', 'keyFile', 'File Cabinet path (e.g. /SuiteScripts/OAuthKeys/warehouse.pem) or internal id of the PEM private key. This page never opens it. Leave empty when a signing certificate is set.');
  add('custpage_signing_cert', 'signingCertificate', 'Or: the ID of a certificate under Setup > Company > Certificates (custcertificate...), to sign without any script reading the key.');
  const alg = form.addField({ id: 'custpage_algorithm', type: FT.SELECT, label: PROFILE_LABELS.algorithm, container: g });
  const current = v.algorithm || 'PS256';
  for (const a of algorithmChoices()) alg.addSelectOption({ value: a.value, text: a.text, isSelected: a.value === current });
  alg.setHelpText({ help: 'PS256 unless the key is EC (ES256/ES384/ES512). NetSuite refuses RS256.' });
  add('custpage_scope', 'scope', 'Comma-separated: rest_webservices (default), restlets, suite_analytics.');
  change(form, id ? 'profile_save' : 'profile_create', id);
  form.addSubmitButton({ label: 'Save profile' });
  return form;
}

// ------------------------------------------------------------------------------------- confirmation

export function confirmView(ctx: PageContext, action: ConfirmedAction, id: string, subject: { name: string; keyPrefix?: string }): serverWidget.Form {
  const c = confirmation(action, subject);
  // Titles stay fixed text: whether NetSuite escapes a form title is not documented.
  const form = newForm(ctx, `Confirm: ${c.button}`);
  const text = form.addField({ id: 'custpage_confirm', type: FT.INLINEHTML, label: 'Confirm' });
  text.defaultValue = `<h2 class="oauth-question">${escapeHtml(c.title)}</h2><p class="oauth-confirm">${escapeHtml(c.text)}</p><p>${link(ctx.url({}), 'Cancel', { id: 'custpage_cancel' })}</p>`;
  change(form, action, id);
  // What the administrator saw: a rotate or deactivate of a key that changed meanwhile is refused.
  if (subject.keyPrefix !== undefined) hidden(form, 'custpage_prefix', subject.keyPrefix);
  form.addSubmitButton({ label: c.button });
  return form;
}
