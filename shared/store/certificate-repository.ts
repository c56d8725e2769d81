import * as z from 'zod/mini';
import { type Certificate, certificateSchema } from '../certificates/certificate';
import type { Table } from './dynamo';
import { certificateKeys } from './keys';

const claimSchema = z.object({ number: z.string(), issuedAt: z.string() });
export type CertificateClaim = z.infer<typeof claimSchema>;
const sequenceSchema = z.object({ last: z.int() });

/** How often a sequence increment is retried when another run took the same number first. */
const sequenceAttempts = 20;

/**
 * Certificates with conditional writes only (no transactions): a number comes from a
 * per-county-and-year counter advanced by a compare-and-set; the acceptance's claim is
 * create-only, so of two runs at once exactly one certificate wins; the certificate item
 * itself is create-only too.
 */
export function dynamoCertificateRepository(table: Table) {
  return {
    /** The next number of the sequence (1, 2, …); each call gets a different one. */
    async nextSequence(county: string, year: number): Promise<number> {
      const key = certificateKeys.sequence(county, year);
      for (let i = 0; i < sequenceAttempts; i++) {
        const last = (await table.get(key, sequenceSchema))?.last ?? 0;
        const won = await table.putIf(
          { ...key, last: last + 1 },
          last === 0
            ? { expression: 'attribute_not_exists(pk)' }
            : { expression: '#l = :l', names: { '#l': 'last' }, values: { ':l': last } },
        );
        if (won) return last + 1;
      }
      throw new Error(`certificate sequence ${county}-${year}: too much contention`);
    },
    /** The number (and issue time) claimed for an acceptance, if any. */
    claimOf: (orgCode: string, acceptanceId: string): Promise<CertificateClaim | undefined> =>
      table.get(certificateKeys.claim(orgCode, acceptanceId), claimSchema),
    /**
     * Claims `number` for the acceptance, issued at `issuedAt`; returns the claim that holds
     * (an earlier one wins, and then `number` is never used: a gap in the sequence).
     */
    async claim(
      orgCode: string,
      acceptanceId: string,
      number: string,
      issuedAt: string,
    ): Promise<CertificateClaim> {
      const key = certificateKeys.claim(orgCode, acceptanceId);
      if (await table.putIfAbsent({ ...key, number, issuedAt })) return { number, issuedAt };
      const earlier = await table.get(key, claimSchema);
      if (!earlier) throw new Error('certificate claim lost without a claim');
      return earlier;
    },
    /** Stores the certificate once (false when it is already there). */
    create: (c: Certificate) =>
      table.putIfAbsent({
        ...certificateKeys.item(c.number),
        ...certificateKeys.indexes(c.orgCode, c.number),
        ...c,
      }),
    get: (number: string): Promise<Certificate | undefined> =>
      table.get(certificateKeys.item(number), certificateSchema),
    /** Every certificate of the villages under `code`, by village code then number. */
    listUnder(code: string): Promise<Certificate[]> {
      const { gsi2pk, gsi2sk } = certificateKeys.scope(code);
      return table.query(
        { index: 'byScope', partition: ['gsi2pk', gsi2pk], sortPrefix: ['gsi2sk', gsi2sk] },
        certificateSchema,
      );
    },
  };
}

export type CertificateRepository = ReturnType<typeof dynamoCertificateRepository>;
