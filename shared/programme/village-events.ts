/**
 * What happens to a village over the programme, as dated events. Each event has the day
 * it takes effect (`effectiveDate`, China calendar, `YYYY-MM-DD`: a back-dated paper
 * evaluation is effective on its own date) and the moment it was recorded (`recordedAt`,
 * ISO instant), which orders events of the same day. The status of a village as of any
 * date is a pure fold over these (see `village-status.ts`); the events themselves are
 * read from the submission, evaluation and org-unit items, never stored twice.
 */

export type ReviewDecision = 'approve' | 'return';

/** Facts a submission states that another form may state too (to flag disagreements). */
export type Facts = Record<string, number | boolean | string>;

interface EventBase {
  /** Unique per village: the item's id (submission, evaluation) or a derived one. */
  id: string;
  effectiveDate: string;
  recordedAt: string;
  /** Who recorded it: a username, or `village` for a link holder. */
  by: string;
}

/** A village submitted a form through its link (摸底 `baseline`, 自评 `self-evaluation`). */
export interface SubmissionEvent extends EventBase {
  type: 'submission';
  formId: string;
  submissionId: string;
  score?: { total: number; standardized: boolean; grade: string | null; failedVetoes: string[] };
  facts: Facts;
}

/** Township staff approved or returned a submission (with a comment on return). */
export interface ReviewEvent extends EventBase {
  type: 'review';
  formId: string;
  submissionId: string;
  decision: ReviewDecision;
  comment?: string;
}

/** The township's acceptance evaluation (评估验收): only this score counts. */
export interface AcceptanceEvent extends EventBase {
  type: 'acceptance';
  score: { total: number; standardized: boolean; grade: string | null; failedVetoes: string[] };
}

/** A look-back (回头看): keep, rectify by a deadline, or revoke. */
export interface LookbackEvent extends EventBase {
  type: 'lookback';
  conclusion: 'keep' | 'rectify' | 'revoke';
  /** The rectification deadline (inclusive), for `rectify`. */
  rectifyBy?: string;
}

/** The roster: the village joined (its `validFrom`) or left it (撤并). */
export interface RosterEvent extends EventBase {
  type: 'roster';
  change: 'joined' | 'retired';
  reason?: string;
}

export type VillageEvent = SubmissionEvent | ReviewEvent | AcceptanceEvent | LookbackEvent | RosterEvent;

/** Stages of a village, in the programme's order (a revoked village can be accepted again). */
export const stages = [
  'not_in_roster',
  'not_started',
  'surveyed',
  'self_evaluated',
  'accepted',
  'not_accepted',
  'rectifying',
  'revoked',
  'retired',
] as const;
export type Stage = (typeof stages)[number];

/** Chinese names of the stages. */
export const stageLabels: Record<Stage, string> = {
  not_in_roster: '未列入名单',
  not_started: '未开始',
  surveyed: '已摸底',
  self_evaluated: '已自评',
  accepted: '已达标',
  not_accepted: '未达标',
  rectifying: '整改中',
  revoked: '已撤销达标',
  retired: '已撤并',
};

export type FlagCode = 'self_score_inflated' | 'facts_disagree' | 'self_evaluation_without_baseline';

export interface Flag {
  code: FlagCode;
  /** Chinese, for the console. */
  message: string;
}

/** The status of a village as of a date. */
export interface VillageStatus {
  asOf: string;
  stage: Stage;
  standardized: boolean;
  /** Since when the current `standardized` value holds (the acceptance day, the lapse or revocation day). */
  since?: string;
  grade?: string;
  selfScore?: number;
  acceptanceScore?: number;
  /** selfScore − acceptanceScore. */
  scoreGap?: number;
  /** The rectification deadline while `rectifying`. */
  rectifyBy?: string;
  flags: Flag[];
}
