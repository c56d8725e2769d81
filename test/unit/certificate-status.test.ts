import { describe, expect, it } from 'vitest';
import {
  associationName,
  certificateNumber,
  certificateStatus,
  deservesCertificate,
} from '../../shared/certificates/certificate';
import type {
  AcceptanceEvent,
  LookbackEvent,
  RosterEvent,
  VillageEvent,
} from '../../shared/programme/village-events';

const accept = (id: string, date: string, standardized = true): AcceptanceEvent => ({
  type: 'acceptance',
  id,
  effectiveDate: date,
  recordedAt: `${date}T02:00:00.000Z`,
  by: 'clerk',
  score: {
    total: standardized ? 85 : 60,
    standardized,
    grade: standardized ? '达标' : '基本达标',
    failedVetoes: [],
  },
});
const lookback = (
  date: string,
  conclusion: LookbackEvent['conclusion'],
  rectifyBy?: string,
): LookbackEvent => ({
  type: 'lookback',
  id: `lb-${date}`,
  effectiveDate: date,
  recordedAt: `${date}T02:00:00.000Z`,
  by: 'clerk',
  conclusion,
  ...(rectifyBy ? { rectifyBy } : {}),
});
const retired = (date: string): RosterEvent => ({
  type: 'roster',
  id: 'roster#retired',
  effectiveDate: date,
  recordedAt: `${date}T02:00:00.000Z`,
  by: 'clerk',
  change: 'retired',
  reason: '合并',
});
const status = (events: VillageEvent[], asOf: string, acceptanceId = 'a1') =>
  certificateStatus({ acceptanceId }, events, asOf);

describe('certificate numbers and names', () => {
  it('county, year and a four-digit sequence (wider when it runs past 9999)', () => {
    expect(certificateNumber('341022', 2023, 7)).toBe('341022-2023-0007');
    expect(certificateNumber('341022', 2024, 12345)).toBe('341022-2024-12345');
  });
  it('the association is named 县+乡镇+村+老年协会, without the demo marker', () => {
    expect(associationName('休宁县', '东临溪镇', '小阜村')).toBe('休宁县东临溪镇小阜村老年协会');
    expect(associationName('休宁县', '五城镇', '五城示例一村（示例）')).toBe(
      '休宁县五城镇五城示例一村老年协会',
    );
  });
});

describe('who deserves a certificate', () => {
  it('the acceptance in force of a standardized village; not a failed one, not after a revocation', () => {
    expect(deservesCertificate([accept('a1', '2024-03-01')], '2024-03-01')?.id).toBe('a1');
    expect(deservesCertificate([accept('a1', '2024-03-01')], '2024-02-28')).toBeUndefined();
    expect(deservesCertificate([accept('a1', '2024-03-01', false)], '2024-05-01')).toBeUndefined();
    const revoked = [accept('a1', '2024-03-01'), lookback('2024-06-01', 'revoke')];
    expect(deservesCertificate(revoked, '2024-07-01')).toBeUndefined();
    expect(deservesCertificate([...revoked, accept('a2', '2024-09-01')], '2024-09-02')?.id).toBe('a2');
  });
});

describe('live status', () => {
  it('valid while its acceptance keeps the village standardized, also through a rectification', () => {
    const events = [accept('a1', '2024-03-01'), lookback('2024-06-01', 'rectify', '2024-07-31')];
    expect(status(events, '2024-07-31')).toEqual({ status: 'valid' });
    expect(status(events, '2024-08-01')).toEqual({
      status: 'revoked',
      revokedAt: '2024-07-31',
      reason: '整改期满未重新通过评估验收',
    });
  });

  it('a look-back revocation, then a re-acceptance: the old one stays revoked on the look-back date', () => {
    const events = [accept('a1', '2024-03-01'), lookback('2024-06-01', 'revoke'), accept('a2', '2024-09-01')];
    const revokedByLookback = { status: 'revoked', revokedAt: '2024-06-01', reason: '经回头看撤销达标' };
    expect(status(events, '2024-06-01')).toEqual(revokedByLookback);
    expect(status(events, '2024-12-01')).toEqual(revokedByLookback);
    expect(status(events, '2024-12-01', 'a2')).toEqual({ status: 'valid' });
  });

  it('a new acceptance while still valid replaces it; a retirement ends it', () => {
    const events = [accept('a1', '2024-03-01'), accept('a2', '2025-03-01')];
    expect(status(events, '2025-03-02')).toEqual({
      status: 'revoked',
      revokedAt: '2025-03-01',
      reason: '已被新的评估验收取代',
    });
    expect(status([accept('a1', '2024-03-01'), retired('2025-01-01')], '2025-01-02')).toEqual({
      status: 'revoked',
      revokedAt: '2025-01-01',
      reason: '该村（居）已撤并',
    });
  });
});
