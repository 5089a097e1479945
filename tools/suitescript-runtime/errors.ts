/**
 * Errors of the SuiteScript runtime.
 *
 * - {@link SuiteScriptError}: what NetSuite throws on a script's behalf (`error.SuiteScriptError`). Every error the
 *   runtime raises *as NetSuite would* is one of these.
 * - {@link RuntimeFault}: the runtime itself refusing (a module or method it does not implement, an https request no
 *   route answers, a test misuse). It is a plain `Error` whose message starts with `SuiteScript runtime:` and it is
 *   also recorded on the execution (`faults`), so a script that swallows it cannot hide it from a test.
 * - {@link NetworkFault}: thrown by a test's https route handler to simulate a network failure.
 */

/** Shape of a SuiteScriptError as a script sees it (NetSuite's documented members). */
export interface SuiteScriptErrorJSON {
  type: 'error.SuiteScriptError';
  name: string;
  message: string;
  stack: string[];
  cause: unknown;
  id: string;
  notifyOff: boolean;
  userFacing: boolean;
}

/**
 * NetSuite's `error.SuiteScriptError`. Deliberately NOT a subclass of `Error`: scripts must not rely on
 * `instanceof Error` to recognise NetSuite errors (read `name` and `message`). Its `stack` is an array of strings, as
 * NetSuite documents, and `toString()` gives the JSON form NetSuite shows in logs.
 */
export class SuiteScriptError {
  readonly type = 'error.SuiteScriptError' as const;
  readonly id: string;
  readonly name: string;
  readonly message: string;
  readonly stack: string[];
  readonly cause: unknown;
  readonly notifyOff: boolean;
  readonly userFacing: boolean;

  constructor(name: string, message: string, options: { cause?: unknown; notifyOff?: boolean; userFacing?: boolean } = {}) {
    this.name = name;
    this.message = message;
    this.id = '';
    this.cause = options.cause;
    this.notifyOff = options.notifyOff ?? false;
    this.userFacing = options.userFacing ?? true;
    this.stack = scriptStack();
  }

  toJSON(): SuiteScriptErrorJSON {
    return {
      type: this.type,
      name: this.name,
      message: this.message,
      stack: this.stack,
      cause: this.cause,
      id: this.id,
      notifyOff: this.notifyOff,
      userFacing: this.userFacing,
    };
  }

  toString(): string {
    return JSON.stringify(this.toJSON());
  }
}

/** Prefix of the `filename` given to every compiled File Cabinet script (so stacks can be filtered to script frames). */
export const SCRIPT_FILENAME_PREFIX = 'FileCabinet:';

/** The frames of the current stack that belong to File Cabinet scripts, most recent first. */
export function scriptStack(): string[] {
  const raw = new Error().stack ?? '';
  return raw
    .split('\n')
    .filter((line) => line.includes(SCRIPT_FILENAME_PREFIX))
    .map((line) => line.trim().replace(SCRIPT_FILENAME_PREFIX, ''));
}

/** Creates a {@link SuiteScriptError}. */
export function sse(name: string, message: string, cause?: unknown): SuiteScriptError {
  return new SuiteScriptError(name, message, { cause });
}

/** The runtime refusing to pretend: unimplemented API, unrouted request, misuse. */
export class RuntimeFault extends Error {
  constructor(message: string) {
    super(`SuiteScript runtime: ${message}`);
    this.name = 'RuntimeFault';
  }
}

/**
 * Thrown by an https route handler to simulate a network failure. N/https turns it into the SuiteScriptError a real
 * failure gives, named `name` (e.g. `SSS_REQUEST_TIME_EXCEEDED`, `SSS_CONNECTION_TIME_OUT`, `SSS_CONNECTION_CLOSED`,
 * `SSS_INVALID_HOST_CERT`, `SSS_UNKNOWN_HOST`), with NetSuite's message unless one is given.
 */
export class NetworkFault extends Error {
  /** The SuiteScript error name the script will see. */
  readonly faultName: string;

  constructor(name: string, message?: string) {
    super(message ?? NETWORK_FAULT_MESSAGES[name] ?? `Network failure (${name}).`);
    this.name = 'NetworkFault';
    this.faultName = name;
  }
}

/** NetSuite's messages for outbound-connection failures (N/http, N/https). */
export const NETWORK_FAULT_MESSAGES: Record<string, string> = {
  SSS_REQUEST_TIME_EXCEEDED: 'The host you are trying to connect to has exceeded the maximum allowed response time.',
  SSS_CONNECTION_TIME_OUT: 'The host you are trying to connect to has not responded within the allowed connection time.',
  SSS_CONNECTION_CLOSED: 'The connection was closed because it has exceeded the time out period.',
  SSS_INVALID_HOST_CERT: 'An untrusted, unsupported, or invalid certificate was found for this host.',
  SSS_UNKNOWN_HOST: 'The host you requested is unknown or cannot be found.',
};

/** Describes any thrown value as `{ name, message, stack? }` (for execution results and logs). */
export function describeError(error: unknown): { name: string; message: string; stack?: string[] | string } {
  if (error instanceof SuiteScriptError) return { name: error.name, message: error.message, stack: error.stack };
  if (error !== null && typeof error === 'object') {
    const e = error as { name?: unknown; message?: unknown; stack?: unknown };
    const out: { name: string; message: string; stack?: string[] | string } = {
      name: typeof e.name === 'string' ? e.name : 'Error',
      message: typeof e.message === 'string' ? e.message : safeString(error),
    };
    if (typeof e.stack === 'string' || Array.isArray(e.stack)) out.stack = e.stack as string[] | string;
    return out;
  }
  return { name: 'Error', message: safeString(error) };
}

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
