import type { Principal } from '../auth/user';
import { AppError } from '../errors';
import { assertInScope } from '../org/scope';
import type { OrgRepository, SubmissionRepository } from '../store/ports';
import type { ScoreSummary } from '../submissions/submission';

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

/** Submissions as administrators read them: scope-checked, whole subtrees at once. */
export function createSubmissionQueries(deps: { orgs: OrgRepository; submissions: SubmissionRepository }) {
  return {
    /**
     * Every submission of the unit `code` and the units below it (optionally of one
     * form), newest first: one scope query for the submissions, one for the names.
     * 403 outside the caller's scope, 404 for an unknown unit.
     */
    async listUnder(principal: Principal, code: string, formId?: string): Promise<SubmissionListItem[]> {
      assertInScope(principal, code);
      const [units, all] = await Promise.all([deps.orgs.subtree(code), deps.submissions.listUnder(code)]);
      if (!units.some((u) => u.code === code)) throw new AppError('org.not_found', { details: { code } });
      const names = new Map(units.map((u) => [u.code, u.name]));
      return all
        .filter((s) => formId === undefined || s.formId === formId)
        .sort((a, b) => (a.receivedAt === b.receivedAt ? 0 : a.receivedAt < b.receivedAt ? 1 : -1))
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
    },
  };
}

export type SubmissionQueries = ReturnType<typeof createSubmissionQueries>;
