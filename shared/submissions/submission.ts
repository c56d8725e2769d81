import * as z from 'zod/mini';
import type { ScoreResult } from '../forms/scoring';
import { divisionCodeSchema } from '../org/division';

/** What a submission keeps of its score: enough for lists, certificates and rates. */
export const scoreSummarySchema = z.object({
  total: z.number(),
  maxTotal: z.number(),
  grade: z.nullable(z.object({ key: z.string(), label: z.string() })),
  standardized: z.boolean(),
  failedVetoes: z.array(z.object({ key: z.string(), label: z.string(), message: z.string() })),
});
export type ScoreSummary = z.infer<typeof scoreSummarySchema>;

/** The summary of a full score (sections and lines are recomputable from the answers). */
export function scoreSummary(score: ScoreResult): ScoreSummary {
  const { total, maxTotal, grade, standardized, failedVetoes } = score;
  return { total, maxTotal, grade, standardized, failedVetoes };
}

/**
 * Answers are stored as JSON text: they are read whole, never queried inside, and text
 * has no map-depth or empty-key limits. Parsed back without copying through a record
 * schema, so keys such as `__proto__` survive a draft round-trip unchanged.
 */
export const answersJsonSchema = z.pipe(
  z.string(),
  z.transform((text, ctx): Record<string, unknown> => {
    try {
      const value: unknown = JSON.parse(text);
      if (value && typeof value === 'object' && !Array.isArray(value))
        return value as Record<string, unknown>;
    } catch {
      // reported below
    }
    ctx.issues.push({ code: 'custom', message: '答案不是有效的 JSON 对象', input: text });
    return z.NEVER;
  }),
);

export const reviewStates = ['pending', 'approved', 'returned'] as const;
export type ReviewState = (typeof reviewStates)[number];

/** The township's review of a submission: its state and every change of it (who, when, why). */
export const reviewSchema = z.object({
  state: z.enum(reviewStates),
  history: z.array(
    z.object({
      state: z.enum(['approved', 'returned']),
      by: z.string(),
      at: z.iso.datetime(),
      comment: z.optional(z.string()),
    }),
  ),
});
export type Review = z.infer<typeof reviewSchema>;

/** A submission nobody has reviewed yet. */
export const pendingReview: Review = { state: 'pending', history: [] };

/** A submission as stored: the answers as validated (cleaned) against `formVersion`. */
export const submissionSchema = z.object({
  id: z.string(),
  orgCode: divisionCodeSchema,
  formId: z.string(),
  formVersion: z.number().check(z.int(), z.positive()),
  receivedAt: z.iso.datetime(),
  linkId: z.string(),
  answers: z.record(z.string(), z.unknown()),
  score: z.optional(scoreSummarySchema),
  idempotencyKey: z.optional(z.string()),
  /** Absent until the township reviews it (pending). */
  review: z.optional(reviewSchema),
});
export type Submission = z.infer<typeof submissionSchema>;

/** A village's saved draft of one form: any JSON object, last write wins. */
export interface Draft {
  orgCode: string;
  formId: string;
  answers: Record<string, unknown>;
  savedAt: string;
  /** The form version the village was looking at when it saved. */
  formVersion: number;
}

/** What the submitter gets back (201), the same for a replayed idempotency key. */
export interface SubmissionReceipt {
  id: string;
  receivedAt: string;
  formVersion: number;
  score?: ScoreSummary;
  /** The township's review, as the village sees it: the state and, once returned, why. */
  review?: { state: ReviewState; comment?: string };
}

export function receiptOf(s: Submission): SubmissionReceipt {
  const last = s.review?.history.at(-1);
  return {
    id: s.id,
    receivedAt: s.receivedAt,
    formVersion: s.formVersion,
    ...(s.score ? { score: s.score } : {}),
    ...(s.review
      ? { review: { state: s.review.state, ...(last?.comment ? { comment: last.comment } : {}) } }
      : {}),
  };
}

/** Serialized size in bytes, or Infinity when the value cannot be serialized. */
export function jsonBytes(value: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
