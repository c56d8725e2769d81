import * as z from 'zod/mini';
import type { Principal } from '../../auth/user';
import { AppError } from '../../errors';
import { assertInScope } from '../../org/scope';
import { submissionKeys } from '../../store/keys';
import type { OrgRepository, SubmissionRepository } from '../../store/ports';
import type { ScoreSummary } from '../../submissions/submission';

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
}

const cursorSchema = z.record(z.string(), z.string());

const encodeCursor = (key: Record<string, string>) => Buffer.from(JSON.stringify(key)).toString('base64url');

/**
 * A cursor is the last key of a page. It must be well-formed and inside the scope query
 * it continues (a forged key could not escape the key condition anyway, but it is bad input).
 */
function decodeCursor(cursor: string, code: string): Record<string, string> {
  const invalid = () => new AppError('request.invalid', { message: '分页标记无效，请从第一页重新查询' });
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const parsed = cursorSchema.safeParse(json);
  const { gsi2pk } = submissionKeys.scope(code);
  if (!parsed.success || parsed.data.gsi2pk !== gsi2pk || !parsed.data.gsi2sk?.startsWith(code))
    throw invalid();
  return parsed.data;
}

/** Submissions as administrators read them: scope-checked, whole subtrees at once. */
export function createSubmissionQueries(deps: { orgs: OrgRepository; submissions: SubmissionRepository }) {
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
      options: { formId?: string | undefined; limit: number; cursor?: string | undefined },
    ): Promise<{ items: SubmissionListItem[]; nextCursor?: string }> {
      assertInScope(principal, code);
      const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor, code);
      const unit = await deps.orgs.get(code);
      if (!unit) throw new AppError('org.not_found', { details: { code } });
      const page = await deps.submissions.listUnder(code, {
        limit: options.limit,
        ...(after ? { after } : {}),
      });
      const codes = [...new Set(page.items.map((s) => s.orgCode))];
      const names = new Map(
        (await Promise.all(codes.map((c) => deps.orgs.get(c)))).flatMap((u) =>
          u ? [[u.code, u.name] as const] : [],
        ),
      );
      const items = page.items
        .filter((s) => options.formId === undefined || s.formId === options.formId)
        .map((s) => {
          const orgName = names.get(s.orgCode);
          return {
            id: s.id,
            orgCode: s.orgCode,
            ...(orgName !== undefined ? { orgName } : {}),
            formId: s.formId,
            formVersion: s.formVersion,
            receivedAt: s.receivedAt,
            ...(s.score ? { score: s.score } : {}),
            answers: s.answers,
          };
        });
      return page.lastKey ? { items, nextCursor: encodeCursor(page.lastKey) } : { items };
    },
  };
}

export type SubmissionQueries = ReturnType<typeof createSubmissionQueries>;
