import type { Expr, ExprType } from './expr';
import type { AnyField, FieldType } from './field-schema';
import { type FormIssue, issueAt, type Origin } from './form-issues';
import type { ResolvedForm, Scoring, Section } from './meta-schema';

/** A constraint with its parsed expression and the keys it reads. */
export interface CompiledConstraint {
  expr: Expr;
  refs: readonly string[];
  message: string;
}

/** A field of a checked form, with its parsed expressions. */
export interface CompiledField {
  key: string;
  field: AnyField;
  /** Path of the field relative to its section, e.g. `.fields[2]` or `.fields[2].fields[0]`. */
  sub: string;
  origin: Origin;
  sectionKey: string;
  /** The repeat group's key for a field of a repeat row. */
  parent?: string;
  /** The field's type inside expressions. */
  exprType: ExprType;
  /** For a repeat group: its row fields, in the order they must be computed. */
  children: CompiledField[];
  visibleIf?: Expr;
  requiredIf?: Expr;
  calc?: Expr;
  constraints: CompiledConstraint[];
}

/** A section of a checked form. */
export interface CompiledSection {
  key: string;
  section: Section;
  origin: Origin;
  visibleIf?: Expr;
  fields: CompiledField[];
}

/** A form that passed `checkForm`: resolved definition plus everything parsed once. */
export interface CompiledForm {
  id: string;
  version: number;
  title: string;
  /** The definition with references resolved: what a renderer needs. */
  definition: ResolvedForm;
  sections: readonly CompiledSection[];
  /** Every field by key, repeat row fields included. */
  fields: ReadonlyMap<string, CompiledField>;
  /** Top-level fields in dependency order (a field comes after those its value or visibility reads). */
  order: readonly CompiledField[];
  scoring?: Scoring;
  /** The other forms (and their versions) this one reused by reference. */
  uses: readonly { id: string; version: number }[];
}

/** Static type of each field type inside expressions. */
export const exprTypeOfField: Record<FieldType, ExprType> = {
  text: 'string',
  textarea: 'string',
  single: 'string',
  date: 'string',
  mobile: 'string',
  integer: 'number',
  decimal: 'number',
  calculated: 'number',
  yesNo: 'boolean',
  multiple: 'list',
  repeat: 'rows',
  attachment: 'files',
};

/** An issue about a property of a field (`prop` like `.visibleIf`, or '' for the field). */
export function fieldIssue(
  field: Pick<CompiledField, 'origin' | 'sub'>,
  prop: string,
  message: string,
): FormIssue {
  return issueAt(field.origin, field.sub + prop, message);
}

/** The field and its repeat rows' fields, depth first. */
export function* walkFields(fields: readonly CompiledField[]): Generator<CompiledField> {
  for (const field of fields) {
    yield field;
    yield* walkFields(field.children);
  }
}
