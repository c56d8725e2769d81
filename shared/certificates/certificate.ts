import * as z from 'zod/mini';
import { addDays, isoDateSchema } from '../lib/dates';
import { withoutInvisible } from '../lib/file-name';
import { divisionCodeSchema } from '../org/division';
import type { AcceptanceEvent, VillageEvent } from '../programme/village-events';
import { compareEvents, villageStatus } from '../programme/village-status';

/**
 * A 达标证书: issued once for the acceptance that made a village standardized, valid for
 * as long as that acceptance is what keeps it standardized. Its status is never stored:
 * it is read from the village's dated status, so a look-back revocation shows at once.
 */

/** `341022-2023-0007`: county, year of the acceptance, a sequence per county and year. */
export const certificateNumberPattern = /^(\d{6})-(\d{4})-(\d{4,})$/;

export const certificateNumberSchema = z
  .string()
  .check(z.regex(certificateNumberPattern, '证书编号格式应为 县代码-年份-序号，如 341022-2023-0007'));

/**
 * A number as a person types it from the paper: full-width digits and dashes (a Chinese
 * keyboard), spaces, other dash characters, invisible characters, or the bare 14 digits.
 * Normalised only; whether it is one is for `certificateNumberSchema` to say.
 */
export function typedCertificateNumber(typed: string): string {
  const text = withoutInvisible(typed.normalize('NFKC'))
    .replace(/\s/g, '')
    .replace(/[‐-―−－ー]/g, '-');
  // Typed on a phone's number pad, which has no dash: the 14 digits of 县代码, 年份, 序号.
  const digits = /^(\d{6})(\d{4})(\d{4})$/.exec(text);
  return digits ? `${digits[1]}-${digits[2]}-${digits[3]}` : text;
}

export function certificateNumber(county: string, year: number, sequence: number): string {
  return `${county}-${year}-${String(sequence).padStart(4, '0')}`;
}

export const certificateSchema = z.object({
  number: certificateNumberSchema,
  orgCode: divisionCodeSchema,
  /** The acceptance (evaluation id) it was issued for: one certificate per acceptance. */
  acceptanceId: z.string(),
  /** 县+乡镇+村+老年协会, the association's standard name. */
  association: z.string(),
  village: z.string(),
  township: z.string(),
  county: z.string(),
  /** The issuing body: the township government. */
  issuer: z.string(),
  grade: z.string(),
  acceptedOn: isoDateSchema,
  issuedAt: z.iso.datetime(),
  /** Of the stored PDF, hex: a printed copy's file can be checked against it. */
  sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  blobKey: z.string(),
  size: z.int(),
});
export type Certificate = z.infer<typeof certificateSchema>;

/** The association's standard name (按“县+乡镇+村+老年协会”规范命名). */
export function associationName(county: string, township: string, village: string): string {
  return `${county}${township}${village.replace(/（示例）$/, '')}老年协会`;
}

/** The acceptance in force on `asOf`: the latest one effective by then (the fold's own rule). */
export function acceptanceInForce(
  events: readonly VillageEvent[],
  asOf: string,
): AcceptanceEvent | undefined {
  const accepted = events
    .filter((e): e is AcceptanceEvent => e.type === 'acceptance' && e.effectiveDate <= asOf)
    .sort(compareEvents);
  return accepted.at(-1);
}

/** Whether `acceptance` should have a certificate on `asOf`: it is in force and the village is standardized. */
export function deservesCertificate(
  events: readonly VillageEvent[],
  asOf: string,
): AcceptanceEvent | undefined {
  const acceptance = acceptanceInForce(events, asOf);
  if (!acceptance?.score.standardized) return undefined;
  return villageStatus(events, asOf).standardized ? acceptance : undefined;
}

const dayBefore = (date: string) => addDays(date, -1);

export interface CertificateStatus {
  status: 'valid' | 'revoked';
  /** The day it stopped being valid. */
  revokedAt?: string;
  /** Why, in Chinese, for the verify page. */
  reason?: string;
}

/**
 * Live status of a certificate on `asOf`: valid while its acceptance is the one in force
 * and the village is standardized; otherwise revoked since the day that ended (a look-back
 * revocation, a missed rectification deadline, a later acceptance, the village's 撤并).
 */
export function certificateStatus(
  cert: Pick<Certificate, 'acceptanceId'>,
  events: readonly VillageEvent[],
  asOf: string,
): CertificateStatus {
  const status = villageStatus(events, asOf);
  const inForce = acceptanceInForce(events, asOf);
  if (inForce?.id === cert.acceptanceId && status.standardized) return { status: 'valid' };
  if (inForce && inForce.id !== cert.acceptanceId) {
    // A later acceptance: if the certificate was still valid the day before, it replaced
    // it; otherwise it had ended earlier (a revocation), and that is what it says.
    const before = certificateStatus(cert, events, dayBefore(inForce.effectiveDate));
    if (before.status === 'revoked') return before;
    return { status: 'revoked', revokedAt: inForce.effectiveDate, reason: '已被新的评估验收取代' };
  }
  const revokedAt = status.since ?? asOf;
  const revokedByLookback = events.some(
    (e) => e.type === 'lookback' && e.conclusion === 'revoke' && e.effectiveDate === revokedAt,
  );
  const reason =
    status.stage === 'retired'
      ? '该村（居）已撤并'
      : revokedByLookback
        ? '经回头看撤销达标'
        : status.stage === 'revoked'
          ? '整改期满未重新通过评估验收'
          : '已不再达标';
  return { status: 'revoked', revokedAt, reason };
}
