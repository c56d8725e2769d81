/**
 * Login throttling, pure: failures counted per username and per client address within a
 * window; at the limit the key is locked for the lock time (429 `auth.throttled`).
 */
export const loginThrottle = { maxFailures: 10, windowSeconds: 15 * 60, lockSeconds: 15 * 60 } as const;

/** What a throttle counts: login failures per username or client address, verify lookups per client. */
export type ThrottleKind = 'user' | 'client' | 'verify';

/** Certificate verification: lookups per client address (numbers are sequential, so enumeration must be slow). */
export const verifyThrottle = { maxFailures: 60, windowSeconds: 10 * 60, lockSeconds: 10 * 60 } as const;

/** The failures recorded for one key (a username or a client address). */
export interface ThrottleState {
  failures: number;
  /** Unix seconds of the first failure in the current window. */
  since: number;
  /** Unix seconds until which the key is locked. */
  lockedUntil?: number;
}

const seconds = (now: Date) => Math.floor(now.getTime() / 1000);

/** Seconds the key is still locked at `now`, or 0. */
export function lockedFor(state: ThrottleState | undefined, now: Date): number {
  const left = (state?.lockedUntil ?? 0) - seconds(now);
  return Math.max(left, 0);
}

/** The state after one more failure at `now`: a new window once the old one passed. */
export function afterFailure(
  state: ThrottleState | undefined,
  now: Date,
  policy: { maxFailures: number; windowSeconds: number; lockSeconds: number } = loginThrottle,
): ThrottleState {
  const t = seconds(now);
  const current = state && t - state.since < policy.windowSeconds ? state : { failures: 0, since: t };
  const failures = current.failures + 1;
  return failures >= policy.maxFailures
    ? { failures: 0, since: t, lockedUntil: t + policy.lockSeconds }
    : { failures, since: current.since };
}

/**
 * Per-link limits of a survey link's writes, per clock minute. Generous for a person: the
 * page script saves a draft ~1.5 s after the last change (at most ~40 a minute of steady
 * typing, plus a save when the page is hidden), and a person submits once or twice — the
 * script's retries of one submission on a bad network (1, 2, 4, 8, 16, 30 s) stay below 10.
 * Upload slots: the largest attachment field takes 20 files, which a person may pick at
 * once (one slot each) and then replace a few of. A script hammering one link is stopped
 * after these (429 `fill.throttled`), and an upload needs a slot, so files cannot pile up
 * faster than `uploadsPerMinute` either.
 */
export const linkRates = { submitsPerMinute: 10, draftsPerMinute: 60, uploadsPerMinute: 40 } as const;

export interface LinkRates {
  submitsPerMinute: number;
  draftsPerMinute: number;
  uploadsPerMinute: number;
}

/** What a per-link counter counts: submission attempts, draft saves, or upload slots issued. */
export type LinkAction = 'submit' | 'draft' | 'upload';

/** The most `action`s a link may make in one minute under `rates`. */
export const linkLimit = (rates: LinkRates, action: LinkAction): number =>
  action === 'submit'
    ? rates.submitsPerMinute
    : action === 'draft'
      ? rates.draftsPerMinute
      : rates.uploadsPerMinute;

/** The clock minute of `now` (Unix minutes): the window a per-link counter counts in. */
export const minuteOf = (now: Date): number => Math.floor(now.getTime() / 60_000);

/** Seconds from `now` until its minute ends (1–60): the Retry-After of a per-link refusal. */
export const secondsToNextMinute = (now: Date): number => 60 - Math.floor((now.getTime() % 60_000) / 1000);
