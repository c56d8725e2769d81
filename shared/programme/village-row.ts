import { chinaIsoDate } from '../lib/china-time';
import { addDays } from '../lib/dates';
import { type VillageRecords, villageEvents } from './event-sources';
import { programme } from './shipped-programme';
import type { Stage } from './village-events';
import { villageStatus } from './village-status';

/**
 * One village as the aggregates count it, as of a date: in the roster or not,
 * standardized or not, how far each step's form has got, and the baseline figures the
 * 汇总表 adds up. A pure function of the village's records and the date, so the job, a
 * query "as of" any date and a brute-force recount all agree.
 */

/** Where a form stands for a village: nothing, only returned, submitted (pending), approved. */
export type FormState = 'none' | 'returned' | 'pending' | 'approved';

export interface FormProgress {
  state: FormState;
  /** A counted submission (or the evaluation) is dated on or before the step's due date. */
  onTime: boolean;
  /** The newest submission of the form (ISO instant), counted or returned. */
  lastAt?: string;
}

/** The baseline's figures (latest counted baseline) that the summary table adds up. */
export interface BaselineFigures {
  hasAssociation: boolean;
  registration?: 'registered' | 'filed' | 'none';
  elderly?: number;
  members?: number;
  hasVenue: boolean;
  pilot: boolean;
  funds?: number;
}

export interface VillageRow {
  code: string;
  name: string;
  kind: 'village' | 'community';
  /** Counted in the roster on the date (joined and not retired). */
  inRoster: boolean;
  stage: Stage;
  standardized: boolean;
  grade?: string;
  selfScore?: number;
  acceptanceScore?: number;
  /** The step forms (baseline, self-evaluation, acceptance) by form id. */
  forms: Record<string, FormProgress>;
  baseline?: BaselineFigures;
  /** The day after which this row may change with no new event (a deadline, a roster date). */
  changesAfter?: string;
}

/** The steps whose progress is counted: every step with a form, except the look-back. */
export const countedSteps = programme.steps.filter((s) => s.formId !== undefined && s.key !== 'lookback');

const factKeys = programme.facts.map((f) => f.key);

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function baselineFigures(answers: Record<string, unknown>): BaselineFigures {
  const registration = answers.registrationStatus;
  const office = num(answers.officeArea) ?? 0;
  const activity = num(answers.activityArea) ?? 0;
  const figures: BaselineFigures = {
    hasAssociation: answers.hasAssociation === true,
    hasVenue: office > 0 || activity > 0,
    pilot: answers.isPilot === true,
  };
  if (registration === 'registered' || registration === 'filed' || registration === 'none') {
    figures.registration = registration;
  }
  const elderly = num(answers.elderlyPopulation);
  const members = num(answers.members);
  const funds = num(answers.annualFunds);
  if (elderly !== undefined) figures.elderly = elderly;
  if (members !== undefined) figures.members = members;
  if (funds !== undefined) figures.funds = funds;
  return figures;
}

// The China-time day of an instant: the same day the status fold dates submissions and reviews on.
const dayOf = chinaIsoDate;

/** The latest of some ISO instants (they sort as text). */
const latestOf = (instants: readonly string[]): string => [...instants].sort().at(-1) ?? '';

/** The progress of a village-filled form as of `asOf`. */
function villageFormProgress(
  records: VillageRecords,
  formId: string,
  asOf: string,
  due?: string,
): FormProgress {
  const submissions = records.submissions.filter((s) => s.formId === formId && dayOf(s.receivedAt) <= asOf);
  if (submissions.length === 0) return { state: 'none', onTime: false };
  const lastAt = latestOf(submissions.map((s) => s.receivedAt));
  // A submission's standing as of the date: its latest review effective by then.
  const standing = (s: (typeof submissions)[number]) =>
    s.review?.history.filter((h) => dayOf(h.at) <= asOf).at(-1)?.state ?? 'pending';
  const counted = submissions.filter((s) => standing(s) !== 'returned');
  if (counted.length === 0) return { state: 'returned', onTime: false, lastAt };
  const latest = counted.reduce((a, b) => (b.receivedAt > a.receivedAt ? b : a));
  return {
    state: standing(latest) === 'approved' ? 'approved' : 'pending',
    onTime: due === undefined || counted.some((s) => dayOf(s.receivedAt) <= due),
    lastAt,
  };
}

/** The acceptance step: done once an acceptance is effective; it needs no review. */
function evaluationProgress(
  records: VillageRecords,
  formId: string,
  asOf: string,
  due?: string,
): FormProgress {
  const done = records.evaluations.filter((e) => e.formId === formId && e.effectiveDate <= asOf);
  if (done.length === 0) return { state: 'none', onTime: false };
  return {
    state: 'approved',
    onTime: due === undefined || done.some((e) => e.effectiveDate <= due),
    lastAt: latestOf(done.map((e) => e.recordedAt)),
  };
}

/** The latest baseline that counts as of `asOf` (not returned by then). */
function countedBaseline(records: VillageRecords, asOf: string) {
  let best: VillageRecords['submissions'][number] | undefined;
  for (const s of records.submissions) {
    if (s.formId !== 'baseline' || dayOf(s.receivedAt) > asOf) continue;
    const last = s.review?.history.filter((h) => dayOf(h.at) <= asOf).at(-1)?.state;
    if (last === 'returned') continue;
    if (!best || s.receivedAt > best.receivedAt) best = s;
  }
  return best;
}

/** The earliest date after `asOf` on which the row can change by itself. */
function nextChangeDay(records: VillageRecords, asOf: string, rectifyBy?: string): string | undefined {
  const candidates: string[] = [];
  if (rectifyBy !== undefined && rectifyBy >= asOf) candidates.push(rectifyBy);
  const { validFrom, retired } = records.unit;
  // "After" the day before it: the row changes on the date itself.
  const before = (date: string) => addDays(date, -1);
  if (validFrom !== undefined && validFrom > asOf) candidates.push(before(validFrom));
  if (retired && retired.from > asOf) candidates.push(before(retired.from));
  return candidates.sort()[0];
}

/** The row of a village as of `asOf` (`YYYY-MM-DD`). */
export function villageRow(records: VillageRecords, asOf: string): VillageRow {
  const status = villageStatus(villageEvents(records, factKeys), asOf);
  const forms: Record<string, FormProgress> = {};
  for (const step of countedSteps) {
    const formId = step.formId ?? '';
    forms[formId] =
      step.filledBy === 'township'
        ? evaluationProgress(records, formId, asOf, step.due)
        : villageFormProgress(records, formId, asOf, step.due);
  }
  const baseline = countedBaseline(records, asOf);
  const row: VillageRow = {
    code: records.unit.code,
    name: records.unit.name,
    kind: records.unit.kind === 'community' ? 'community' : 'village',
    inRoster: status.stage !== 'not_in_roster' && status.stage !== 'retired',
    stage: status.stage,
    standardized: status.standardized,
    forms,
  };
  if (status.grade !== undefined) row.grade = status.grade;
  if (status.selfScore !== undefined) row.selfScore = status.selfScore;
  if (status.acceptanceScore !== undefined) row.acceptanceScore = status.acceptanceScore;
  if (baseline) row.baseline = baselineFigures(baseline.answers);
  const changesAfter = nextChangeDay(records, asOf, status.rectifyBy);
  if (changesAfter !== undefined) row.changesAfter = changesAfter;
  return row;
}
