/**
 * The local account's REST surface, answered the way NetSuite's REST web services answer:
 *
 * - `POST /services/rest/query/v1/suiteql?limit=&offset=` with `{"q": "..."}`: SuiteQL on `customer`
 *   (see suiteql.ts), in NetSuite's collection shape (`links`, `count`, `hasMore`, `items`, `offset`,
 *   `totalResults`), every value a string, `limit` 1..1000 (default 1000), `offset` a multiple of it;
 * - `GET /services/rest/record/v1/customer/{id}`: the record (camelCase fields, `links`), 404 for
 *   unknown ids;
 * - every request first needs `Authorization: Bearer <access token>` issued by the local token
 *   endpoint, still valid and with the `rest_webservices` scope; otherwise 401 INVALID_LOGIN, which,
 *   as in NetSuite, says nothing about why (the reason goes to the local account's request log, its
 *   stand-in for the Login Audit Trail).
 *
 * - the token's role (its `sub`, see roles.ts) must have Lists > Customers: otherwise SuiteQL on
 *   `customer` answers as NetSuite does for a table the role cannot see, and the customer record 403.
 *
 * Errors use NetSuite's body: `{"type", "title", "status", "o:errorDetails": [{"detail", "o:errorCode"}]}`.
 */
import { CUSTOMER_COLUMNS, customerRecord, SAMPLE_CUSTOMERS, suiteqlValue } from './customers';
import { type LocalRole, roleOf } from './roles';
import { parseSuiteQL, runSuiteQL, SuiteQLError } from './suiteql';

export interface RestRequest {
  method: string;
  /** Path and query as received, e.g. `/services/rest/query/v1/suiteql?limit=5`. */
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface RestResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Why, for the request log (never a secret). */
  note?: string;
}

export type BearerCheck = { ok: true; clientId: string; scopes: string[]; role: string } | { ok: false; reason: string };

export const REST_PREFIX = '/services/rest';
export const SUITEQL_PATH = `${REST_PREFIX}/query/v1/suiteql`;
export const RECORD_PREFIX = `${REST_PREFIX}/record/v1/`;
export const MAX_LIMIT = 1000;

const TITLES: Record<number, [string, string]> = {
  400: ['Bad Request', 'section-15.5.1'],
  401: ['Unauthorized', 'section-15.5.2'],
  403: ['Forbidden', 'section-15.5.4'],
  404: ['Not Found', 'section-15.5.5'],
  405: ['Method Not Allowed', 'section-15.5.6'],
  413: ['Content Too Large', 'section-15.5.14'],
  415: ['Unsupported Media Type', 'section-15.5.16'],
  500: ['Internal Server Error', 'section-15.6.1'],
};

export const INVALID_LOGIN_DETAIL =
  'Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail.';

/** NetSuite's REST error answer. */
export function restError(status: number, errorCode: string, detail: string, note?: string, extraHeaders: Record<string, string> = {}): RestResponse {
  const [title, section] = TITLES[status] ?? ['Error', 'section-15'];
  return {
    status,
    headers: { 'content-type': 'application/vnd.oracle.resource+json; type=error; charset=UTF-8', ...extraHeaders },
    body: JSON.stringify({
      type: `https://www.rfc-editor.org/rfc/rfc9110.html#${section}`,
      title,
      status,
      'o:errorDetails': [{ detail, 'o:errorCode': errorCode }],
    }),
    note: note ?? `${status} ${errorCode}`,
  };
}

/**
 * SuiteQL on a table the token's role may not see. NetSuite answers as if the table did not exist:
 * 400 with "Invalid search query. Detailed unprocessed description follows. Search error occurred:
 * Record 'customer' was not found." (the detail a client captured from NetSuite, see PostHog's
 * NetSuite source test, github.com/PostHog/posthog products/warehouse_sources/backend/temporal/
 * data_imports/sources/netsuite/tests/test_netsuite.py, which maps it to "the role can't read the
 * table"). The error code is the one NetSuite gives other invalid SuiteQL queries (INVALID_PARAMETER).
 */
export function suiteqlNoPermission(table: string, role: LocalRole): RestResponse {
  return restError(
    400,
    'INVALID_PARAMETER',
    `Invalid search query. Detailed unprocessed description follows. Search error occurred: Record '${table}' was not found.`,
    `400 INVALID_PARAMETER (role ${role.id} ${role.name} has no Lists > Customers permission)`,
  );
}

/**
 * The REST record service for a record type the role may not access: 403 INSUFFICIENT_PERMISSION,
 * the code clients report for it (the detail wording below is NetSuite's permission-violation text;
 * not confirmed in Oracle's pages with the search tools).
 */
export function recordNoPermission(role: LocalRole): RestResponse {
  return restError(
    403,
    'INSUFFICIENT_PERMISSION',
    "Permission Violation: You need the 'Lists -> Customers' permission to access this page. Please contact your account administrator.",
    `403 INSUFFICIENT_PERMISSION (role ${role.id} ${role.name} has no Lists > Customers permission)`,
  );
}

export function invalidLogin(reason: string): RestResponse {
  return restError(401, 'INVALID_LOGIN', INVALID_LOGIN_DETAIL, `401 INVALID_LOGIN (${reason})`);
}

function json(status: number, value: unknown, type: 'collection' | 'singular', note: string): RestResponse {
  return {
    status,
    headers: { 'content-type': `application/vnd.oracle.resource+json; type=${type}; charset=UTF-8` },
    body: JSON.stringify(value),
    note,
  };
}

function header(headers: Record<string, string>, name: string): string | undefined {
  const want = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === want) return v;
  return undefined;
}

function intParameter(params: URLSearchParams, name: string, min: number, max: number | null, fallback: number): number | RestResponse {
  const values = params.getAll(name);
  if (values.length === 0) return fallback;
  const text = (values[values.length - 1] ?? '').trim();
  const n = /^[0-9]{1,9}$/.test(text) ? Number(text) : NaN;
  if (values.length > 1 || !Number.isInteger(n) || n < min || (max !== null && n > max)) {
    const range = max === null ? `a whole number of at least ${min}` : `a whole number from ${min} to ${max}`;
    return restError(400, 'INVALID_PARAMETER', `Invalid value for the query parameter ${name}: ${JSON.stringify(values.join(',').slice(0, 40))}. Provide ${range}.`);
  }
  return n;
}

/**
 * Handles a request under /services/rest (except the token endpoint). `baseUrl` is what links point
 * to (`http://127.0.0.1:<port>/services/rest`); `checkBearer` checks an access token.
 */
export function handleRest(req: RestRequest, baseUrl: string, checkBearer: (token: string) => BearerCheck): RestResponse {
  const url = new URL(req.url, 'http://local');
  const path = url.pathname.replace(/\/+$/, '');

  const authorization = header(req.headers, 'authorization');
  if (authorization === undefined || authorization.trim() === '') return invalidLogin('no Authorization header');
  const bearer = /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(authorization);
  if (!bearer) return invalidLogin('the Authorization header is not "Bearer <access token>"');
  const check = checkBearer(bearer[1] as string);
  if (!check.ok) return invalidLogin(check.reason);
  if (!check.scopes.includes('rest_webservices')) return invalidLogin(`the token's scope (${check.scopes.join(',')}) does not include rest_webservices`);

  if (path === SUITEQL_PATH) {
    if (req.method !== 'POST') {
      return restError(405, 'INVALID_METHOD', `The HTTP method ${req.method} is not supported for this resource. Use POST.`, undefined, { allow: 'POST' });
    }
    return suiteql(req, url, baseUrl, roleOf(check.role));
  }
  const record = /^\/services\/rest\/record\/v1\/([^/]+)\/([^/]+)$/.exec(path);
  if (record) {
    const [, type = '', idText = ''] = record;
    if (type.toLowerCase() !== 'customer') {
      return restError(404, 'NONEXISTENT_ID', `The local account serves customer records only; record type '${decodeURIComponent(type).slice(0, 40)}' is not available.`);
    }
    if (req.method !== 'GET') {
      return restError(405, 'INVALID_METHOD', `The HTTP method ${req.method} is not supported by the local account for this resource. Use GET.`, undefined, { allow: 'GET' });
    }
    const role = roleOf(check.role);
    if (!role.customers) return recordNoPermission(role);
    const id = /^[0-9]{1,9}$/.test(idText) ? Number(idText) : NaN;
    const customer = SAMPLE_CUSTOMERS.find((c) => c.id === id);
    if (!customer) return restError(404, 'NONEXISTENT_ID', 'The record instance does not exist. Provide a valid record instance ID.');
    return json(200, customerRecord(customer, `${baseUrl}/record/v1/customer/${customer.id}`), 'singular', `200 customer ${customer.id}`);
  }
  return restError(404, 'NONEXISTENT_ID', `The local account has no resource at ${path.slice(0, 100)}. It serves POST ${SUITEQL_PATH} and GET ${RECORD_PREFIX}customer/{id}.`);
}

function suiteql(req: RestRequest, url: URL, baseUrl: string, role: LocalRole): RestResponse {
  const contentType = (header(req.headers, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (contentType !== 'application/json') {
    return restError(415, 'INVALID_CONTENT', `Send the query as JSON with Content-Type: application/json (got ${contentType ? JSON.stringify(contentType) : 'none'}).`);
  }
  let body: unknown;
  try {
    body = JSON.parse(req.body);
  } catch {
    return restError(400, 'INVALID_CONTENT', 'The request body is not valid JSON. Send {"q": "SELECT ... FROM customer"}.');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body) || typeof (body as { q?: unknown }).q !== 'string') {
    return restError(400, 'INVALID_CONTENT', 'The request body must be a JSON object with the query in "q": {"q": "SELECT ... FROM customer"}.');
  }
  const limit = intParameter(url.searchParams, 'limit', 1, MAX_LIMIT, MAX_LIMIT);
  if (typeof limit !== 'number') return limit;
  const offset = intParameter(url.searchParams, 'offset', 0, null, 0);
  if (typeof offset !== 'number') return offset;
  if (offset % limit !== 0) {
    return restError(400, 'INVALID_PARAMETER', `Invalid value for the query parameter offset: ${offset}. The offset must be a multiple of the limit (${limit}).`);
  }

  let rows;
  let columns;
  try {
    const parsed = parseSuiteQL((body as { q: string }).q);
    // Every query the local account understands reads `customer` (suiteql.ts).
    if (!role.customers) return suiteqlNoPermission('customer', role);
    rows = runSuiteQL(parsed, SAMPLE_CUSTOMERS);
    columns = parsed.columns;
  } catch (e) {
    if (!(e instanceof SuiteQLError)) throw e;
    return restError(
      400,
      'INVALID_PARAMETER',
      `Invalid search query. Detailed unprocessed description follows. Search error occurred: ${e.message}`,
      `400 INVALID_PARAMETER (${e.message})`,
    );
  }

  const total = rows.length;
  const page = rows.slice(offset, offset + limit);
  const hasMore = offset + page.length < total;
  const href = (o: number) => `${baseUrl}/query/v1/suiteql?limit=${limit}&offset=${o}`;
  const links: { rel: string; href: string }[] = [];
  if (offset > 0) {
    links.push({ rel: 'previous', href: href(Math.max(0, offset - limit)) });
    links.push({ rel: 'first', href: href(0) });
  }
  if (hasMore) {
    links.push({ rel: 'next', href: href(offset + limit) });
    links.push({ rel: 'last', href: href(Math.floor((total - 1) / limit) * limit) });
  }
  links.push({ rel: 'self', href: href(offset) });
  const items = page.map((c) => {
    const item: Record<string, unknown> = { links: [] };
    for (const col of columns) {
      const v = suiteqlValue(c, col);
      if (v !== null) item[col] = v;
    }
    return item;
  });
  return json(200, { links, count: items.length, hasMore, items, offset, totalResults: total }, 'collection', `200 ${items.length} of ${total} rows`);
}

/** The columns the local account knows, for help texts. */
export const SUITEQL_COLUMNS = CUSTOMER_COLUMNS;
