export interface VerifyAssertionInput {
  /** The compact JWS (client_assertion). */
  token: string;
  /** X.509 certificate PEM registered for the JWT's kid. */
  certificatePem: string;
  /** The exact JWS alg to verify with (header alg, already checked against NetSuite's list). */
  alg: string;
  /** The endpoint's clock, ms since the epoch. */
  nowMs: number;
  /** Tolerance for jose's nbf/exp checks, seconds (default 0). */
  clockToleranceSeconds?: number;
}

export type VerifyAssertionResult =
  | { ok: true; header: Record<string, unknown>; payload: Record<string, unknown> }
  | { ok: false; reason: 'key' | 'signature' | 'claims' | 'malformed'; detail: string };

export function verifyAssertion(input: VerifyAssertionInput): Promise<VerifyAssertionResult>;
