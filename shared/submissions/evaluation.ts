import * as z from 'zod/mini';
import { isoDateSchema } from '../lib/dates';
import { divisionCodeSchema } from '../org/division';
import { scoreSummarySchema } from './submission';

/**
 * A township's own evaluation of a village (评估验收 `acceptance`, 回头看 `lookback`),
 * validated and scored by the same form engine as village submissions. It takes effect on
 * the date written in the form (`effectiveDate`), which may be long before it was
 * recorded (last year's paper evaluations entered now).
 */
export const evaluationSchema = z.object({
  id: z.string(),
  orgCode: divisionCodeSchema,
  formId: z.string(),
  formVersion: z.int(),
  effectiveDate: isoDateSchema,
  recordedAt: z.iso.datetime(),
  by: z.string(),
  answers: z.record(z.string(), z.unknown()),
  score: z.optional(scoreSummarySchema),
  /** The look-back's conclusion and rectification deadline. */
  conclusion: z.optional(z.enum(['keep', 'rectify', 'revoke'])),
  rectifyBy: z.optional(isoDateSchema),
  /** Hash of the request, to tell a retry (same) from a reused key (different). */
  requestHash: z.optional(z.string()),
});
export type Evaluation = z.infer<typeof evaluationSchema>;
