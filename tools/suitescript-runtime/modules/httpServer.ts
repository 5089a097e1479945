/**
 * The Suitelet's `http.ServerRequest` and `http.ServerResponse`, faithful to NetSuite:
 *
 * - request header names arrive lower-cased AND Title-Cased (`x-api-key` and `X-Api-Key`); names with underscores are
 *   dropped (NetSuite asks not to use them: proxies discard them); `parameters` holds the query string (first value
 *   of a repeated name) plus the fields of an `application/x-www-form-urlencoded` POST; `method` as sent; `body`;
 *   `clientIpAddress`; `url`.
 * - the response cannot set a status; `setHeader`/`addHeader` of a header on NetSuite's Suitelet block list
 *   (WWW-Authenticate, Retry-After, Date, Location, Server, ...) throws `SSS_INVALID_HEADER`; headers NetSuite discards
 *   (Connection, Content-Length, ...) are dropped silently; default Content-Type `text/html; charset=UTF-8`.
 */
import { sse } from '../errors';
import type { Execution } from '../execution';
import { missingArg, notImplemented, opts, reqString, strict, wrongType } from '../strict';
import type { RedirectRecord, SuiteletRunOptions } from '../types';
import { DISCARDED_REQUEST_HEADERS } from './https';
import { escapeHtml, FORMS, renderPage, snapshotPage, type PageModel } from './serverWidget';
import { recordUrl, suiteletUrl } from './url';

/** Response headers a Suitelet may not set (SSS_INVALID_HEADER). */
export const SUITELET_BLOCKED_HEADERS = new Set([
  'allow',
  'content-location',
  'content-md5',
  'content-range',
  'date',
  'location',
  'proxy-authenticate',
  'public-key-pins',
  'public-key-pins-report-only',
  'retry-after',
  'server',
  'strict-transport-security',
  'upgrade-insecure-requests',
  'warning',
  'www-authenticate',
]);

const TOKEN_RE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** `x-api-key` → `X-Api-Key` */
export function titleCase(name: string): string {
  return name
    .split('-')
    .map((s) => (s.length === 0 ? s : s.charAt(0).toUpperCase() + s.slice(1).toLowerCase()))
    .join('-');
}

/** NetSuite's HTML error page. */
export function renderErrorPage(title: string, code: string, message: string): string {
  return (
    `<!DOCTYPE html>\n<html>\n<head><meta charset="utf-8"><title>Error</title></head>\n<body>\n` +
    `<h1>${escapeHtml(title)}</h1>\n<p class="error-code">Error code: ${escapeHtml(code)}</p>\n` +
    `<p class="error-message">Error message: ${escapeHtml(message)}</p>\n</body>\n</html>\n`
  );
}

/** Request and response of one Suitelet execution. */
export class SuiteletIO {
  readonly request: object;
  readonly response: object;
  page: PageModel | undefined;
  redirect: RedirectRecord | undefined;
  private readonly chunks: string[] = [];
  private readonly headers: { name: string; value: string }[] = [];

  constructor(
    private readonly ex: Execution,
    options: SuiteletRunOptions,
  ) {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const io = this;
    const account = ex.account;
    const method = (options.method ?? 'GET').toUpperCase();
    const base = suiteletUrl(account, ex.script, ex.deployment, !ex.user.anonymous ? 'internal-absolute' : 'external');
    let url: URL;
    if (options.url !== undefined) url = new URL(options.url);
    else if (options.path !== undefined && options.path.startsWith('?')) url = new URL(`${base}&${options.path.slice(1)}`);
    else if (options.path !== undefined) url = new URL(options.path, base);
    else url = new URL(base);
    for (const [k, v] of Object.entries(options.parameters ?? {})) url.searchParams.append(k, v);

    const parameters: Record<string, string> = {};
    for (const [k, v] of url.searchParams) if (!(k in parameters)) parameters[k] = v;

    const headers: Record<string, string> = {};
    const given = options.headers ?? {};
    const hasHost = Object.keys(given).some((k) => k.toLowerCase() === 'host');
    const all: [string, string][] = [...Object.entries(given), ...(hasHost ? [] : ([['host', url.host]] as [string, string][]))];
    for (const [name, value] of all) {
      if (name.includes('_')) continue;
      const lower = name.toLowerCase();
      headers[lower] = String(value);
      headers[titleCase(lower)] = String(value);
    }
    const body = options.body ?? '';
    const contentType = (headers['content-type'] ?? '').toLowerCase();
    if (method === 'POST' && contentType.startsWith('application/x-www-form-urlencoded')) {
      for (const [k, v] of new URLSearchParams(body)) if (!(k in parameters)) parameters[k] = v;
    }
    const realmParams = ex.realm.toRealm(parameters);
    const realmHeaders = ex.realm.toRealm(headers);
    const realmFiles = ex.realm.toRealm({});
    const clientIp = options.clientIpAddress ?? '203.0.113.10';
    const urlText = url.toString();

    const sublist = (group: string): { fields: string[]; lines: string[][] } | undefined => {
      const data = parameters[`${group}data`];
      const fields = parameters[`${group}fields`];
      if (data === undefined || fields === undefined) return undefined;
      return {
        fields: fields.split('\u0001'),
        lines: data === '' ? [] : data.split('\u0002').map((l) => l.split('\u0001')),
      };
    };

    this.request = strict(ex, 'http.ServerRequest', {
      get method() {
        return method;
      },
      get url() {
        return urlText;
      },
      get body() {
        return body;
      },
      get clientIpAddress() {
        return clientIp;
      },
      get headers() {
        return realmHeaders;
      },
      get parameters() {
        return realmParams;
      },
      get files() {
        return realmFiles;
      },
      getLineCount(o?: unknown): number {
        const group = reqString(opts(o, 'ServerRequest.getLineCount'), 'group', 'ServerRequest.getLineCount');
        return sublist(group)?.lines.length ?? -1;
      },
      getSublistValue(o?: unknown): string | null {
        const so = opts(o, 'ServerRequest.getSublistValue');
        const group = reqString(so, 'group', 'ServerRequest.getSublistValue');
        const name = reqString(so, 'name', 'ServerRequest.getSublistValue');
        const line = so['line'];
        if (typeof line !== 'number') throw wrongType('options.line', 'number');
        const s = sublist(group);
        if (!s) return null;
        const col = s.fields.indexOf(name);
        return col < 0 ? null : (s.lines[line]?.[col] ?? null);
      },
    });

    const headerArgs = (args: unknown[], method: string): { name: string; value: string } => {
      let name: unknown;
      let value: unknown;
      if (args[0] !== null && typeof args[0] === 'object') {
        name = (args[0] as { name?: unknown }).name;
        value = (args[0] as { value?: unknown }).value;
      } else {
        name = args[0];
        value = args[1];
      }
      if (name === undefined || name === null || name === '') throw missingArg(`${method}: options.name`);
      if (value === undefined || value === null) throw missingArg(`${method}: options.value`);
      if (typeof name !== 'string' || !TOKEN_RE.test(name)) throw sse('SSS_INVALID_HEADER', 'One or more headers are not valid.');
      const text = String(value);
      if (/[\r\n]/.test(text)) throw sse('SSS_INVALID_HEADER', 'One or more headers are not valid.');
      if (SUITELET_BLOCKED_HEADERS.has(name.toLowerCase())) throw sse('SSS_INVALID_HEADER', 'One or more headers are not valid.');
      return { name, value: text };
    };

    const write = (text: unknown, method: string) => {
      if (text === undefined || text === null) throw missingArg(`${method}: options.output`);
      if (typeof text !== 'string') throw wrongType('options.output', 'string');
      this.chunks.push(text);
    };

    this.response = strict(ex, 'http.ServerResponse', {
      get headers() {
        return ex.realm.toRealm(io.outputHeaders());
      },
      write(arg?: unknown) {
        write(arg !== null && typeof arg === 'object' ? (arg as { output?: unknown }).output : arg, 'ServerResponse.write');
      },
      writeLine(arg?: unknown) {
        const out = arg !== null && typeof arg === 'object' ? (arg as { output?: unknown }).output : arg;
        write(out, 'ServerResponse.writeLine');
        io.chunks.push('\n');
      },
      writePage(arg?: unknown) {
        if (arg === null || typeof arg !== 'object') throw missingArg('ServerResponse.writePage: pageObject');
        const page = FORMS.has(arg) ? arg : (arg as { pageObject?: unknown }).pageObject;
        if (page === null || typeof page !== 'object' || !FORMS.has(page)) {
          throw ex.fault('ServerResponse.writePage: only serverWidget.Form pages are implemented');
        }
        const model = snapshotPage(page) as PageModel;
        io.page = model;
        io.chunks.push(renderPage(model, ex.account.preferencesFor(ex.user)));
      },
      setHeader(...args: unknown[]) {
        const h = headerArgs(args, 'ServerResponse.setHeader');
        if (DISCARDED_REQUEST_HEADERS.has(h.name.toLowerCase())) return;
        const lower = h.name.toLowerCase();
        for (let i = io.headers.length - 1; i >= 0; i--) if (io.headers[i]?.name.toLowerCase() === lower) io.headers.splice(i, 1);
        io.headers.push(h);
      },
      addHeader(...args: unknown[]) {
        const h = headerArgs(args, 'ServerResponse.addHeader');
        if (DISCARDED_REQUEST_HEADERS.has(h.name.toLowerCase())) return;
        io.headers.push(h);
      },
      getHeader(o?: unknown): string | string[] | null {
        const name = o !== null && typeof o === 'object' ? (o as { name?: unknown }).name : o;
        if (typeof name !== 'string' || name === '') throw missingArg('ServerResponse.getHeader: options.name');
        const values = io.headers.filter((h) => h.name.toLowerCase() === name.toLowerCase()).map((h) => h.value);
        if (values.length === 0) return null;
        return values.length === 1 ? (values[0] as string) : ex.realm.toRealm(values);
      },
      sendRedirect(o?: unknown) {
        const so = opts(o, 'ServerResponse.sendRedirect');
        const type = reqString(so, 'type', 'ServerResponse.sendRedirect');
        const identifier = so['identifier'];
        if (identifier === undefined || identifier === null || identifier === '') throw missingArg('ServerResponse.sendRedirect: options.identifier');
        const params = (so['parameters'] ?? {}) as Record<string, unknown>;
        if (type === 'SUITELET') {
          const id = so['id'];
          if (id === undefined || id === null) throw missingArg('ServerResponse.sendRedirect: options.id');
          const { script, deployment } = account.findScriptDeployment(String(identifier), String(id));
          io.redirect = { kind: 'SUITELET', url: suiteletUrl(account, script, deployment, 'internal', params), details: { scriptId: script.def.scriptId, deploymentId: deployment.scriptId, parameters: { ...params } } };
        } else if (type === 'RECORD') {
          const id = so['id'];
          io.redirect = { kind: 'RECORD', url: recordUrl(String(identifier), id === undefined || id === null ? undefined : String(id), so['editMode'] === true), details: { type: String(identifier), id: id === undefined ? null : String(id) } };
        } else {
          throw ex.fault(`ServerResponse.sendRedirect of type ${type} is not implemented`);
        }
      },
      writeFile: notImplemented(ex, 'http.ServerResponse.writeFile'),
      renderPdf: notImplemented(ex, 'http.ServerResponse.renderPdf'),
      setCdnCacheable: notImplemented(ex, 'http.ServerResponse.setCdnCacheable'),
    });
  }

  /** Response headers as set by the script, plus the default Content-Type. */
  outputHeaders(): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = {};
    const names = new Map<string, string>();
    for (const h of this.headers) {
      const lower = h.name.toLowerCase();
      const key = names.get(lower) ?? h.name;
      names.set(lower, key);
      const existing = out[key];
      if (existing === undefined) out[key] = h.value;
      else out[key] = Array.isArray(existing) ? [...existing, h.value] : [existing, h.value];
    }
    if (!names.has('content-type')) out['Content-Type'] = 'text/html; charset=UTF-8';
    return out;
  }

  /** The written body. */
  body(): string {
    return this.chunks.join('');
  }
}
