/**
 * The local account's clock: real time plus an offset, optionally running `speed` times faster (for
 * demos: with --speed 60 the 15-minute refresher schedule comes round every 15 seconds). The account,
 * its scripts (`Date` in SuiteScript), the token endpoint and the REST surface all read it; moving it
 * (tests, `POST /local/clock`) makes tokens expire without waiting. The offset survives restarts.
 */
export interface AccountClock {
  now(): number;
  advance(ms: number): void;
  set(ms: number): void;
  /** Account time minus real time, ms (what is persisted). */
  offsetMs(): number;
  readonly speed: number;
}

export const MAX_SPEED = 10_000;

export function createAccountClock(offsetMs = 0, speed = 1, realNow: () => number = Date.now): AccountClock {
  if (!Number.isFinite(speed) || speed <= 0 || speed > MAX_SPEED) throw new RangeError(`speed must be a number above 0 and at most ${MAX_SPEED}`);
  let anchorReal = realNow();
  let anchorAccount = anchorReal + offsetMs;
  const now = () => Math.floor(anchorAccount + (realNow() - anchorReal) * speed);
  return {
    now,
    advance(ms: number) {
      if (!Number.isFinite(ms)) throw new RangeError('advance needs a finite number of ms');
      anchorAccount += ms;
    },
    set(ms: number) {
      if (!Number.isFinite(ms)) throw new RangeError('set needs a finite time in ms');
      anchorReal = realNow();
      anchorAccount = ms;
    },
    offsetMs: () => now() - realNow(),
    speed,
  };
}
