import type { AcceptanceEvent, Facts, Flag, SubmissionEvent } from './village-events';

/**
 * Warnings for the township console, computed from the submissions that count (not
 * returned) and the latest acceptance. They never change a village's status: only the
 * township's acceptance counts, and a flag just says where to look twice.
 */

/** A self-score this many points above the acceptance score is flagged (inclusive). */
export const inflationPoints = 10;

/**
 * Two numbers state the same fact differently when they differ by more than this share
 * (in percent) of the larger one: members 100 vs 75 (25%) disagree, 100 vs 80 (20%) do not.
 */
export const factTolerancePercent = 20;

/** What the flags look at: the latest counted baseline and self-evaluation, the latest acceptance. */
export interface FlagInput {
  baseline?: SubmissionEvent;
  selfEvaluation?: SubmissionEvent;
  acceptance?: AcceptanceEvent;
}

/** Display names of fact keys and veto items, by key. */
export type Labels = Readonly<Record<string, string>>;

// Own properties only: a fact called `constructor` must not pick up Object.prototype.
function label(labels: Labels, key: string): string {
  return Object.hasOwn(labels, key) ? (labels[key] ?? key) : key;
}

/** Up to two decimals, without binary noise (92.3 − 78.1 shows as 14.2). */
export function formatPoints(n: number): string {
  return String(Math.round(n * 100) / 100);
}

function formatFact(value: number | boolean | string): string {
  if (typeof value === 'boolean') return value ? '是' : '否';
  return typeof value === 'number' ? formatPoints(value) : value;
}

/** Whether two statements of one fact disagree (numbers beyond the tolerance, anything else if not equal). */
export function factsDiffer(a: number | boolean | string, b: number | boolean | string): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    // Multiplied out instead of |a−b| / max > 0.2, so exactly 20% stays exact for integers.
    return Math.abs(a - b) * 100 > factTolerancePercent * Math.max(Math.abs(a), Math.abs(b));
  }
  if (typeof a === 'string' && typeof b === 'string') return a.trim() !== b.trim();
  return a !== b;
}

/** The keys present in both fact maps whose values disagree, in the baseline's key order. */
export function disagreeingFacts(baseline: Facts, selfEvaluation: Facts): string[] {
  return Object.keys(baseline).filter((key) => {
    const a = baseline[key];
    const b = Object.hasOwn(selfEvaluation, key) ? selfEvaluation[key] : undefined;
    return a !== undefined && b !== undefined && factsDiffer(a, b);
  });
}

function inflationFlag({ selfEvaluation, acceptance }: FlagInput, labels: Labels): Flag | undefined {
  const self = selfEvaluation?.score;
  if (self === undefined || acceptance === undefined) return undefined;
  const accepted = acceptance.score;
  const parts: string[] = [];
  const gap = self.total - accepted.total;
  // A hair of tolerance: totals with decimals (88.1 − 78.1) must still reach 10.
  if (gap >= inflationPoints - 1e-9) {
    parts.push(
      `自评 ${formatPoints(self.total)} 分，验收 ${formatPoints(accepted.total)} 分，相差 ${formatPoints(gap)} 分`,
    );
  }
  const vetoes = accepted.failedVetoes.filter((name) => !self.failedVetoes.includes(name));
  if (vetoes.length > 0) {
    parts.push(`否决项自评为满足、验收未满足：${vetoes.map((name) => label(labels, name)).join('、')}`);
  }
  if (parts.length === 0) return undefined;
  return { code: 'self_score_inflated', message: `${parts.join('；')}（自评虚高）` };
}

function factsFlag({ baseline, selfEvaluation }: FlagInput, labels: Labels): Flag | undefined {
  if (baseline === undefined || selfEvaluation === undefined) return undefined;
  const parts: string[] = [];
  // The baseline says there is no association, yet one was self-evaluated: one message
  // for that, so the same key is not listed again below.
  const noAssociation = baseline.facts.hasAssociation === false;
  if (noAssociation) parts.push('摸底填报未成立老年协会，却已提交自评');
  const keys = disagreeingFacts(baseline.facts, selfEvaluation.facts).filter(
    (key) => !(noAssociation && key === 'hasAssociation'),
  );
  if (keys.length > 0) {
    const listed = keys.map(
      (key) =>
        `${label(labels, key)}（摸底 ${formatFact(baseline.facts[key] ?? '')}，自评 ${formatFact(selfEvaluation.facts[key] ?? '')}）`,
    );
    parts.push(`摸底与自评填报不一致：${listed.join('、')}`);
  }
  if (parts.length === 0) return undefined;
  return { code: 'facts_disagree', message: parts.join('；') };
}

/**
 * The flags of a village from its counted submissions and latest acceptance, in a fixed
 * order: `self_score_inflated` (self-score ≥ acceptance + 10, or a veto item the
 * self-evaluation passed but the acceptance failed), `facts_disagree` (the baseline and
 * the self-evaluation state a shared fact differently, or the baseline says there is no
 * association) and `self_evaluation_without_baseline`. Messages are Chinese; `labels`
 * names fact keys and veto items (default: the keys).
 */
export function villageFlags(input: FlagInput, labels: Labels = {}): Flag[] {
  const flags: Flag[] = [];
  const inflated = inflationFlag(input, labels);
  if (inflated) flags.push(inflated);
  const facts = factsFlag(input, labels);
  if (facts) flags.push(facts);
  if (input.selfEvaluation !== undefined && input.baseline === undefined) {
    flags.push({
      code: 'self_evaluation_without_baseline',
      message: '已提交自评，但没有有效的摸底填报（未提交或已退回）',
    });
  }
  return flags;
}
