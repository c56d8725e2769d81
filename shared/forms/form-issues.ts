import type * as z from 'zod/mini';

/** A problem in a form definition: a JSON path into the checked file and a Chinese message. */
export interface FormIssue {
  path: string;
  message: string;
}

/** The result of checking something about a form. */
export type CheckResult<T> = { ok: true; value: T } | { ok: false; issues: FormIssue[] };

/** Where a piece of a resolved form came from: a path in this file, or a reference to another. */
export interface Origin {
  /** JSON path of the element in the checked file (for a reference: the reference itself). */
  path: string;
  /** Set when the element was copied by reference, e.g. `self-evaluation#organisation`. */
  ref?: string;
}

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Builds a JSON path such as `$.sections[1].fields[3].visibleIf` from path segments. */
export function jsonPath(segments: readonly PropertyKey[], root = '$'): string {
  let path = root;
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else if (typeof segment === 'string' && identifier.test(segment)) path += `.${segment}`;
    else path += `[${JSON.stringify(String(segment))}]`;
  }
  return path;
}

/**
 * An issue about `sub` (a relative path like `.fields[2].key`) of an element. Inside
 * a referenced element the path points at the reference and the message says where.
 */
export function issueAt(origin: Origin, sub: string, message: string): FormIssue {
  if (!origin.ref) return { path: origin.path + sub, message };
  const where = sub ? `${origin.ref} 的 ${sub.replace(/^\./, '')}` : origin.ref;
  return { path: `${origin.path}.use`, message: `${message}（位于引用的 ${where}）` };
}

type ZodIssue = z.core.$ZodIssue;

/** The raw value at a zod path, or undefined (zod issues do not carry their input). */
function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let value = raw;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null || typeof segment === 'symbol') return undefined;
    value = Object.hasOwn(value, segment) ? (Reflect.get(value, segment) as unknown) : undefined;
  }
  return value;
}

/** How badly a union branch's shape misses the input: missing required keys plus unknown keys. */
function shapeMiss(raw: unknown, at: readonly PropertyKey[], issues: readonly ZodIssue[]): number {
  let miss = 0;
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys' && issue.path.length === 0) miss += issue.keys.length;
    else if (issue.code === 'invalid_type' && issue.path.length === 0) miss += 100;
    else if (
      issue.code === 'invalid_type' &&
      issue.path.length === 1 &&
      valueAt(raw, [...at, ...issue.path]) === undefined
    )
      miss += 1;
  }
  return miss;
}

/** For a failed plain union, keeps the branch the author most plausibly meant. */
function bestBranch(raw: unknown, at: readonly PropertyKey[], branches: readonly (readonly ZodIssue[])[]) {
  let best: readonly ZodIssue[] = [];
  let bestScore = Number.POSITIVE_INFINITY;
  for (const branch of branches) {
    const score = shapeMiss(raw, at, branch) * 1000 + branch.length;
    if (score < bestScore) {
      best = branch;
      bestScore = score;
    }
  }
  return best;
}

function flatten(raw: unknown, issue: ZodIssue, prefix: readonly PropertyKey[], out: FormIssue[]): void {
  const path = [...prefix, ...issue.path];
  const input = valueAt(raw, path);
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    for (const inner of bestBranch(raw, path, issue.errors)) flatten(raw, inner, path, out);
    return;
  }
  if (issue.code === 'invalid_union' && issue.discriminator) {
    const options = 'options' in issue ? (issue.options ?? []).map(String).join('、') : '';
    const message =
      input === undefined
        ? `缺少必填属性“${issue.discriminator}”（可选：${options}）`
        : `未知的${issue.discriminator === 'type' ? '字段类型' : '取值'}“${String(input)}”（可选：${options}）`;
    out.push({ path: jsonPath(path), message });
    return;
  }
  if (issue.code === 'unrecognized_keys') {
    for (const key of issue.keys) out.push({ path: jsonPath([...path, key]), message: `未知的属性“${key}”` });
    return;
  }
  if (issue.code === 'invalid_type' && input === undefined && path.length > 0) {
    out.push({ path: jsonPath(path), message: `缺少必填属性“${String(path[path.length - 1])}”` });
    return;
  }
  out.push({ path: jsonPath(path), message: issue.message });
}

/**
 * Maps zod issues about `raw` to JSON-path issues, choosing the intended branch of each
 * failed union and naming each missing or unknown property.
 */
export function zodIssuesToFormIssues(raw: unknown, issues: readonly ZodIssue[]): FormIssue[] {
  const out: FormIssue[] = [];
  for (const issue of issues) flatten(raw, issue, [], out);
  return out;
}
