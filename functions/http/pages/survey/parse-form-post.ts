import type { CompiledField, CompiledForm } from '../../../../shared/forms/compiled-form';
import type { AnyField } from '../../../../shared/forms/field-schema';
import { type IdempotencyKey, idempotencyKeySchema } from '../../../../shared/lib/idempotency-key';
import { inputName, metaNames, parseRowName } from './field-names';

/**
 * A form post as parsed from `application/x-www-form-urlencoded` (or `FormData` in the
 * browser): one string, or a list for repeated names. Other values (files) are ignored.
 */
export type FormBody = Readonly<Record<string, unknown>>;

/** Raw answers read from a post, plus which posted row each kept row came from. */
export interface FormPostRead {
  answers: Record<string, unknown>;
  /** For each repeat group, the posted row index of each kept (non-blank) row. */
  rowSources: Record<string, number[]>;
}

const strings = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');

const first = (value: unknown): string => strings(value)[0] ?? '';

/** Full-width digits and punctuation (what Chinese keyboards often type) to ASCII. */
function halfWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}

/**
 * A number typed by a person: full-width digits, spaces and thousands separators are
 * forgiven. Anything else is kept as text so that validation reports it in Chinese
 * instead of the answer silently disappearing.
 */
function parseNumber(raw: string): number | string {
  const text = halfWidth(raw).replace(/[\s,，]/g, '');
  return /^[-+]?(\d+\.?\d*|\.\d+)$/.test(text) ? Number(text) : raw.trim();
}

/** The typed value of one control's post, or undefined when blank (blank means unanswered). */
function parseValue(field: AnyField, value: unknown): unknown {
  if (field.type === 'multiple') {
    const chosen = strings(value).filter((v) => v.trim() !== '');
    return chosen.length > 0 ? chosen : undefined;
  }
  const raw = first(value);
  if (raw.trim() === '') return undefined;
  switch (field.type) {
    case 'integer':
    case 'decimal':
      return parseNumber(raw);
    case 'yesNo':
      return raw === 'yes' ? true : raw === 'no' ? false : raw;
    case 'mobile':
      return halfWidth(raw).replace(/[\s-]/g, '');
    case 'date':
      return halfWidth(raw).trim();
    case 'textarea':
      return raw.replace(/\r\n?/g, '\n');
    case 'attachment':
      // Uploaded files live in a hidden input as JSON written by the page's script.
      try {
        const files: unknown = JSON.parse(raw);
        return Array.isArray(files) && files.length > 0 ? files : undefined;
      } catch {
        return undefined;
      }
    default:
      return raw;
  }
}

/** Rows of a repeat group, in posted order; rows whose every field is blank are dropped. */
function readRows(group: CompiledField, body: FormBody, rowSources: Record<string, number[]>) {
  const posted = new Set<number>();
  for (const name of Object.keys(body)) {
    const parts = parseRowName(name);
    if (parts && parts.group === group.key) posted.add(parts.row);
  }
  const rows: Record<string, unknown>[] = [];
  const sources: number[] = [];
  for (const index of [...posted].sort((a, b) => a - b)) {
    const row: Record<string, unknown> = {};
    for (const child of group.children) {
      const value = parseValue(child.field, body[inputName([group.key, index, child.key])]);
      if (value !== undefined) row[child.key] = value;
    }
    if (Object.keys(row).length === 0) continue;
    rows.push(row);
    sources.push(index);
  }
  rowSources[group.key] = sources;
  return rows;
}

/**
 * Reads a survey page's post into raw answers (what `validateAnswers` takes) and the
 * source row of each kept repeat row, so errors can be shown on the row the person typed.
 */
export function readFormPost(form: CompiledForm, body: FormBody): FormPostRead {
  const answers: Record<string, unknown> = {};
  const rowSources: Record<string, number[]> = {};
  for (const section of form.sections) {
    for (const field of section.fields) {
      if (field.field.type === 'calculated') continue;
      const value =
        field.field.type === 'repeat'
          ? readRows(field, body, rowSources)
          : parseValue(field.field, body[field.key]);
      if (value !== undefined && !(Array.isArray(value) && value.length === 0)) answers[field.key] = value;
    }
  }
  return { answers, rowSources };
}

/**
 * Maps a survey page's form post to typed raw answers: integer/decimal → numbers
 * (full-width digits and separators forgiven; unparsable text kept so validation can
 * say why), yesNo `yes`/`no` → booleans, multiple → string lists, repeat rows from
 * `leaders[0][name]` names (blank rows dropped), attachments from their hidden JSON;
 * blank values are absent; calculated fields and the page's own controls
 * (`idempotencyKey`, `section`, `_action`) are not answers.
 */
export function parseFormPost(form: CompiledForm, body: FormBody): Record<string, unknown> {
  return readFormPost(form, body).answers;
}

/**
 * What a page post asks for: “提交”, “保存并刷新”, or “下一部分”/“上一部分” (buttons that post
 * only when the page's script did not run; the script pages without the server).
 * Anything else — a missing or unknown button — is a submit, as before these existed.
 */
export type PageAction = 'submit' | 'save' | 'next' | 'prev';

const pageActions: readonly string[] = ['save', 'next', 'prev'] satisfies PageAction[];
const pageActionOf = (value: string): PageAction =>
  pageActions.includes(value) ? (value as PageAction) : 'submit';

/** The page's own controls in a post: the submission attempt's key, the section shown, the button. */
export function readPostMeta(body: FormBody): {
  idempotencyKey: IdempotencyKey | null;
  section: number;
  action: PageAction;
  warned?: string;
  checked: boolean;
} {
  const key = first(body[metaNames.idempotencyKey]).trim();
  const section = Number.parseInt(first(body[metaNames.section]), 10);
  const warned = first(body[metaNames.warned]);
  return {
    idempotencyKey: idempotencyKeySchema.safeParse(key).success ? key : null,
    section: Number.isFinite(section) && section >= 0 ? section : 0,
    action: pageActionOf(first(body[metaNames.action])),
    // A section key (the form language's key syntax), or nothing.
    ...(/^[a-z][a-zA-Z0-9_]{0,63}$/.test(warned) ? { warned } : {}),
    checked: first(body[metaNames.checked]) === '1',
  };
}
