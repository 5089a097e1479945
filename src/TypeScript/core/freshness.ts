/** When a stored token must be refreshed, and when it may still be handed out. */

export interface StoredTokenState {
  hasToken: boolean;
  expiresAt: Date | null;
}

/** Whole seconds of validity left (0 when none or lapsed). */
export function secondsLeft(expiresAt: Date | null, nowMs: number): number {
  if (!expiresAt) return 0;
  return Math.max(0, Math.floor((expiresAt.getTime() - nowMs) / 1000));
}

/** The refresher skips the request while the stored token has more than the margin left. */
export function needsRefresh(stored: StoredTokenState, nowMs: number, marginMinutes: number): boolean {
  if (!stored.hasToken || !stored.expiresAt) return true;
  return secondsLeft(stored.expiresAt, nowMs) <= marginMinutes * 60;
}

/** The proxy hands a token out only while it has at least `minSeconds` left. */
export function isServable(expiresAt: Date | null, nowMs: number, minSeconds: number): boolean {
  const left = secondsLeft(expiresAt, nowMs);
  return left > 0 && left >= minSeconds;
}

/** Expiry of a token issued now, shaved by a few seconds for transit time. */
export function expiryOf(nowMs: number, expiresInSeconds: number): Date {
  return new Date(nowMs + Math.max(0, expiresInSeconds - 5) * 1000);
}
