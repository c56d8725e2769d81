import type { CompiledField, CompiledForm } from '../../../../shared/forms/compiled-form';
import type { Expr } from '../../../../shared/forms/expr';
import type { AnyField } from '../../../../shared/forms/field-schema';
import type { ResolvedForm, Section } from '../../../../shared/forms/meta-schema';

/** What the page hands its script in `<script type="application/json" id="form-data">`. */
export interface SurveyPageData {
  token: string;
  /** The resolved definition without texts the rules never read (help, descriptions). */
  definition: ResolvedForm;
  /** When the server draft the page was rendered with was saved, or null. */
  savedAt: string | null;
  /** The form version the page was rendered for (a draft of another version is not reused). */
  formVersion: number;
  /** The compiled logic: expression trees and dependency order, as the server compiled them. */
  logic: FormLogic;
}

/** Expression trees of one field: `v` visibleIf, `r` requiredIf, `c` calculation, `k` constraints in order. */
export interface FieldLogic {
  v?: Expr;
  r?: Expr;
  c?: Expr;
  k?: Expr[];
}

/**
 * What compiling a form adds to its definition, for the browser: parsed expression
 * trees (so the page needs no parser or type checker) and the dependency order of the
 * top-level fields and of each repeat group's row fields — each order only when it is
 * not the definition's own (it mostly is: every byte counts on a rural network).
 */
export interface FormLogic {
  fields: Record<string, FieldLogic>;
  /** Section `visibleIf` trees by section key. */
  sections: Record<string, Expr>;
  /** Top-level field keys in dependency order; absent when that is the definition's order. */
  order?: string[];
  /** Row field keys of a repeat group in dependency order, where not the definition's order. */
  rows: Record<string, string[]>;
}

const sameKeys = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((key, i) => key === b[i]);

/** A tree without source offsets (`pos` only serves error messages while compiling). */
function tree(expr: Expr): Expr {
  return JSON.parse(JSON.stringify(expr, (key, value: unknown) => (key === 'pos' ? undefined : value)));
}

function fieldLogic(field: CompiledField): FieldLogic {
  const logic: FieldLogic = {};
  if (field.visibleIf) logic.v = tree(field.visibleIf);
  if (field.requiredIf) logic.r = tree(field.requiredIf);
  if (field.calc) logic.c = tree(field.calc);
  if (field.constraints.length > 0) logic.k = field.constraints.map((c) => tree(c.expr));
  return logic;
}

/** The compiled logic of a form, to embed in its page. */
export function formLogicOf(form: CompiledForm): FormLogic {
  const fields: Record<string, FieldLogic> = {};
  for (const [key, field] of form.fields) {
    const logic = fieldLogic(field);
    if (Object.keys(logic).length > 0) fields[key] = logic;
  }
  const sections: Record<string, Expr> = {};
  for (const section of form.sections) if (section.visibleIf) sections[section.key] = tree(section.visibleIf);
  const rows: Record<string, string[]> = {};
  for (const field of form.order) {
    if (field.field.type !== 'repeat') continue;
    const order = field.children.map((c) => c.key);
    if (
      !sameKeys(
        order,
        field.field.fields.map((c) => c.key),
      )
    )
      rows[field.key] = order;
  }
  const order = form.order.map((f) => f.key);
  const natural = form.sections.flatMap((s) => s.fields.map((f) => f.key));
  return { fields, sections, ...(sameKeys(order, natural) ? {} : { order }), rows };
}

/** Id of the embedded JSON element. */
export const pageDataId = 'form-data';

/**
 * A field as the page script needs it. Expressions go as trees in `FormLogic`, so their
 * source text is dropped (a calculation's and a constraint's become ''); option labels
 * are kept only where a score reason quotes them (`byChoice`), the page shows the rest.
 */
function lean(field: AnyField): AnyField {
  const { help: _help, visibleIf: _v, requiredIf: _r, ...rest } = field;
  if (rest.constraints) rest.constraints = rest.constraints.map((c) => ({ expr: '', message: c.message }));
  switch (rest.type) {
    case 'calculated':
      return { ...rest, expr: '' };
    case 'repeat':
      return { ...rest, fields: rest.fields.map((child) => lean(child) as typeof child) };
    case 'single':
    case 'multiple':
      return rest.score && 'byChoice' in rest.score
        ? rest
        : { ...rest, options: rest.options.map((o) => ({ value: o.value, label: '' })) };
    default:
      return rest;
  }
}

/**
 * The definition the browser needs to run the rules: help texts, descriptions,
 * expression sources and unquoted option labels are already in the HTML (or in the
 * logic trees) and never read by validation or scoring in the page.
 */
export function leanDefinition(definition: ResolvedForm): ResolvedForm {
  const { $schema: _schema, ...head } = definition;
  return {
    ...head,
    description: '',
    sections: definition.sections.map(
      ({ description: _d, visibleIf: _v, ...section }): Section => ({
        ...section,
        fields: section.fields.map((field) => lean(field) as Section['fields'][number]),
      }),
    ),
  };
}

/**
 * JSON safe inside a `<script>` element: `<`, `>` and `&` become `\u003c`… so neither
 * `</script>` nor `<!--` in any label can end or change the element, and U+2028/2029
 * are escaped for old parsers. The result is still JSON (`JSON.parse` reads it back).
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
