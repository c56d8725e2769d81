import { validateAnswers } from '../../../../shared/forms/answers';
import type { CompiledForm } from '../../../../shared/forms/compiled-form';
import { computeFormState, type FieldVisit, type FormState } from '../../../../shared/forms/form-runtime';
import { scoreAnswers } from '../../../../shared/forms/scoring';
import { formatCalculated } from '../survey/field-format';
import { inputId, pathLabel } from '../survey/field-names';
import { readFormPost } from '../survey/parse-form-post';
import { isRequired, sectionShown, summaryLine } from '../survey/render-model';
import { readBody, rowsOf } from './controls';
import { all, byId, type El, h, show, wrapperOf } from './dom';

/** The answers on the page and what the form's rules say about them. */
export interface Snapshot {
  answers: Record<string, unknown>;
  state: FormState;
  /** For each repeat group, the page row of each kept row. */
  rowSources: Record<string, number[]>;
  /** Messages by the dotted path of the element they belong to (rows as on the page). */
  issues: Map<string, string>;
}

/** What the view needs from the page controller. */
export interface ViewContext {
  form: CompiledForm;
  el: El;
  /** Paths the person has touched; their errors show while typing. */
  touched: Set<string>;
  /** Sections whose every error shows (after “next” or a submit attempt). */
  revealed: Set<string>;
  /** Errors from the server (a 422), by path, until that field changes. */
  serverErrors: Map<string, string>;
  /** True once a submission was attempted: the summary then lists every error. */
  summaryOn: boolean;
}

/**
 * The page element path of an issue path: blank rows are dropped when reading, so a
 * kept row's number is mapped back to its row on the page; nested paths (a file of an
 * attachment) go to the nearest field shown.
 */
export function pagePath(field: string, rowSources: Record<string, number[]>): string {
  const parts = field.split('.');
  const sources = rowSources[String(parts[0])];
  if (sources && parts.length > 1) parts[1] = String(sources[Number(parts[1])]);
  const at = wrapperOf(parts.join('.'));
  return at ? at.path : field;
}

/** Reads the controls and runs the shared rules (logic, validation) over them. */
export function takeSnapshot(ctx: ViewContext): Snapshot {
  const { answers, rowSources } = readFormPost(ctx.form, readBody(ctx.el));
  const issues = new Map<string, string>();
  const result = validateAnswers(ctx.form, answers);
  if (!result.ok) {
    for (const issue of result.issues) {
      const key = pagePath(issue.field, rowSources);
      const before = issues.get(key);
      issues.set(key, before ? `${before}；${issue.message}` : issue.message);
    }
  }
  return { answers, state: computeFormState(ctx.form, answers), rowSources, issues };
}

/** Visits of the rows as shown, blank rows included, so their fields' visibility is known. */
function rowVisits(ctx: ViewContext, { answers, rowSources }: Snapshot): Map<string, FieldVisit> {
  const padded: Record<string, unknown> = { ...answers };
  for (const field of ctx.form.order) {
    if (field.children.length === 0) continue;
    const given = answers[field.key] as unknown[] | undefined;
    const sources = rowSources[field.key] || [];
    padded[field.key] = rowsOf(ctx.el, field.key).map((_, i) => given?.[sources.indexOf(i)] || {});
  }
  const visits = new Map<string, FieldVisit>();
  for (const visit of computeFormState(ctx.form, padded).visits) visits.set(visit.path.join('.'), visit);
  return visits;
}

/** The text controls of a field (radio groups are marked on their fieldset instead). */
const controls = (wrapper: El) =>
  all(wrapper, ':scope>input,:scope>textarea,:scope>.in>input,:scope>.os input');

/** Shows or hides a field and its required mark. */
function applyField(wrapper: El | null, visible: boolean, required: boolean): void {
  if (!wrapper) return;
  show(wrapper, visible);
  show(wrapper.querySelector('.rq'), required);
  for (const input of controls(wrapper)) {
    if (required && input.type !== 'radio' && input.type !== 'checkbox')
      input.setAttribute('aria-required', 'true');
    else input.removeAttribute('aria-required');
  }
}

/** Visibility, required marks and calculated values of every field and section. */
function applyLogic(ctx: ViewContext, snap: Snapshot): void {
  const visits = rowVisits(ctx, snap);
  for (const section of ctx.form.sections) show(byId(`s-${section.key}`), sectionShown(section, snap.state));
  for (const field of ctx.form.order) {
    const f = field.field;
    const wrapper = byId(`w-${inputId([field.key])}`);
    applyField(wrapper, snap.state.visible.has(field.key), isRequired(visits.get(field.key), field));
    const out = byId(inputId([field.key]));
    if (f.type === 'calculated' && out) out.textContent = formatCalculated(f, snap.state.values[field.key]);
    if (f.type !== 'repeat' || !wrapper) continue;
    const count = rowsOf(ctx.el, field.key).length;
    show(wrapper.querySelector('.add'), count < (f.maxRows || 1e9));
    for (let i = 0; i < count; i++) {
      for (const child of field.children) {
        const visit = visits.get(`${field.key}.${i}.${child.key}`);
        applyField(
          byId(`w-${inputId([field.key, i, child.key])}`),
          visit !== undefined,
          isRequired(visit, child),
        );
      }
    }
  }
}

/** Errors to show now: touched fields, revealed sections and the server's. */
function visibleErrors(ctx: ViewContext, snap: Snapshot): Map<string, string> {
  const out = new Map<string, string>();
  snap.issues.forEach((message, path) => {
    const field = ctx.form.fields.get(String(path.split('.')[0]));
    if (ctx.touched.has(path) || (field && ctx.revealed.has(field.sectionKey))) out.set(path, message);
  });
  ctx.serverErrors.forEach((message, path) => {
    if (!out.has(path)) out.set(path, message);
  });
  return out;
}

/** Puts (or removes) one field's inline error, with `aria-invalid` and `aria-describedby`. */
function setError(path: string, message: string | null): void {
  const at = wrapperOf(path);
  if (!at) return;
  const id = inputId(at.path.split('.'));
  let el = byId(`e-${id}`);
  if (message === null) {
    if (el) el.remove();
  } else if (el) el.textContent = message;
  else {
    el = h('p', { class: 'er', id: `e-${id}` }, message);
    const anchor = byId(`h-${id}`) || at.el.firstElementChild;
    at.el.insertBefore(el, anchor ? anchor.nextSibling : null);
  }
  const group = at.el.tagName === 'FIELDSET';
  const described = [byId(`h-${id}`) ? `h-${id}` : '', message === null ? '' : `e-${id}`].join(' ').trim();
  for (const target of group ? [at.el] : controls(at.el)) {
    if (described) target.setAttribute('aria-describedby', described);
    else target.removeAttribute('aria-describedby');
  }
  for (const input of controls(at.el)) {
    if (message === null) input.removeAttribute('aria-invalid');
    else input.setAttribute('aria-invalid', 'true');
  }
}

/** The error summary at the top of the form, linking each error to its field. */
function renderSummary(ctx: ViewContext, errors: Map<string, string>): void {
  const old = byId('sum');
  if (old) old.remove();
  if (!ctx.summaryOn || errors.size === 0) return;
  const items: El[] = [];
  errors.forEach((message, path) => {
    const link = h(
      'a',
      { href: `#${inputId(path.split('.'))}` },
      summaryLine(pathLabel(ctx.form, path), message),
    );
    items.push(h('li', null, link));
  });
  const box = h('div', { class: 'sum', id: 'sum', role: 'alert', tabindex: '-1' });
  box.append(h('h2', null, `有 ${errors.size} 处需要修改`), h('ul', null, ...items));
  ctx.el.insertBefore(box, byId('pg'));
}

/** The live score line, as the server's `ScoreLine` draws it; an opened ★ list stays open. */
function renderScore(ctx: ViewContext, snap: Snapshot): void {
  const box = byId('score');
  if (!box) return;
  const score = scoreAnswers(ctx.form, snap.answers);
  const vetoes = score.failedVetoes.map((v) => h('li', null, v.label.replace(/^★/, '')));
  const line = [
    h('b', null, `当前得分 ${score.total} / ${score.maxTotal}`),
    h('span', { class: 'grade' }, score.grade ? score.grade.label : ''),
  ];
  const open = box.querySelector('details[open]');
  if (vetoes.length > 0) {
    const list = h('details', open ? { class: 'veto', open: '' } : { class: 'veto' });
    list.append(h('summary', null, `★未达到 ${vetoes.length} 项：`), h('ol', null, ...vetoes));
    line.push(list);
  }
  // Unchanged (the server's line on start, most keystrokes): leave it, open or not.
  if (line.map((el) => el.textContent).join('') === box.textContent) return;
  box.textContent = '';
  box.append(...line);
}

let shown = new Map<string, string>();

/** Applies a snapshot to the page: logic, inline errors, summary and live score. */
export function render(ctx: ViewContext, snap: Snapshot): void {
  applyLogic(ctx, snap);
  const errors = visibleErrors(ctx, snap);
  shown.forEach((_, path) => {
    if (!errors.has(path)) setError(path, null);
  });
  errors.forEach((message, path) => {
    if (shown.get(path) !== message) setError(path, message);
  });
  shown = errors;
  renderSummary(ctx, errors);
  renderScore(ctx, snap);
}

/** Starts the error bookkeeping from what the server rendered (a 422 re-render). */
export function adoptServerErrors(ctx: ViewContext): void {
  for (const el of all(ctx.el, '.er')) {
    const path = el.id.slice(4).split('-').join('.');
    ctx.serverErrors.set(path, el.textContent || '');
    shown.set(path, el.textContent || '');
  }
  if (byId('sum')) ctx.summaryOn = true;
}
