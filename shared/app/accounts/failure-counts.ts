import { afterFailure, lockedFor } from '../../auth/throttle';
import { AppError } from '../../errors';
import type { ThrottleRepository } from '../../store/ports';

/** What a failure count is kept for: a username, or a client address. */
export type FailureKey = [kind: 'user' | 'client', value: string];

/**
 * The failed-password counts a login and a password change share (`shared/auth/throttle.ts`
 * has the policy): a lock refuses with 429 `auth.throttled` until it ends, whatever the
 * password; each failure is counted with a compare-and-set, retried on a lost race.
 */
export function failureCounts(throttles: ThrottleRepository) {
  return {
    /** Throws 429 while any of `keys` is locked; `what` names the failures in the message. */
    async checkNotLocked(keys: readonly FailureKey[], now: Date, what: string): Promise<void> {
      const states = await Promise.all(keys.map(([kind, value]) => throttles.get(kind, value)));
      const wait = Math.max(...states.map((s) => lockedFor(s, now)));
      if (wait > 0)
        throw new AppError('auth.throttled', {
          message: `${what}次数过多，请 ${Math.ceil(wait / 60)} 分钟后再试`,
          details: { retryAfterSeconds: wait },
        });
    },

    /** Counts one failure of `key`. */
    async record([kind, value]: FailureKey, now: Date): Promise<void> {
      for (let attempt = 0; attempt < 5; attempt++) {
        const state = await throttles.get(kind, value);
        if (await throttles.put(kind, value, afterFailure(state, now), state?.rev)) return;
      }
    },
  };
}
