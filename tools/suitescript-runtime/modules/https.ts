/**
 * N/https and N/http outbound requests: get, post, put, delete, request (10 units each), answered by the account's
 * https router (`account.https.route`) — never by a real network. A URL no route answers raises a RuntimeFault; a
 * handler throwing `NetworkFault(name)` makes the call throw the SuiteScriptError `name` (as a real network failure
 * does). Headers NetSuite blocks (Connection, Content-Length, Host, JSESSIONID, Trailer, Transfer-Encoding, Upgrade,
 * Via) are discarded. A body given as an object is form-encoded (`application/x-www-form-urlencoded; charset=UTF-8`); a
 * string body without Content-Type is sent as `text/plain; charset=UTF-8`.
 */
import { NetworkFault, RuntimeFault, sse } from '../errors';
import type { Execution } from '../execution';
import type { MeteredApi } from '../governance';
import { enumObject, keyEnum, missingArg, notImplemented, opts, strict, stubs, wrongType } from '../strict';
import type { HttpsRequest, HttpsResponse } from '../types';
import { ENCODING_ENUM } from './encoding';

/** Headers NetSuite discards on outbound requests. */
export const DISCARDED_REQUEST_HEADERS = new Set([
  'connection',
  'content-length',
  'host',
  'jsessionid',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'via',
]);

export const METHOD_ENUM = keyEnum(['DELETE', 'GET', 'HEAD', 'PUT', 'POST', 'PATCH'] as const);

export function createHttpModule(ex: Execution, protocol: 'https' | 'http'): object {
  const label = `N/${protocol}`;

  const send = (method: string, options: unknown, api: string, requireBody: boolean) => {
    const o = opts(options, `${protocol}.${api}`);
    const rawUrl = o['url'];
    if (rawUrl === undefined || rawUrl === null || rawUrl === '') throw missingArg(`${protocol}.${api}: options.url`);
    if (typeof rawUrl !== 'string') {
      throw ex.fault(`${label}.${api}: options.url must be a string (SecureString URLs are not implemented)`);
    }
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      throw sse('SSS_INVALID_URL', 'The URL must be a fully qualified HTTP/HTTPS URL.');
    }
    if (/\s/.test(rawUrl)) throw sse('SSS_INVALID_URL', 'Invalid URL: spaces are not allowed in the URL.');
    if (url.protocol !== `${protocol}:`) {
      throw sse('SSS_INVALID_URL', `The URL must be a fully qualified ${protocol.toUpperCase()} URL (${label} does not accept ${url.protocol}).`);
    }
    const headers: Record<string, string> = {};
    const given = o['headers'];
    if (given !== undefined && given !== null) {
      if (typeof given !== 'object') throw wrongType('options.headers', 'object');
      for (const [k, v] of Object.entries(given as Record<string, unknown>)) {
        if (DISCARDED_REQUEST_HEADERS.has(k.toLowerCase())) continue;
        headers[k] = v === undefined || v === null ? '' : String(v);
      }
    }
    const hasHeader = (name: string) => Object.keys(headers).some((k) => k.toLowerCase() === name);
    let body = '';
    const rawBody = o['body'];
    if (requireBody && (rawBody === undefined || rawBody === null)) throw missingArg(`${protocol}.${api}: options.body`);
    if (rawBody !== undefined && rawBody !== null) {
      if (typeof rawBody === 'string') {
        body = rawBody;
        if (!hasHeader('content-type')) headers['Content-Type'] = 'text/plain; charset=UTF-8';
      } else if (typeof rawBody === 'object') {
        body = new URLSearchParams(
          Object.entries(rawBody as Record<string, unknown>).map(([k, v]): [string, string] => [k, v === undefined || v === null ? '' : String(v)]),
        ).toString();
        if (!hasHeader('content-type')) headers['Content-Type'] = 'application/x-www-form-urlencoded; charset=UTF-8';
      } else {
        body = String(rawBody);
      }
    }
    ex.gov.charge(`${label}.${api}` as MeteredApi);

    const request: HttpsRequest = { method, url: url.toString(), headers, body };
    const record = {
      ...request,
      headers: { ...headers },
      time: ex.now(),
      scriptId: ex.scriptId,
      deploymentId: ex.deploymentId,
      outcome: { code: 0 } as { code: number } | { fault: string },
    };
    ex.account.recordHttpsRequest(record);
    let handler;
    try {
      handler = ex.account.https.handlerFor(method, request.url);
    } catch (e) {
      if (e instanceof RuntimeFault) {
        ex.faults.push(e.message);
        record.outcome = { fault: 'NO_ROUTE' };
      }
      throw e;
    }
    let response: HttpsResponse;
    try {
      response = handler({ ...request, headers: { ...headers } });
    } catch (e) {
      if (e instanceof NetworkFault) {
        record.outcome = { fault: e.faultName };
        throw sse(e.faultName, e.message);
      }
      const msg = e instanceof Error ? e.message : String(e);
      record.outcome = { fault: 'HANDLER_ERROR' };
      throw ex.fault(`the https route handler for ${method} ${request.url} threw: ${msg}`);
    }
    if (response === null || typeof response !== 'object' || !Number.isInteger(response.code) || typeof response.body !== 'string') {
      throw ex.fault(`the https route handler for ${method} ${request.url} must return { code: integer, body: string, headers? }`);
    }
    record.outcome = { code: response.code };
    const code = response.code;
    const resBody = response.body;
    const resHeaders = ex.realm.toRealm({ ...(response.headers ?? {}) });
    return strict(ex, `${protocol}.ClientResponse`, {
      get code() {
        return code;
      },
      get body() {
        return resBody;
      },
      get headers() {
        return resHeaders;
      },
    });
  };

  const verb = (method: string, api: string, requireBody: boolean) => {
    const fn = (options?: unknown) => send(method, options, api, requireBody);
    return Object.assign(fn, { promise: notImplemented(ex, `${label}.${api}.promise`) });
  };

  const mod: Record<string, unknown> = {
    get: verb('GET', 'get', false),
    post: verb('POST', 'post', true),
    put: verb('PUT', 'put', true),
    delete: verb('DELETE', 'delete', false),
    request: Object.assign(
      (options?: unknown) => {
        const o = opts(options, `${protocol}.request`);
        const method = o['method'];
        if (method === undefined || method === null || method === '') throw missingArg(`${protocol}.request: options.method`);
        if (typeof method !== 'string' || !(method in METHOD_ENUM)) {
          throw sse('INVALID_HTTP_METHOD', `Invalid HTTP method: ${String(method)}.`);
        }
        return send(method, o, 'request', false);
      },
      { promise: notImplemented(ex, `${label}.request.promise`) },
    ),
    Method: METHOD_ENUM,
    CacheDuration: enumObject({ UNIQUE: 'UNIQUE', SHORT: 'SHORT', MEDIUM: 'MEDIUM', LONG: 'LONG' }),
    RedirectType: enumObject({ RECORD: 'RECORD', SUITELET: 'SUITELET', RESTLET: 'RESTLET', MEDIA_ITEM: 'MEDIAITEM', TASK_LINK: 'TASKLINK' }),
  };
  if (protocol === 'https') {
    mod['Encoding'] = ENCODING_ENUM;
    stubs(ex, label, mod, ['createSecretKey', 'createSecureString', 'requestRestlet', 'requestSuitelet', 'requestSuiteTalkRest']);
  }
  return strict(ex, label, mod);
}
