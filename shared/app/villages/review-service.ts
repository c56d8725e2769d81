import * as z from 'zod/mini';
import type { Principal } from '../../auth/user';
import { AppError } from '../../errors';
import type { SubmissionRepository } from '../../store/ports';
import { pendingReview, type Review, type Submission } from '../../submissions/submission';
import type { VillageRecordsReader } from './village-records';

/** The body of `POST /api/v1/orgs/{village}/submissions/{id}/review`. */
export const reviewBodySchema = z.object({
  decision: z.enum(['approve', 'return'], '审核结论应为 approve（通过）或 return（退回）'),
  comment: z.optional(z.string('意见应为文字').check(z.trim(), z.maxLength(500, '意见最多 500 个字'))),
});
export type ReviewBody = z.infer<typeof reviewBodySchema>;

/** How often a review is retried when another reviewer changed the submission in between. */
const reviewAttempts = 3;

/** The review after `decision` by `by` at `at`; the same decision again (a double click, a retry) changes nothing. */
export function nextReview(current: Review, body: ReviewBody, by: string, at: string): Review | undefined {
  const comment = body.comment === '' ? undefined : body.comment;
  if (body.decision === 'return' && comment === undefined) throw new AppError('review.comment_required');
  const state = body.decision === 'approve' ? 'approved' : 'returned';
  const last = current.history.at(-1);
  if (last && last.state === state && last.by === by && last.comment === comment) return undefined;
  return {
    state,
    history: [...current.history, { state, by, at, ...(comment !== undefined ? { comment } : {}) }],
  };
}

/** A submission as staff read one: with its review (pending when nobody reviewed it yet). */
export type ReviewedSubmission = Submission & { review: Review };

const withReview = (s: Submission): ReviewedSubmission => ({ ...s, review: s.review ?? pendingReview });

/** Township review of village submissions (摸底, 自评): approve, or return with a comment. */
export function createReviewService(deps: {
  records: VillageRecordsReader;
  submissions: SubmissionRepository;
}) {
  async function find(principal: Principal, village: string, id: string): Promise<Submission> {
    await deps.records.village(principal, village);
    const found = await deps.submissions.find(village, id);
    if (!found) throw new AppError('submission.not_found', { details: { id } });
    return found;
  }

  return {
    /** One submission of a village in the caller's scope, with its review. */
    async get(principal: Principal, village: string, id: string): Promise<ReviewedSubmission> {
      return withReview(await find(principal, village, id));
    },

    /**
     * Records a decision. Conditional on the review read: when a colleague reviewed the
     * same submission in between, it is read again and the decision applied after theirs
     * (409 `review.conflict` only if that keeps happening).
     */
    async review(principal: Principal, village: string, id: string, body: ReviewBody, now: Date) {
      let submission = await find(principal, village, id);
      for (let attempt = 1; ; attempt++) {
        const current = submission.review ?? pendingReview;
        const next = nextReview(current, body, principal.username, now.toISOString());
        if (next === undefined) return current;
        if (await deps.submissions.setReview(submission, next)) return next;
        if (attempt >= reviewAttempts) throw new AppError('review.conflict');
        const reread = await deps.submissions.find(village, id);
        if (!reread) throw new AppError('submission.not_found', { details: { id } });
        submission = reread;
      }
    },
  };
}

export type ReviewService = ReturnType<typeof createReviewService>;
