import { describe, expect, it } from 'vitest';
import { addTotals, emptyTotals, measure, rowTotals } from '../../shared/programme/unit-totals';
import { type VillageRow, villageRow } from '../../shared/programme/village-row';
import type { Submission } from '../../shared/submissions/submission';

const row = (over: Partial<VillageRow> = {}): VillageRow => ({
  code: '341022104201',
  name: '某村',
  kind: 'village',
  inRoster: true,
  stage: 'accepted',
  standardized: true,
  forms: {
    baseline: { state: 'approved', onTime: true },
    'self-evaluation': { state: 'none', onTime: false },
  },
  ...over,
});

describe('roll-up arithmetic', () => {
  it('12 villages need 8 standardized for more than 65%, 9 for 68% and 70%', () => {
    const township = (n: number) =>
      addTotals(Array.from({ length: 12 }, (_, i) => rowTotals(row({ standardized: i < n }))));
    expect(measure(township(7), 0.65)).toMatchObject({ met: false, needed: 1 });
    expect(measure(township(8), 0.65)).toMatchObject({ met: true, needed: 0 });
    expect(measure(township(8), 0.68)).toMatchObject({ met: false, needed: 1 });
    expect(measure(township(9), 0.68)).toMatchObject({ met: true, needed: 0 });
    expect(measure(township(8), 0.7)).toMatchObject({ met: false, needed: 1 });
    expect(measure(township(9), 0.7)).toMatchObject({ met: true, needed: 0 });
    // Exactly 65% is not "more than": 13 of 20.
    const twenty = addTotals(Array.from({ length: 20 }, (_, i) => rowTotals(row({ standardized: i < 13 }))));
    expect(measure(twenty, 0.65)).toMatchObject({ rate: 0.65, met: false, needed: 1 });
  });

  it('a county is the sum of its townships; rates come from the sums, never from averaged rates', () => {
    const a = addTotals(Array.from({ length: 3 }, (_, i) => rowTotals(row({ standardized: i < 3 }))));
    const b = addTotals(Array.from({ length: 9 }, (_, i) => rowTotals(row({ standardized: i < 3 }))));
    const county = addTotals([a, b]);
    expect(county).toMatchObject({ villages: 12, standardized: 6 });
    expect(measure(county).rate).toBe(0.5); // not (1 + 1/3) / 2
    expect(county.steps.baseline).toEqual({ expected: 12, submitted: 12, approved: 12, onTime: 12 });
    expect(addTotals([])).toEqual(emptyTotals());
    expect(measure(emptyTotals(), 0.65)).toEqual({ rate: 0, met: false, needed: 0 });
  });

  it('villages outside the roster count nothing; communities are counted apart', () => {
    expect(rowTotals(row({ inRoster: false }))).toEqual(emptyTotals());
    expect(rowTotals(row({ kind: 'community' }))).toMatchObject({ villages: 1, communities: 1 });
    const returned = rowTotals(row({ forms: { baseline: { state: 'returned', onTime: false } } }));
    expect(returned.steps.baseline).toEqual({ expected: 1, submitted: 0, approved: 0, onTime: 0 });
  });
});

describe('a village row', () => {
  const unit = { code: '341022104204', name: '小阜村', level: 'village' as const, parentCode: '341022104' };
  const submission = (receivedAt: string, review?: Submission['review']): Submission => ({
    id: receivedAt,
    orgCode: unit.code,
    formId: 'baseline',
    formVersion: 1,
    receivedAt,
    linkId: 'l',
    answers: { hasAssociation: true, elderlyPopulation: 200, members: 120, officeArea: 20, isPilot: true },
    ...(review ? { review } : {}),
  });

  it('a baseline by the due date is on time; returned later, it stops counting from the return day', () => {
    const returned = {
      state: 'returned' as const,
      history: [{ state: 'returned' as const, by: 'clerk', at: '2023-07-01T02:00:00Z', comment: '请核实' }],
    };
    const records = { unit, submissions: [submission('2023-06-10T02:00:00Z', returned)], evaluations: [] };
    expect(villageRow(records, '2023-06-30').forms.baseline).toMatchObject({
      state: 'pending',
      onTime: true,
    });
    expect(villageRow(records, '2023-07-01').forms.baseline).toMatchObject({
      state: 'returned',
      onTime: false,
    });
    expect(villageRow(records, '2023-06-30').baseline).toMatchObject({
      hasVenue: true,
      pilot: true,
      members: 120,
    });
    expect(villageRow(records, '2023-07-01').baseline).toBeUndefined();
  });

  it('a resubmission after the due date counts, late', () => {
    const records = { unit, submissions: [submission('2023-06-25T02:00:00Z')], evaluations: [] };
    expect(villageRow(records, '2023-07-01').forms.baseline).toMatchObject({
      state: 'pending',
      onTime: false,
    });
  });

  it('a rectification deadline and a future roster date say when the row changes by itself', () => {
    const rectify = {
      id: 'lb',
      orgCode: unit.code,
      formId: 'lookback',
      formVersion: 1,
      effectiveDate: '2024-03-01',
      recordedAt: '2024-03-01T02:00:00Z',
      by: 'clerk',
      answers: {},
      conclusion: 'rectify' as const,
      rectifyBy: '2024-04-30',
    };
    const accept = {
      ...rectify,
      id: 'acc',
      formId: 'acceptance',
      effectiveDate: '2023-12-01',
      conclusion: undefined,
      rectifyBy: undefined,
      score: {
        total: 85,
        maxTotal: 100,
        grade: { key: 'standard', label: '达标' },
        standardized: true,
        failedVetoes: [],
      },
    };
    const records = { unit, submissions: [], evaluations: [accept, rectify] };
    expect(villageRow(records, '2024-04-01')).toMatchObject({
      stage: 'rectifying',
      changesAfter: '2024-04-30',
    });
    expect(villageRow(records, '2024-05-01')).toMatchObject({ stage: 'revoked', standardized: false });
    const later = { unit: { ...unit, validFrom: '2025-01-01' }, submissions: [], evaluations: [] };
    expect(villageRow(later, '2024-06-01')).toMatchObject({ inRoster: false, changesAfter: '2024-12-31' });
  });
});
