import type * as z from 'zod/mini';
import type { FieldIssue } from '../../../../shared/validation';

/**
 * Stands in for `shared/validation.ts` in the page's script (swapped in by `build.ts`):
 * the same `toFieldIssues`, without loading zod's zh-CN locale. Every answer rule the
 * page can break carries its own Chinese message, and the server re-validates with the
 * locale. A unit test keeps both `toFieldIssues` in agreement.
 */
export function toFieldIssues(error: z.core.$ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || '(根)',
    message: issue.message,
  }));
}
