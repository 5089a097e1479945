// Faults the fake token endpoint can be told to produce, so the product's error handling can be
// exercised: NetSuite answers OAuth errors, HTML error pages, 503s during maintenance, and networks fail.

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'server_error';

export type Fault =
  /** An OAuth error answer `{"error": error}` with this HTTP status. */
  | { kind: 'status'; code: 400 | 401; error: OAuthErrorCode }
  /** HTTP 500 with an HTML error page. */
  | { kind: 'html500' }
  /** HTTP 503 with an HTML "unavailable" page (maintenance). */
  | { kind: 'status503' }
  /** HTTP 200 whose body is an HTML page, not JSON. */
  | { kind: 'nonJson' }
  /** HTTP 200, `Content-Type: application/json`, empty body. */
  | { kind: 'emptyBody' }
  /** No answer at all: the handler throws a NetworkFault. */
  | { kind: 'network' }
  /** Answers normally, after `ms` milliseconds (the synchronous handler blocks). */
  | { kind: 'slow'; ms: number };

/**
 * Thrown by a handler to signal "no HTTP answer" (connection refused/reset, DNS failure, timeout).
 * A router turns it into its own network error; match it by `name === 'NetworkFault'`.
 */
export class NetworkFault extends Error {
  override readonly name = 'NetworkFault';
  readonly code: string;
  constructor(message = 'connection reset by the fake NetSuite token endpoint', code = 'ECONNRESET') {
    super(message);
    this.code = code;
  }
}

export function isNetworkFault(error: unknown): error is NetworkFault {
  return error instanceof NetworkFault || (error instanceof Error && error.name === 'NetworkFault');
}

export const FAULT_KINDS = ['status', 'html500', 'status503', 'nonJson', 'emptyBody', 'network', 'slow'] as const;
const STATUS_ERRORS: readonly OAuthErrorCode[] = [
  'invalid_request', 'invalid_client', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope', 'server_error',
];
/** Longest `slow` delay accepted: longer ones are almost surely a unit mistake (seconds for ms). */
export const MAX_SLOW_MS = 120_000;

/** Throws a TypeError naming the problem if `fault` is not a valid Fault (for untyped callers). */
export function assertFault(fault: Fault): void {
  const f = fault as { kind?: unknown; code?: unknown; error?: unknown; ms?: unknown } | null;
  if (!f || typeof f !== 'object' || !(FAULT_KINDS as readonly unknown[]).includes(f.kind)) {
    throw new TypeError(`fault.kind must be one of ${FAULT_KINDS.join(', ')}`);
  }
  if (f.kind === 'status') {
    if (f.code !== 400 && f.code !== 401) throw new TypeError('a status fault needs code 400 or 401');
    if (!(STATUS_ERRORS as readonly unknown[]).includes(f.error)) throw new TypeError(`a status fault needs error one of ${STATUS_ERRORS.join(', ')}`);
  }
  if (f.kind === 'slow' && (typeof f.ms !== 'number' || !Number.isFinite(f.ms) || f.ms < 0 || f.ms > MAX_SLOW_MS)) {
    throw new TypeError(`a slow fault needs ms from 0 to ${MAX_SLOW_MS}`);
  }
}

export interface FaultResponse {
  code: number;
  headers: Record<string, string>;
  body: string;
}

const HTML = { 'Content-Type': 'text/html;charset=UTF-8' };

/** The canned answer of a fault that answers (not `network`, not `slow`). */
export function faultResponse(fault: Exclude<Fault, { kind: 'network' } | { kind: 'slow' }>): FaultResponse {
  switch (fault.kind) {
    case 'status':
      return { code: fault.code, headers: { 'Content-Type': 'application/json;charset=UTF-8', 'Cache-Control': 'no-store' }, body: JSON.stringify({ error: fault.error }) };
    case 'html500':
      return { code: 500, headers: { ...HTML }, body: '<!DOCTYPE html><html><head><title>Error</title></head><body><h1>An unexpected error has occurred.</h1><p>Please try again later.</p></body></html>' };
    case 'status503':
      return { code: 503, headers: { ...HTML }, body: '<!DOCTYPE html><html><head><title>Service Unavailable</title></head><body><h1>NetSuite is temporarily unavailable</h1><p>Scheduled maintenance is in progress.</p></body></html>' };
    case 'nonJson':
      return { code: 200, headers: { ...HTML }, body: '<!DOCTYPE html><html><head><title>NetSuite</title></head><body><p>Your session has expired. Please log in again.</p></body></html>' };
    case 'emptyBody':
      return { code: 200, headers: { 'Content-Type': 'application/json;charset=UTF-8' }, body: '' };
  }
}
