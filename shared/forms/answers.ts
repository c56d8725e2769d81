import * as z from 'zod/mini';
import { type FieldIssue, toFieldIssues } from '../validation';
import { valueSchemaOf } from './answer-field-schemas';
import type { CompiledField, CompiledForm } from './compiled-form';
import { isBlankValue, isTrue } from './expr';
import { type AnswerPath, computeFormState, type FieldVisit } from './form-runtime';

/** Cleaned answers: visible, non-blank values keyed by field key, calculated values included. */
export type Answers = Record<string, unknown>;

/** Outcome of validating answers: cleaned answers, or issues shaped as a 422's `error.details`. */
export type AnswersResult = { ok: true; answers: Answers } | { ok: false; issues: FieldIssue[] };

interface PathIssue {
  path: AnswerPath;
  message: string;
}

const label = (field: CompiledField): string => field.field.label;

/** What a required field left blank asks for: choices are chosen, files uploaded, the rest filled in. */
function requiredMessage(field: CompiledField): string {
  const { type } = field.field;
  const verb =
    type === 'single' || type === 'multiple' || type === 'yesNo'
      ? '请选择'
      : type === 'attachment'
        ? '请上传'
        : '请填写';
  return `${verb}“${label(field)}”`;
}

/** Required rules and constraints of the visible fields that were not already rejected. */
function checkRules(visits: readonly FieldVisit[], rejected: ReadonlySet<string>, issues: PathIssue[]): void {
  for (const { field, path, value, scope } of visits) {
    if (rejected.has(path.join('.'))) continue;
    if (value === null) {
      const required =
        field.field.required === true || (field.requiredIf !== undefined && isTrue(field.requiredIf, scope));
      if (required) issues.push({ path, message: requiredMessage(field) });
      continue;
    }
    for (const constraint of field.constraints) {
      // A rule about values not given yet cannot be judged; it waits until they are answered.
      if (constraint.refs.some((key) => isBlankValue(scope(key)))) continue;
      if (!isTrue(constraint.expr, scope)) issues.push({ path, message: constraint.message });
    }
  }
}

function buildAnswerSchema(form: CompiledForm) {
  const schemas = new Map<string, z.ZodMiniType>();
  for (const [key, field] of form.fields) {
    const schema = valueSchemaOf(field.field);
    if (schema) schemas.set(key, schema);
  }
  const topLevel = new Set(form.sections.flatMap((s) => s.fields.map((f) => f.key)));
  return z.pipe(
    z.record(z.string(), z.unknown(), '答案必须是一个对象'),
    z.transform((input: Record<string, unknown>, ctx): Answers => {
      const issues: PathIssue[] = [];
      const rejected = new Set<string>();
      for (const key of Object.keys(input)) {
        if (!topLevel.has(key)) issues.push({ path: [key], message: '表单中没有此字段' });
      }
      const state = computeFormState(form, input, (field, raw, path) => {
        const parsed = schemas.get(field.key)?.safeParse(raw);
        if (!parsed?.success) {
          rejected.add(path.join('.'));
          for (const issue of parsed?.error.issues ?? []) {
            issues.push({
              path: [...path, ...issue.path.map((p) => (typeof p === 'number' ? p : String(p)))],
              message: issue.message,
            });
          }
          return null;
        }
        if (field.field.type === 'repeat' && Array.isArray(parsed.data)) {
          const known = new Set(field.children.map((c) => c.key));
          parsed.data.forEach((row: Record<string, unknown>, i: number) => {
            for (const key of Object.keys(row)) {
              if (!known.has(key)) issues.push({ path: [...path, i, key], message: '表单中没有此字段' });
            }
          });
        }
        return parsed.data;
      });
      checkRules(state.visits, rejected, issues);
      for (const issue of issues) {
        ctx.issues.push({ code: 'custom', message: issue.message, input, path: [...issue.path] });
      }
      return state.values;
    }),
  );
}

/** The compiled answer schema of a form (zod/mini); its output is the cleaned answers. */
export type AnswerSchema = ReturnType<typeof buildAnswerSchema>;

const cache = new WeakMap<CompiledForm, AnswerSchema>();

/**
 * Compiles a form into one zod schema for its answers, built once per compiled form
 * (one `id@version` compiled once gives one schema). The schema checks types,
 * required and `requiredIf` rules, constraints, unknown keys and repeat rows; hidden
 * fields are dropped without validation; calculated fields are computed and any
 * client-supplied value for them is ignored. Blank answers (null, whitespace-only text,
 * empty lists) count as unanswered and are left out; text is trimmed. A constraint is
 * judged only once every field it reads is answered.
 */
export function compileAnswerSchema(form: CompiledForm): AnswerSchema {
  let schema = cache.get(form);
  if (!schema) {
    schema = buildAnswerSchema(form);
    cache.set(form, schema);
  }
  return schema;
}

/**
 * Validates answers against a form. Issues use dotted paths (`leaders.0.name`) and
 * Chinese messages, ready to be a 422's `error.details`.
 */
export function validateAnswers(form: CompiledForm, input: unknown): AnswersResult {
  const result = compileAnswerSchema(form).safeParse(input);
  return result.success
    ? { ok: true, answers: result.data }
    : { ok: false, issues: toFieldIssues(result.error) };
}
