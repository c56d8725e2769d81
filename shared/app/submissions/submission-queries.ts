import * as z from 'zod/mini';
import type { Principal } from '../../auth/user';
import { AppError } from '../../errors';
import { formIdSchema } from '../../forms/meta-schema';
import { assertInScope } from '../../org/scope';
import type { SubmissionRepository } from '../../store/ports';
import { submissionScopeQuery } from '../../store/submission-repository';
import {
  pendingReview,
  type Review,
  type ReviewState,
  reviewStates,
  type ScoreSummary,
  type Submission,
} from '../../submissions/submission';
import type { OrgLookup } from '../orgs/org-lookup';

/** A submission as an administrator sees it. */
export interface SubmissionListItem {
  id: string;
  orgCode: string;
  orgName?: string;
  formId: string;
  formVersion: number;
  receivedAt: string;
  score?: ScoreSummary;
  answers: Record<string, unknown>;
  /** The township's review (pending until someone reviews it). */
  review: Review;
}

const cursorSchema = z.record(z.string(), z.string());

/** The query of `GET /api/v1/orgs/{code}/submissions`. */
export const submissionsQuerySchema = z.object({
  formId: z.optional(formIdSchema),
  limit: z._default(
    z
      .pipe(z.string().check(z.regex(/^([1-9]\d{0,2})$/, '每页条数应为 1–500')), z.transform(Number))
      .check(z.lte(500, '每页最多 500 条')),
    100,
  ),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
});
export type SubmissionsQuery = z.infer<typeof submissionsQuerySchema>;

/** The query of the review queue (console and `GET /api/v1/orgs/{code}/review-queue`). */
export const reviewQueueQuerySchema = z.object({
  formId: z.optional(z.union([z.literal(''), formIdSchema])),
  state: z._default(
    z.enum([...reviewStates, 'all'], '审核状态应为 pending、approved、returned 或 all'),
    'pending',
  ),
});
export type ReviewQueueQuery = z.infer<typeof reviewQueueQuerySchema>;

/** The most submissions a review queue reads: a county's whole year fits; a province should pick a county. */
export const reviewQueueMaxItems = 3000;

/** One page of the scope query: enough per round trip, small enough for a Lambda's memory. */
const queuePageSize = 500;

const encodeCursor = (key: Record<string, string>) => Buffer.from(JSON.stringify(key)).toString('base64url');

/**
 * A cursor is the last key of a page. It must be well-formed and inside the scope query
 * it continues (a forged key could not escape the key condition anyway, but it is bad input).
 */
function decodeCursor(cursor: string, code: string, formId: string | undefined): Record<string, string> {
  const invalid = () => new AppError('request.invalid', { message: '分页标记无效，请从第一页重新查询' });
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const parsed = cursorSchema.safeParse(json);
  const { partition, sortPrefix } = submissionScopeQuery(code, formId);
  if (
    !parsed.success ||
    parsed.data[partition[0]] !== partition[1] ||
    !parsed.data[sortPrefix[0]]?.startsWith(sortPrefix[1])
  )
    throw invalid();
  return parsed.data;
}

/** Submissions as administrators read them: scope-checked, whole subtrees at once. */
export function createSubmissionQueries(deps: { orgLookup: OrgLookup; submissions: SubmissionRepository }) {
  async function listItems(submissions: readonly Submission[]): Promise<SubmissionListItem[]> {
    const units = await deps.orgLookup.many(submissions.map((s) => s.orgCode));
    return submissions.map((s) => {
      const orgName = units.get(s.orgCode)?.name;
      return {
        id: s.id,
        orgCode: s.orgCode,
        ...(orgName !== undefined ? { orgName } : {}),
        formId: s.formId,
        formVersion: s.formVersion,
        receivedAt: s.receivedAt,
        ...(s.score ? { score: s.score } : {}),
        answers: s.answers,
        review: s.review ?? pendingReview,
      };
    });
  }

  return {
    /**
     * One page of the submissions of the unit `code` and the units below it (optionally
     * of one form): by village code (descending), newest first within a village. Pages
     * keep a Lambda response small; `nextCursor` continues. 403 outside the caller's
     * scope, 404 for an unknown unit, 400 for a cursor that is not one we issued here.
     */
    async listUnder(
      principal: Principal,
      code: string,
      options: SubmissionsQuery,
    ): Promise<{ items: SubmissionListItem[]; nextCursor?: string }> {
      assertInScope(principal, code);
      const after =
        options.cursor === undefined ? undefined : decodeCursor(options.cursor, code, options.formId);
      const unit = await deps.orgLookup.get(code);
      if (!unit) throw new AppError('org.not_found', { details: { code } });
      const page = await deps.submissions.listUnder(code, {
        limit: options.limit,
        formId: options.formId,
        ...(after ? { after } : {}),
      });
      const items = await listItems(page.items);
      return page.lastKey ? { items, nextCursor: encodeCursor(page.lastKey) } : { items };
    },

    /**
     * The review queue of a unit: its submissions in one review state (or all), of one
     * form or all, newest first across villages. Reads the whole scope (in pages of 500,
     * up to `reviewQueueMaxItems`; `truncated` says when there was more).
     */
    async reviewQueue(
      principal: Principal,
      code: string,
      query: ReviewQueueQuery,
    ): Promise<{ items: SubmissionListItem[]; truncated: boolean }> {
      assertInScope(principal, code);
      const unit = await deps.orgLookup.get(code);
      if (!unit) throw new AppError('org.not_found', { details: { code } });
      const formId = query.formId || undefined;
      const found: Submission[] = [];
      let after: Record<string, string> | undefined;
      do {
        const page = await deps.submissions.listUnder(code, {
          limit: queuePageSize,
          formId,
          ...(after ? { after } : {}),
        });
        found.push(...page.items);
        after = page.lastKey;
      } while (after && found.length < reviewQueueMaxItems);
      const wanted = (state: ReviewState) => query.state === 'all' || query.state === state;
      const picked = found
        .filter((s) => wanted(s.review?.state ?? 'pending'))
        .sort((a, b) => (a.receivedAt < b.receivedAt ? 1 : a.receivedAt > b.receivedAt ? -1 : 0));
      return { items: await listItems(picked), truncated: after !== undefined };
    },
  };
}

export type SubmissionQueries = ReturnType<typeof createSubmissionQueries>;
