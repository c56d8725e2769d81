import {
  type CompiledField,
  type CompiledForm,
  exprTypeOfField,
} from '../../../../shared/forms/compiled-form';
import { collectRefs } from '../../../../shared/forms/expr';
import type { AnyField } from '../../../../shared/forms/field-schema';
import type { ResolvedForm } from '../../../../shared/forms/meta-schema';
import type { FormLogic } from '../survey/page-data';

/**
 * Rebuilds the compiled form in the browser from the definition and the logic the
 * server compiled (`formLogicOf`): the same `CompiledForm` the server's `checkForm`
 * made, minus authoring details (JSON paths), so `computeFormState`, `validateAnswers`
 * and `scoreAnswers` run unchanged. Shipping trees instead of re-parsing keeps the
 * parser and type checker out of the page's script. Throws on inconsistent data, so
 * the page then stays a plain form.
 */
export function hydrateForm(definition: ResolvedForm, logic: FormLogic): CompiledForm {
  const fields = new Map<string, CompiledField>();
  const make = (field: AnyField, sectionKey: string, parent?: string): CompiledField => {
    const l = logic.fields[field.key] ?? {};
    const compiled: CompiledField = {
      key: field.key,
      field,
      sub: '',
      origin: { path: '' },
      sectionKey,
      exprType: exprTypeOfField[field.type],
      children: [],
      constraints: (l.k ?? []).map((expr, i) => ({
        expr,
        refs: [...collectRefs(expr)],
        message: field.constraints?.[i]?.message ?? '',
      })),
      ...(parent ? { parent } : {}),
      ...(l.v ? { visibleIf: l.v } : {}),
      ...(l.r ? { requiredIf: l.r } : {}),
      ...(l.c ? { calc: l.c } : {}),
    };
    fields.set(field.key, compiled);
    if (field.type === 'repeat') {
      const children = field.fields.map((child) => make(child, sectionKey, field.key));
      const order = logic.rows[field.key];
      compiled.children = order ? order.map((key) => pick(children, key)) : children;
    }
    return compiled;
  };
  const sections = definition.sections.map((section) => ({
    key: section.key,
    section,
    origin: { path: '' },
    fields: section.fields.map((field) => make(field, section.key)),
    ...(logic.sections[section.key] ? { visibleIf: logic.sections[section.key] } : {}),
  }));
  return {
    id: definition.id,
    version: definition.version,
    title: definition.title,
    definition,
    sections,
    fields,
    order: logic.order
      ? logic.order.map((key) => pick([...fields.values()], key))
      : sections.flatMap((s) => s.fields),
    uses: [],
    ...(definition.scoring ? { scoring: definition.scoring } : {}),
  };
}

function pick(list: CompiledField[], key: string): CompiledField {
  const found = list.find((f) => f.key === key);
  if (!found) throw new Error(`unknown field in logic: ${key}`);
  return found;
}
