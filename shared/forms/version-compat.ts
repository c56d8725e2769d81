import { type CompiledForm, fieldIssue } from './compiled-form';
import type { FormIssue } from './form-issues';

/** Whether a new version may replace the previous one. */
export type CompatibilityResult = { ok: true } | { ok: false; issues: FormIssue[] };

/**
 * Checks that `next` may follow `previous`: same id, a higher version, and every
 * field key that exists in both keeps its type and its place (top level or the same
 * repeat group), because stored answers are keyed by field key. Removing fields and
 * adding new ones are allowed. Issue paths point into `next`.
 */
export function checkVersionCompatibility(previous: CompiledForm, next: CompiledForm): CompatibilityResult {
  const issues: FormIssue[] = [];
  if (next.id !== previous.id) {
    issues.push({ path: '$.id', message: `表单标识不能改变（原为“${previous.id}”）` });
  }
  if (next.version <= previous.version) {
    issues.push({ path: '$.version', message: `新版本号须大于 ${previous.version}` });
  }
  for (const [key, field] of next.fields) {
    const before = previous.fields.get(key);
    if (!before) continue;
    if (before.field.type !== field.field.type) {
      issues.push(
        fieldIssue(
          field,
          '.type',
          `字段“${key}”的类型由 ${before.field.type} 改为 ${field.field.type}；字段标识在各版本间须保持同一类型，请改用新的标识`,
        ),
      );
    } else if (before.parent !== field.parent) {
      const where = (parent: string | undefined) => (parent ? `重复组“${parent}”内` : '顶层');
      issues.push(
        fieldIssue(
          field,
          '.key',
          `字段“${key}”由${where(before.parent)}移到了${where(field.parent)}，请改用新的标识`,
        ),
      );
    }
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true };
}
