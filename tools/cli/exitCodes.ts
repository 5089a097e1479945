/**
 * Exit codes of `ns-oauth`, the same for every command, so scripts can rely on them
 * (documented in docs/CLI.md and in `ns-oauth --help`).
 */
export const EXIT = {
  /** Success: the command did what it was asked; doctor found no failure (warnings allowed). */
  OK: 0,
  /** A check failed (doctor, validate) or NetSuite refused the request (invalid_grant, invalid_client, ...). */
  FAILED: 1,
  /** Usage or input error: unknown option, bad value, unreadable config, malformed key, refusing to overwrite. */
  USAGE: 2,
  /** Network or temporary failure: DNS, connection refused, timeout, TLS, HTTP 5xx/429, HTML error page. Retrying later may help. */
  NETWORK: 3,
  /** Unexpected internal error (a bug in ns-oauth). */
  INTERNAL: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_CODE_HELP = `Exit codes:
  0  success (doctor: no failure; warnings allowed)
  1  a check failed, or NetSuite refused the request (invalid_grant, invalid_client, ...)
  2  usage or input error (bad option or value, unreadable config, malformed key, refusing to overwrite)
  3  network or temporary failure (DNS, connection, timeout, TLS, HTTP 5xx/429): retrying may help
  4  unexpected internal error (a bug: please report it)`;

/**
 * An error a command reports to the user: `message` says what is wrong, `fix` how to put it right.
 * Neither ever contains a secret.
 */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    readonly exitCode: ExitCode,
    message: string,
    readonly fix?: string,
  ) {
    super(message);
  }
}

export function usageError(message: string, fix?: string): CliError {
  return new CliError(EXIT.USAGE, message, fix);
}
