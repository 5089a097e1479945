/**
 * Errors the core raises. Every message names what is wrong and how to fix it, and never contains a
 * secret (API key, access token, private key): callers may log or store `message` as it is.
 */

/** A script parameter (or tool option) is missing or malformed. `parameter` names it. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly parameter: string,
    problem: string,
  ) {
    super(`${parameter}: ${problem}`);
  }
}

/** The signing key (or certificate) cannot be used as it is. */
export class KeyError extends Error {
  override readonly name = 'KeyError';
}

/** The token endpoint refused or failed. `transient` errors are worth retrying within the run. */
export class TokenEndpointError extends Error {
  override readonly name = 'TokenEndpointError';
  constructor(
    message: string,
    readonly transient: boolean,
    readonly httpStatus?: number,
    readonly oauthError?: string,
  ) {
    super(message);
  }
}

/** The `name` of a thrown SuiteScript error (e.g. RCRD_DSNT_EXIST), or `fallback`. */
export function errorName(e: unknown, fallback = 'error'): string {
  return e && typeof e === 'object' && 'name' in e ? String((e as { name: unknown }).name) : fallback;
}

/** Message of anything thrown, including SuiteScript errors ({name, message}) and strings. */
export function describeError(e: unknown): string {
  if (e instanceof Error) return e.message ? `${e.name === 'Error' ? '' : e.name + ': '}${e.message}` : e.name;
  if (e && typeof e === 'object') {
    const o = e as { name?: unknown; message?: unknown };
    const name = typeof o.name === 'string' ? o.name : '';
    const message = typeof o.message === 'string' ? o.message : '';
    if (name || message) return name && message ? `${name}: ${message}` : name || message;
  }
  return String(e);
}
