import { meetsTarget, shortfall } from './targets';
import type { VillageRow } from './village-row';
import { countedSteps } from './village-row';

/**
 * What a unit's aggregate adds up: counts only (integers, and sums of reported figures),
 * so a county's totals are exactly the sum of its townships' and rates are computed from
 * sums at the end, never averaged.
 */
export interface StepCounts {
  /** Villages in the roster: every one of them is expected to complete the step. */
  expected: number;
  /** With a submission that counts (not returned), or for the acceptance, evaluated. */
  submitted: number;
  approved: number;
  /** Submitted by the step's due date. */
  onTime: number;
}

export interface UnitTotals {
  /** Villages in the roster (村 and 社区). */
  villages: number;
  communities: number;
  standardized: number;
  steps: Record<string, StepCounts>;
  /** From the latest counted baselines (the 汇总表). */
  associations: number;
  registered: number;
  filed: number;
  elderly: number;
  members: number;
  withVenue: number;
  pilots: number;
  funds: number;
}

export function emptyTotals(): UnitTotals {
  const steps: Record<string, StepCounts> = {};
  for (const step of countedSteps) {
    steps[step.formId ?? ''] = { expected: 0, submitted: 0, approved: 0, onTime: 0 };
  }
  return {
    villages: 0,
    communities: 0,
    standardized: 0,
    steps,
    associations: 0,
    registered: 0,
    filed: 0,
    elderly: 0,
    members: 0,
    withVenue: 0,
    pilots: 0,
    funds: 0,
  };
}

const numericKeys = [
  'villages',
  'communities',
  'standardized',
  'associations',
  'registered',
  'filed',
  'elderly',
  'members',
  'withVenue',
  'pilots',
  'funds',
] as const;

/** The sum of several units' totals (a county from its townships). */
export function addTotals(parts: readonly UnitTotals[]): UnitTotals {
  const sum = emptyTotals();
  for (const part of parts) {
    for (const key of numericKeys) sum[key] += part[key];
    for (const [formId, counts] of Object.entries(part.steps)) {
      const into = sum.steps[formId] ?? { expected: 0, submitted: 0, approved: 0, onTime: 0 };
      sum.steps[formId] = into;
      into.expected += counts.expected;
      into.submitted += counts.submitted;
      into.approved += counts.approved;
      into.onTime += counts.onTime;
    }
  }
  return sum;
}

/** The totals of one village row (zero unless it is in the roster on the date). */
export function rowTotals(row: VillageRow): UnitTotals {
  const t = emptyTotals();
  if (!row.inRoster) return t;
  t.villages = 1;
  t.communities = row.kind === 'community' ? 1 : 0;
  t.standardized = row.standardized ? 1 : 0;
  for (const [formId, progress] of Object.entries(row.forms)) {
    const counts = t.steps[formId];
    if (!counts) continue;
    counts.expected = 1;
    const submitted = progress.state === 'pending' || progress.state === 'approved';
    counts.submitted = submitted ? 1 : 0;
    counts.approved = progress.state === 'approved' ? 1 : 0;
    counts.onTime = submitted && progress.onTime ? 1 : 0;
  }
  const b = row.baseline;
  if (b) {
    t.associations = b.hasAssociation ? 1 : 0;
    t.registered = b.hasAssociation && b.registration === 'registered' ? 1 : 0;
    t.filed = b.hasAssociation && b.registration === 'filed' ? 1 : 0;
    t.elderly = b.elderly ?? 0;
    t.members = b.hasAssociation ? (b.members ?? 0) : 0;
    t.withVenue = b.hasVenue ? 1 : 0;
    t.pilots = b.pilot ? 1 : 0;
    t.funds = b.funds ?? 0;
  }
  return t;
}

/** The rate and, against a target, whether it is met and how many more villages it needs. */
export function measure(totals: Pick<UnitTotals, 'villages' | 'standardized'>, rateAbove?: number) {
  const rate = totals.villages === 0 ? 0 : totals.standardized / totals.villages;
  if (rateAbove === undefined) return { rate };
  return {
    rate,
    met: meetsTarget(totals.standardized, totals.villages, rateAbove),
    needed: shortfall(totals.standardized, totals.villages, rateAbove),
  };
}
