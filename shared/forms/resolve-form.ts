import {
  type CheckResult,
  type FormIssue,
  jsonPath,
  type Origin,
  zodIssuesToFormIssues,
} from './form-issues';
import { type FormDefinition, formDefinitionSchema, type Scoring, type Section } from './meta-schema';

/** Returns the raw definition of another form by id (latest version), or undefined. */
export type FormLookup = (id: string) => unknown;

/** A section of the resolved form with where it came from. */
export interface ResolvedSection {
  section: Section;
  origin: Origin;
}

/** A definition with references replaced, plus the forms it used (for provenance). */
export interface Resolution {
  definition: FormDefinition;
  sections: ResolvedSection[];
  scoring?: { scoring: Scoring; origin: Origin };
  uses: { id: string; version: number }[];
}

interface Context {
  lookup: FormLookup;
  issues: FormIssue[];
  uses: Map<string, number>;
}

/** Loads and parses a referenced form; reports at `path` when it is unknown, invalid or cyclic. */
function loadReferenced(id: string, path: string, stack: readonly string[], ctx: Context) {
  if (stack.includes(id)) {
    ctx.issues.push({ path, message: `表单之间循环引用：${[...stack, id].join(' → ')}` });
    return undefined;
  }
  const raw = ctx.lookup(id);
  if (raw === undefined) {
    ctx.issues.push({ path, message: `引用了不存在的表单“${id}”` });
    return undefined;
  }
  const parsed = formDefinitionSchema.safeParse(raw);
  if (!parsed.success) {
    const first = zodIssuesToFormIssues(raw, parsed.error.issues)[0];
    ctx.issues.push({ path, message: `引用的表单“${id}”格式不正确：${first?.path} ${first?.message}` });
    return undefined;
  }
  ctx.uses.set(id, parsed.data.version);
  return parsed.data;
}

/**
 * The sections of `def`, expanding references recursively; `stack` guards against cycles.
 * Inside a referenced form every issue is reported at `outer`, the reference in the checked file.
 */
function expandSections(def: FormDefinition, stack: readonly string[], ctx: Context, outer?: string) {
  const out: ResolvedSection[] = [];
  def.sections.forEach((entry, index) => {
    const path = outer ?? jsonPath(['sections', index]);
    if (!('use' in entry)) {
      out.push({ section: entry, origin: { path } });
      return;
    }
    const [formId = '', sectionKey] = entry.use.split('#');
    const other = loadReferenced(formId, `${path}.use`, stack, ctx);
    if (!other) return;
    const expanded = expandSections(other, [...stack, formId], ctx, path);
    const wanted = sectionKey === undefined ? expanded : expanded.filter((s) => s.section.key === sectionKey);
    if (wanted.length === 0) {
      ctx.issues.push({ path: `${path}.use`, message: `表单“${formId}”中没有分区“${sectionKey}”` });
    }
    for (const { section } of wanted)
      out.push({ section, origin: { path, ref: `${formId}#${section.key}` } });
  });
  return out;
}

/** The scoring of `def`, following `{ "use": … }` references; issues go to `$.scoring.use`. */
function resolveScoring(def: FormDefinition, stack: readonly string[], ctx: Context): Scoring | undefined {
  if (!def.scoring || !('use' in def.scoring)) return def.scoring;
  const path = '$.scoring.use';
  const other = loadReferenced(def.scoring.use, path, stack, ctx);
  if (!other) return undefined;
  const scoring = resolveScoring(other, [...stack, other.id], ctx);
  if (!scoring && other.scoring === undefined)
    ctx.issues.push({ path, message: `表单“${other.id}”没有计分规则` });
  return scoring;
}

/**
 * Resolves a parsed definition: every `{ "use": "form" }` or `{ "use": "form#section" }`
 * section reference is replaced by the referenced sections, and `scoring: { "use": "form" }`
 * by that form's scoring. Referenced forms may themselves use references; cycles,
 * unknown forms and unknown sections are issues at the JSON path of the reference in
 * the checked file. Pure: all reading goes through `lookup`.
 */
export function resolveForm(def: FormDefinition, lookup: FormLookup): CheckResult<Resolution> {
  const ctx: Context = { lookup, issues: [], uses: new Map() };
  const sections = expandSections(def, [def.id], ctx);
  const scoring = resolveScoring(def, [def.id], ctx);
  if (ctx.issues.length > 0) return { ok: false, issues: ctx.issues };
  const origin: Origin =
    def.scoring && 'use' in def.scoring ? { path: '$.scoring', ref: def.scoring.use } : { path: '$.scoring' };
  const uses = [...ctx.uses].map(([id, version]) => ({ id, version }));
  return {
    ok: true,
    value: { definition: def, sections, ...(scoring ? { scoring: { scoring, origin } } : {}), uses },
  };
}
