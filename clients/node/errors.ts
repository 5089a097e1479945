/**
 * Errors of the token client. The proxy always answers HTTP 200 and puts its error code in the body
 * (DESIGN.md section 3); the client turns each code into a typed error. Messages never contain the API
 * key or an access token.
 */

/** The proxy's error codes (DESIGN.md section 3). */
export const PROXY_ERROR_CODES = [
  'unauthorized',
  'api_key_in_url',
  'forbidden_ip',
  'rate_limited',
  'token_unavailable',
  'method_not_allowed',
  'server_error',
] as const;
export type ProxyErrorCode = (typeof PROXY_ERROR_CODES)[number];

/**
 * Codes of {@link ProxyError}: the proxy's own, plus `invalid_response` (not the proxy's JSON: an HTML
 * error page, a 5xx, a garbled body) and `network` (no answer at all).
 */
export type ProxyErrorKind = ProxyErrorCode | 'invalid_response' | 'network';

export class ProxyError extends Error {
  override name = 'ProxyError';
  constructor(
    /** What went wrong; a discriminant for `switch`. */
    readonly code: ProxyErrorKind,
    /** The proxy's `error_description`, or what the client saw. */
    readonly description: string,
    /** Seconds to wait before trying again (`rate_limited`, `token_unavailable`). */
    readonly retryAfter?: number,
    /** HTTP status of the answer, when there was one. */
    readonly httpStatus?: number,
  ) {
    super(`token proxy: ${code}: ${description}`);
  }

  /** The typed error for a proxy error body (`{"error", "error_description", "retry_after"?}`). */
  static fromBody(body: { error: string; error_description?: unknown; retry_after?: unknown }, httpStatus?: number): ProxyError {
    const description = typeof body.error_description === 'string' ? body.error_description.slice(0, 500) : '';
    const retry = typeof body.retry_after === 'number' && Number.isFinite(body.retry_after) && body.retry_after >= 0 ? body.retry_after : undefined;
    const Type = ERROR_TYPES[body.error as ProxyErrorCode];
    if (Type) return new Type(description, retry, httpStatus);
    return new InvalidResponseError(`unknown error code ${JSON.stringify(String(body.error).slice(0, 40))}: ${description}`, httpStatus);
  }
}

/** The key is missing, malformed, unknown, inactive or expired. Not retried: check the key. */
export class UnauthorizedError extends ProxyError {
  override name = 'UnauthorizedError';
  constructor(description = '', retryAfter?: number, httpStatus?: number) {
    super('unauthorized', description, retryAfter, httpStatus);
  }
}

/** The proxy saw an API key in the URL. The key should be treated as exposed and rotated. */
export class ApiKeyInUrlError extends ProxyError {
  override name = 'ApiKeyInUrlError';
  constructor(description = '', retryAfter?: number, httpStatus?: number) {
    super('api_key_in_url', description, retryAfter, httpStatus);
  }
}

/** The client's allow-list does not contain this caller's address. */
export class ForbiddenIpError extends ProxyError {
  override name = 'ForbiddenIpError';
  constructor(description = '', retryAfter?: number, httpStatus?: number) {
    super('forbidden_ip', description, retryAfter, httpStatus);
  }
}

/** Too many failed attempts from this address; `retryAfter` seconds. */
export class RateLimitedError extends ProxyError {
  override name = 'RateLimitedError';
  constructor(description = '', retryAfter?: number, httpStatus?: number) {
    super('rate_limited', description, retryAfter, httpStatus);
  }
}

/** No token with enough validity yet (a refresh was requested); `retryAfter` seconds. */
export class TokenUnavailableError extends ProxyError {
  override name = 'TokenUnavailableError';
  constructor(description = '', retryAfter?: number, httpStatus?: number) {
    super('token_unavailable', description, retryAfter, httpStatus);
  }
}

export class MethodNotAllowedError extends ProxyError {
  override name = 'MethodNotAllowedError';
  constructor(description = '', retryAfter?: number, httpStatus?: number) {
    super('method_not_allowed', description, retryAfter, httpStatus);
  }
}

/** The proxy failed unexpectedly (details are in its script log). */
export class ProxyServerError extends ProxyError {
  override name = 'ProxyServerError';
  constructor(description = '', retryAfter?: number, httpStatus?: number) {
    super('server_error', description, retryAfter, httpStatus);
  }
}

/** The answer was not the proxy's JSON (HTML error page, HTTP 5xx, garbled body). */
export class InvalidResponseError extends ProxyError {
  override name = 'InvalidResponseError';
  constructor(description: string, httpStatus?: number) {
    super('invalid_response', description, undefined, httpStatus);
  }
}

/**
 * The proxy answered with a redirect (HTTP 3xx). The client never follows one: following it would
 * re-send the API key in X-API-Key to wherever the Location points (security finding 10.7). The
 * message names the Location's host only (a path or query could carry anything). If you trust that
 * host, put the final URL in `proxyUrl`. Its `code` stays `invalid_response`.
 */
export class RedirectRefusedError extends InvalidResponseError {
  override name = 'RedirectRefusedError';
  constructor(
    httpStatus: number,
    /** `host[:port]` of the Location header, or undefined when there was none. */
    readonly locationHost: string | undefined,
  ) {
    super(
      `HTTP ${httpStatus}: the proxy redirects to ${locationHost ?? '(no Location header)'}; redirects are not followed because they would re-send the API key. If that host is yours, use the final URL as proxyUrl`,
      httpStatus,
    );
  }
}

/** No answer: DNS, connection refused or reset, timeout. */
export class ProxyNetworkError extends ProxyError {
  override name = 'ProxyNetworkError';
  constructor(description: string) {
    super('network', description);
  }
}

const ERROR_TYPES: Record<ProxyErrorCode, new (description?: string, retryAfter?: number, httpStatus?: number) => ProxyError> = {
  unauthorized: UnauthorizedError,
  api_key_in_url: ApiKeyInUrlError,
  forbidden_ip: ForbiddenIpError,
  rate_limited: RateLimitedError,
  token_unavailable: TokenUnavailableError,
  method_not_allowed: MethodNotAllowedError,
  server_error: ProxyServerError,
};

/** An error answer of NetSuite's REST web services (`{"title", "status", "o:errorDetails": [...]}`). */
export class NetSuiteRestError extends Error {
  override name = 'NetSuiteRestError';
  constructor(
    readonly status: number,
    /** `o:errorCode` of the first detail, e.g. `INVALID_LOGIN`, `INVALID_PARAMETER`. */
    readonly errorCode: string,
    readonly detail: string,
  ) {
    super(`NetSuite REST: HTTP ${status} ${errorCode}${detail ? `: ${detail}` : ''}`);
  }

  static fromResponse(status: number, text: string): NetSuiteRestError {
    try {
      const body = JSON.parse(text) as { title?: unknown; 'o:errorDetails'?: { detail?: unknown; 'o:errorCode'?: unknown }[] };
      const first = Array.isArray(body['o:errorDetails']) ? body['o:errorDetails'][0] : undefined;
      const code = typeof first?.['o:errorCode'] === 'string' ? first['o:errorCode'] : typeof body.title === 'string' ? body.title : 'UNKNOWN';
      return new NetSuiteRestError(status, code, typeof first?.detail === 'string' ? first.detail.slice(0, 1000) : '');
    } catch {
      return new NetSuiteRestError(status, 'NOT_JSON', text.replace(/\s+/g, ' ').slice(0, 200));
    }
  }
}
