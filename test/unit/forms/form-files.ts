import { existsSync, readFileSync } from 'node:fs';
import type { CompiledForm } from '../../../shared/forms/compiled-form';
import { checkForm } from '../../../shared/forms/load-form';
import type { FormLookup } from '../../../shared/forms/resolve-form';

/** The shipped form files, read the way a loader would: parsed JSON, unchecked. */
export const formsDir = new URL('../../../forms/', import.meta.url);
export const fixturesDir = new URL('./fixtures/', import.meta.url);

/** Ids of the forms shipped in `forms/`. */
export const shippedFormIds = ['baseline', 'self-evaluation', 'acceptance', 'lookback'] as const;

/** Parsed JSON of a file under a directory. */
export function readJson(dir: URL, name: string): unknown {
  return JSON.parse(readFileSync(new URL(name, dir), 'utf8'));
}

/** Raw definition of a shipped form. */
export function readForm(id: string): unknown {
  return readJson(formsDir, `${id}.json`);
}

/** Looks other forms up among the shipped files, as the loader would among published ones. */
export function lookupIn(dir: URL): FormLookup {
  return (id) => {
    const url = new URL(`${id}.json`, dir);
    return existsSync(url) ? readJson(dir, `${id}.json`) : undefined;
  };
}

/** Lookup over the shipped forms. */
export const shippedLookup: FormLookup = lookupIn(formsDir);

/** Checks a raw definition and fails the test with its issues when it is invalid. */
export function compileRaw(raw: unknown, lookup: FormLookup = shippedLookup): CompiledForm {
  const result = checkForm(raw, { lookup });
  if (!result.ok) throw new Error(`form is invalid: ${JSON.stringify(result.issues, null, 2)}`);
  return result.form;
}

/** A shipped form, compiled. */
export function compileShipped(id: string): CompiledForm {
  return compileRaw(readForm(id));
}

/** A deep copy of plain JSON, for tests that edit a definition. */
export function cloneJson<T>(value: T): T {
  return structuredClone(value);
}
