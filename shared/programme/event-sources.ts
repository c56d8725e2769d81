import { chinaIsoDate } from '../lib/china-time';
import type { OrgUnit } from '../org/org-unit';
import type { Evaluation } from '../submissions/evaluation';
import type { ScoreSummary, Submission } from '../submissions/submission';
import type { Facts, VillageEvent } from './village-events';
import type { Labels } from './village-flags';

/**
 * The dated events of a village, read off what is stored: its submissions (with their
 * review histories), the township's evaluations and its roster entry. Nothing is stored
 * twice: the events are a view of those items, so they can never disagree with them.
 */

/** Who recorded a village's own submission (a link holder, not an account). */
export const villageActor = 'village';

/** Who "recorded" a village's joining the roster (its first day, from the roster file). */
export const rosterActor = 'roster';

/** Names in `by` that are not accounts: no account may be called so (see `createUserSchema`). */
export const systemActors: readonly string[] = [villageActor, rosterActor];

/** The facts (see `programme.json` `facts`) a submission states, by key. */
export function factsOf(answers: Record<string, unknown>, factKeys: readonly string[]): Facts {
  const facts: Facts = {};
  for (const key of factKeys) {
    const value = Object.hasOwn(answers, key) ? answers[key] : undefined;
    if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string')
      facts[key] = value;
  }
  return facts;
}

function eventScore(score: ScoreSummary) {
  return {
    total: score.total,
    standardized: score.standardized,
    grade: score.grade?.label ?? null,
    failedVetoes: score.failedVetoes.map((v) => v.key),
  };
}

/** A submission and every review of it: effective on the China-time day each happened. */
export function submissionEvents(s: Submission, factKeys: readonly string[]): VillageEvent[] {
  const events: VillageEvent[] = [
    {
      type: 'submission',
      id: s.id,
      effectiveDate: chinaIsoDate(s.receivedAt),
      recordedAt: s.receivedAt,
      by: villageActor,
      formId: s.formId,
      submissionId: s.id,
      ...(s.score ? { score: eventScore(s.score) } : {}),
      facts: factsOf(s.answers, factKeys),
    },
  ];
  s.review?.history.forEach((entry, i) => {
    events.push({
      type: 'review',
      id: `${s.id}#review${i + 1}`,
      effectiveDate: chinaIsoDate(entry.at),
      recordedAt: entry.at,
      by: entry.by,
      formId: s.formId,
      submissionId: s.id,
      decision: entry.state === 'approved' ? 'approve' : 'return',
      ...(entry.comment !== undefined ? { comment: entry.comment } : {}),
    });
  });
  return events;
}

/** An acceptance or look-back, effective on the date written in the form. */
export function evaluationEvent(e: Evaluation): VillageEvent | undefined {
  const base = { id: e.id, effectiveDate: e.effectiveDate, recordedAt: e.recordedAt, by: e.by };
  if (e.formId === 'acceptance' && e.score)
    return { ...base, type: 'acceptance', score: eventScore(e.score) };
  if (e.formId === 'lookback' && e.conclusion) {
    return {
      ...base,
      type: 'lookback',
      conclusion: e.conclusion,
      ...(e.rectifyBy !== undefined ? { rectifyBy: e.rectifyBy } : {}),
    };
  }
  return undefined;
}

/** The roster entry of a village: joined on `validFrom` (if set), retired on `retired.from`. */
export function rosterEvents(unit: OrgUnit): VillageEvent[] {
  const events: VillageEvent[] = [];
  if (unit.validFrom !== undefined) {
    events.push({
      type: 'roster',
      id: 'roster#joined',
      effectiveDate: unit.validFrom,
      // Known in advance: recorded no later than it takes effect, for ordering only.
      recordedAt: `${unit.validFrom}T00:00:00.000Z`,
      by: rosterActor,
      change: 'joined',
    });
  }
  if (unit.retired) {
    events.push({
      type: 'roster',
      id: 'roster#retired',
      effectiveDate: unit.retired.from,
      recordedAt: unit.retired.at,
      by: unit.retired.by,
      change: 'retired',
      reason: unit.retired.reason,
    });
  }
  return events;
}

/** Everything stored about a village that its status is folded from. */
export interface VillageRecords {
  unit: OrgUnit;
  submissions: readonly Submission[];
  evaluations: readonly Evaluation[];
}

/** All events of a village, in no particular order (the fold sorts them). */
export function villageEvents(records: VillageRecords, factKeys: readonly string[]): VillageEvent[] {
  return [
    ...rosterEvents(records.unit),
    ...records.submissions.flatMap((s) => submissionEvents(s, factKeys)),
    ...records.evaluations.flatMap((e) => evaluationEvent(e) ?? []),
  ];
}

/** Names for flag messages: the facts' labels and every veto item's label seen in the scores. */
export function flagLabels(
  records: VillageRecords,
  facts: readonly { key: string; label: string }[],
): Labels {
  const labels: Record<string, string> = {};
  for (const f of facts) labels[f.key] = f.label;
  const scores = [...records.submissions, ...records.evaluations].flatMap((r) => (r.score ? [r.score] : []));
  for (const score of scores) for (const v of score.failedVetoes) labels[v.key] = v.label;
  return labels;
}
