import * as z from 'zod/mini';
import { chinaOffsetMs } from '../lib/china-time';
import { divisionCodeSchema } from '../org/division';
import { linkIdSchema } from './link-token';

/** Lifetime of a new link when the issuer does not choose one, and the longest allowed. */
export const linkDays = { default: 180, max: 730 } as const;

/**
 * A survey link as stored: one village, one form (always its latest published version),
 * an expiry, who issued it, and when (and by whom) it was revoked.
 */
export const linkSchema = z.object({
  id: linkIdSchema,
  orgCode: divisionCodeSchema,
  formId: z.string().check(z.minLength(1)),
  issuedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  issuedBy: z.string(),
  revokedAt: z.optional(z.iso.datetime()),
  revokedBy: z.optional(z.string()),
});
export type Link = z.infer<typeof linkSchema>;

export type LinkStatus = 'active' | 'expired' | 'revoked';

/** A link's status at `now`: revocation wins over expiry; a link expires at `expiresAt`. */
export function linkStatus(link: Pick<Link, 'expiresAt' | 'revokedAt'>, now: Date): LinkStatus {
  if (link.revokedAt !== undefined) return 'revoked';
  return now.getTime() >= Date.parse(link.expiresAt) ? 'expired' : 'active';
}

const dayMs = 24 * 60 * 60 * 1000;

/**
 * The expiry of a link issued at `now` for `days` days: the END of the China-time day
 * `days` days later (23:59:59.999, UTC+8), so the date printed as 有效期至 holds all day.
 */
export function expiryOf(now: Date, days: number): string {
  const chinaDayStart = Math.floor((now.getTime() + chinaOffsetMs) / dayMs) * dayMs;
  return new Date(chinaDayStart + (days + 1) * dayMs - 1 - chinaOffsetMs).toISOString();
}
