import { validateAnswers } from '../../../../shared/forms/answers';
import type { CompiledField, CompiledForm, CompiledSection } from '../../../../shared/forms/compiled-form';
import { isTrue, scopeOf } from '../../../../shared/forms/expr';
import { computeFormState, type FieldVisit, type FormState } from '../../../../shared/forms/form-runtime';
import type { FieldIssue } from '../../../../shared/validation';
import { type FieldPath, pathLabel } from './field-names';

/** Everything the field components need to know about the answers being shown. */
export interface RenderModel {
  form: CompiledForm;
  answers: Record<string, unknown>;
  /** The form's logic applied to the answers. */
  state: FormState;
  /** Visits of the answers with every repeat group padded to its shown rows. */
  visits: ReadonlyMap<string, FieldVisit>;
  /** Rows shown per repeat group. */
  rows: ReadonlyMap<string, number>;
  /** Messages by the rendered field they belong to (`leaders.0.leaderName`). */
  errors: ReadonlyMap<string, string[]>;
  /** Errors in page order, each with the field it links to (null when it has none). */
  summary: { path: string | null; label: string; message: string }[];
}

const rowsOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/**
 * Rows shown for a repeat group: the answered rows plus one empty row to type into
 * (without JavaScript that is the only way to add one), within `minRows`/`maxRows`;
 * answered rows beyond `maxRows` are still shown so nothing typed is hidden.
 */
export function shownRows(field: CompiledField, value: unknown): number {
  if (field.field.type !== 'repeat') return 0;
  const { minRows = 0, maxRows = Number.POSITIVE_INFINITY } = field.field;
  const answered = rowsOf(value).length;
  return Math.max(answered, minRows, Math.min(maxRows, answered + 1));
}

/** True when the section's `visibleIf` holds for the computed values. */
export function sectionShown(section: CompiledSection, state: FormState): boolean {
  return !section.visibleIf || isTrue(section.visibleIf, scopeOf(state.values));
}

/**
 * The section shown as the page the person is on: `wanted` while it is shown, else the
 * next shown section after it, else the last shown one (0 when none is). The server
 * draws the page this way and the script keeps it, so nothing moves when the script starts.
 */
export function currentSection(shown: readonly boolean[], wanted: number): number {
  let last = -1;
  for (let i = 0; i < shown.length; i++) {
    if (!shown[i]) continue;
    if (i >= wanted) return i;
    last = i;
  }
  return Math.max(last, 0);
}

/**
 * The shown section `delta` shown sections away from `from` (the previous or the next
 * page), or `from` itself when there is none that way. The page's script and the server
 * (a post of “上一部分”/“下一部分” when the script did not run) move the same way.
 */
export function stepSection(shown: readonly boolean[], from: number, delta: 1 | -1): number {
  for (let i = from + delta; i >= 0 && i < shown.length; i += delta) if (shown[i]) return i;
  return from;
}

/**
 * What “下一部分” says the first time a section is left with items open (script and server
 * alike). `enter`: also name the Enter key, for the page without JavaScript, where that is
 * how a person on the one long page (no 下一部分 button there) got here.
 */
export const openItemsNotice = (count: number, enter = false) =>
  `本部分有 ${count} 处未完成：可以先修改，也可以再点“下一部分”${enter ? '（或在输入框里按回车）' : ''}跳过`;

/** The top-level field an answer path (`leaders.0.leaderName`) belongs to. */
export const rootFieldOf = (form: CompiledForm, path: string) => form.fields.get(String(path.split('.')[0]));

/** The index of the section an answer path is in (-1 for none). */
export const sectionIndexOf = (form: CompiledForm, path: string) =>
  form.sections.findIndex((s) => s.key === rootFieldOf(form, path)?.sectionKey);

/** Where a page turn posted without the script lands (the script does the same in the browser). */
export type PageTurn =
  /** “下一部分” past the last section: Enter in a box there, which with the script submits. */
  | { kind: 'submit' }
  /**
   * The section to show, with the issues to show in it; when it stayed to point them out,
   * the section warned about and what to say.
   */
  | { kind: 'show'; section: number; issues: FieldIssue[]; warned?: { key: string; notice: string } };

/**
 * A page turn on the server, for a page whose script never ran. “下一部分” with items open in
 * this section stays once and points them out (`warned` names the section, carried by the
 * page), a second time moves on, as the script's does; on the last section it is the
 * submit (Enter in a box there). After a refused submit (`checked`) each section shows its
 * own issues when it is reached. The answers are checked as a submit would check them.
 */
export function turnPage(
  form: CompiledForm,
  answers: Record<string, unknown>,
  at: { section: number; delta: 1 | -1; warned?: string; checked: boolean },
): PageTurn {
  const state = computeFormState(form, answers);
  const shown = form.sections.map((s) => sectionShown(s, state));
  const from = currentSection(shown, at.section);
  const to = stepSection(shown, from, at.delta);
  if (to === from && at.delta === 1) return { kind: 'submit' };
  const checked = validateAnswers(form, answers);
  const issues = checked.ok ? [] : checked.issues;
  const inSection = (index: number) => issues.filter((i) => sectionIndexOf(form, i.field) === index);
  const open = inSection(from);
  const key = form.sections[from]?.key ?? '';
  if (at.delta === 1 && at.warned !== key && open.length > 0) {
    // Without the script a follow-up question appears only now: say so when one is among them.
    const followUp = open.some((i) => rootFieldOf(form, i.field)?.visibleIf);
    const notice = `${followUp ? '根据您的回答，本部分新出现了问题。' : ''}${openItemsNotice(open.length, true)}`;
    return { kind: 'show', section: from, issues: open, warned: { key, notice } };
  }
  return { kind: 'show', section: to, issues: at.checked ? inSection(to) : [] };
}

/**
 * An error summary line: the field's label, then what to do. A required message
 * (`请填写“名称”`) already names the field, so only its verb is kept (`名称：请填写`).
 */
export function summaryLine(label: string, message: string): string {
  // The label may itself hold quotes (已成立协会并按“县+乡镇+村+老年协会”规范命名): match to the last one.
  const required = /^(请(?:填写|选择|上传))“.*”$/.exec(message);
  return `${label}：${required ? required[1] : message}`;
}

/** True when a visited field is required right now (`required`, or `requiredIf` holding). */
export function isRequired(visit: FieldVisit | undefined, field: CompiledField): boolean {
  if (field.field.required === true) return true;
  return visit !== undefined && field.requiredIf !== undefined && isTrue(field.requiredIf, visit.scope);
}

/** Every rendered field path, in page order, with its label. */
function renderedPaths(form: CompiledForm, rows: ReadonlyMap<string, number>) {
  const out: { path: FieldPath; label: string }[] = [];
  for (const section of form.sections) {
    for (const field of section.fields) {
      out.push({ path: [field.key], label: field.field.label });
      for (let i = 0; i < (rows.get(field.key) ?? 0); i++) {
        for (const child of field.children) {
          const path = [field.key, i, child.key];
          out.push({ path, label: pathLabel(form, path.join('.')) });
        }
      }
    }
  }
  return out;
}

/** Builds the model: state, padded visits for row fields, and errors placed on fields. */
export function buildRenderModel(
  form: CompiledForm,
  answers: Record<string, unknown>,
  issues: readonly FieldIssue[] = [],
): RenderModel {
  const state = computeFormState(form, answers);
  const rows = new Map<string, number>();
  const padded: Record<string, unknown> = { ...answers };
  for (const field of form.order) {
    if (field.field.type !== 'repeat') continue;
    const n = shownRows(field, answers[field.key]);
    rows.set(field.key, n);
    const given = rowsOf(answers[field.key]);
    padded[field.key] = Array.from({ length: n }, (_, i) => given[i] ?? {});
  }
  const visits = new Map<string, FieldVisit>();
  for (const visit of computeFormState(form, padded).visits) {
    visits.set(visit.path.join('.'), visit);
  }
  // Top-level fields read the real state: padding changes count(rows) and sums.
  for (const visit of state.visits) if (visit.path.length === 1) visits.set(visit.path.join('.'), visit);

  const order = renderedPaths(form, rows);
  const labels = new Map(order.map(({ path, label }) => [path.join('.'), label]));
  const errors = new Map<string, string[]>();
  const placed: { index: number; path: string | null; label: string; message: string }[] = [];
  const index = new Map(order.map(({ path }, i) => [path.join('.'), i]));
  for (const issue of issues) {
    const parts = issue.field.split('.');
    let path: string | null = null;
    for (let n = parts.length; n > 0 && path === null; n--) {
      const candidate = parts.slice(0, n).join('.');
      if (labels.has(candidate)) path = candidate;
    }
    if (path !== null) errors.set(path, [...(errors.get(path) ?? []), issue.message]);
    placed.push({
      index: path === null ? -1 : (index.get(path) ?? -1),
      path,
      label: path === null ? '' : (labels.get(path) ?? ''),
      message: issue.message,
    });
  }
  placed.sort((a, b) => a.index - b.index);
  const summary = placed.map(({ path, label, message }) => ({ path, label, message }));
  return { form, answers, state, visits, rows, errors, summary };
}
