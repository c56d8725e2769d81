import { checkFieldScore, checkScoring, checkSectionCap } from './check-scoring';
import { buildSections, checkFieldStructure } from './check-structure';
import { compileExpressions } from './compile-expressions';
import { type CompiledForm, walkFields } from './compiled-form';
import { dependencyOrder } from './dependency-order';
import { type FormIssue, zodIssuesToFormIssues } from './form-issues';
import { formDefinitionSchema, type ResolvedForm } from './meta-schema';
import { type FormLookup, resolveForm } from './resolve-form';

/** Options of `checkForm`. */
export interface CheckFormOptions {
  /** Raw definitions of other forms by id, for `use` references; without it references fail. */
  lookup?: FormLookup;
}

/** The outcome of checking a form file: a compiled form, or every issue with its JSON path. */
export type CheckFormResult = { ok: true; form: CompiledForm } | { ok: false; issues: FormIssue[] };

const noForms: FormLookup = () => undefined;

/**
 * Checks a raw form definition (parsed JSON) and compiles it. Runs, in order: the
 * meta-schema; reference resolution; keys, options, ranges, patterns, score rules,
 * vetoes, section caps and grades; every expression (syntax, unknown fields, types);
 * dependency cycles. Each issue carries the JSON path in the checked file
 * (`$.sections[1].fields[3].visibleIf`) and a Chinese message. Pure and deterministic.
 */
export function checkForm(raw: unknown, options: CheckFormOptions = {}): CheckFormResult {
  const parsed = formDefinitionSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, issues: zodIssuesToFormIssues(raw, parsed.error.issues) };
  const resolution = resolveForm(parsed.data, options.lookup ?? noForms);
  if (!resolution.ok) return resolution;
  const { definition, sections: resolved, scoring, uses } = resolution.value;

  const issues: FormIssue[] = [];
  const { sections, fields } = buildSections(resolved, issues);
  for (const field of walkFields(sections.flatMap((s) => s.fields))) {
    checkFieldStructure(field, issues);
    checkFieldScore(field, issues);
  }
  for (const section of sections) checkSectionCap(section, issues);
  if (scoring) checkScoring(scoring.scoring, scoring.origin, sections, issues);
  compileExpressions(sections, fields, issues);
  const order = dependencyOrder(sections, issues);
  if (issues.length > 0) return { ok: false, issues };

  const { sections: _refs, scoring: _scoring, ...head } = definition;
  const resolvedDefinition: ResolvedForm = {
    ...head,
    sections: resolved.map((s) => s.section),
    ...(scoring ? { scoring: scoring.scoring } : {}),
  };
  const form: CompiledForm = {
    id: definition.id,
    version: definition.version,
    title: definition.title,
    definition: resolvedDefinition,
    sections,
    fields,
    order,
    uses,
    ...(scoring ? { scoring: scoring.scoring } : {}),
  };
  return { ok: true, form };
}
