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
 * top-level fields and of each repeat group's row fields.
 */
export interface FormLogic {
  fields: Record<string, FieldLogic>;
  /** Section `visibleIf` trees by section key. */
  sections: Record<string, Expr>;
  order: string[];
  rows: Record<string, string[]>;
}

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
  for (const field of form.order)
    if (field.children.length > 0) rows[field.key] = field.children.map((c) => c.key);
  return { fields, sections, order: form.order.map((f) => f.key), rows };
}

/** Id of the embedded JSON element. */
export const pageDataId = 'form-data';

function lean(field: AnyField): AnyField {
  const { help: _help, ...rest } = field;
  if (rest.type !== 'repeat') return rest;
  return { ...rest, fields: rest.fields.map((child) => lean(child) as typeof child) };
}

/**
 * The definition the browser needs to run the rules: help texts and descriptions are
 * already in the HTML and never read by expressions, validation or scoring.
 */
export function leanDefinition(definition: ResolvedForm): ResolvedForm {
  const { $schema: _schema, ...head } = definition;
  return {
    ...head,
    description: '',
    sections: definition.sections.map(
      ({ description: _d, ...section }): Section => ({
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
