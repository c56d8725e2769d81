import type { CompiledForm } from '../../../../shared/forms/compiled-form';

/**
 * How answer paths become form-control names and element ids. Shared by the server
 * renderer, `parseFormPost` and the browser script, so the three always agree.
 * Field keys are identifiers (`[a-z][a-zA-Z0-9_]*`), safe inside names and ids.
 */

/** Path of an answer: `['members']`, or `['leaders', 0, 'leaderName']` for a row field. */
export type FieldPath = readonly (string | number)[];

/** The control name: `members`, or `leaders[0][leaderName]` for a row field. */
export function inputName(path: FieldPath): string {
  return (
    String(path[0]) +
    path
      .slice(1)
      .map((part) => `[${part}]`)
      .join('')
  );
}

/** The control id (`f-leaders-0-leaderName`); `w-`, `h-` and `e-` prefix its wrapper, help and error. */
export function inputId(path: FieldPath): string {
  return `f-${path.join('-')}`;
}

/** Names of the form's own (non-answer) controls. */
export const metaNames = {
  idempotencyKey: 'idempotencyKey',
  section: 'section',
  action: '_action',
  /** Without the script: the section “下一部分” already pointed out open items in. */
  warned: 'warned',
  /** Without the script: set once a submit was refused, so each section shows its issues. */
  checked: 'checked',
} as const;

/** Splits a row control name `leaders[3][leaderName]` into its parts. */
export function parseRowName(name: string): { group: string; row: number; child: string } | null {
  const match = /^([a-z][a-zA-Z0-9_]*)\[(\d{1,4})\]\[([a-z][a-zA-Z0-9_]*)\]$/.exec(name);
  if (!match) return null;
  return { group: String(match[1]), row: Number(match[2]), child: String(match[3]) };
}

/** Converts an element id made by `inputId` (or its `w-`/`e-` forms) back to a dotted path. */
export function pathOfId(id: string): string | null {
  const match = /^(?:[weh]-)?f-(.+)$/.exec(id);
  return match ? String(match[1]).split('-').join('.') : null;
}

/**
 * The label of a field path for error summaries: the field's label, or for a row field
 * `协会班子成员 第 2 行 姓名`. Falls back to the path itself for unknown keys.
 */
export function pathLabel(form: CompiledForm, path: string): string {
  const parts = path.split('.');
  const group = form.fields.get(String(parts[0]));
  if (!group) return path;
  if (parts.length < 3) return group.field.label;
  const child = group.children.find((c) => c.key === parts[2]);
  return `${group.field.label} 第 ${Number(parts[1]) + 1} 行 ${child?.field.label ?? ''}`.trim();
}
