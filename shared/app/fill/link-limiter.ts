import {
  type LinkAction,
  type LinkRates,
  linkLimit,
  linkRates,
  minuteOf,
  secondsToNextMinute,
} from '../../auth/throttle';
import { AppError } from '../../errors';
import type { LinkRateRepository } from '../../store/ports';
import type { ResolvedLink } from '../links/link-service';
import type { Attempt } from './page-outcome';

/**
 * The per-link limits of a survey link's writes (`linkRates`): `admit` counts one
 * `action` of the link in the current clock minute, or refuses it past the limit with
 * 429 `fill.throttled` (details: the seconds to the next minute), counting nothing then.
 * One store call (a conditional counter update), no read.
 */
export function createLinkLimiter(counters: LinkRateRepository, limits: LinkRates = linkRates) {
  return async (
    { link }: Pick<ResolvedLink, 'link'>,
    action: LinkAction,
    now: Date,
  ): Promise<Attempt<void>> => {
    if (await counters.take(link.id, action, minuteOf(now), linkLimit(limits, action)))
      return { ok: true, value: undefined };
    const retryAfterSeconds = secondsToNextMinute(now);
    return { ok: false, error: new AppError('fill.throttled', { details: { retryAfterSeconds } }) };
  };
}
