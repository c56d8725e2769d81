import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { checkForm } from '../../../shared/forms/load-form';
import type { FormLookup } from '../../../shared/forms/resolve-form';
import { fixturesDir, lookupIn, readJson } from './form-files';
import { demoForm, edit } from './json-edit';

const fixtures: FormLookup = lookupIn(fixturesDir);
const chinese = /[\u4e00-\u9fff]/;

const jsonPath = z.array(z.union([z.string(), z.number()]));
const editSchema = z.union([
  z.strictObject({ set: jsonPath, value: z.unknown() }),
  z.strictObject({ remove: jsonPath }),
  z.strictObject({ push: jsonPath, value: z.unknown() }),
]);

/**
 * The corpus of broken forms: each case edits the valid demo form of `json-edit.ts`
 * (fields 0 population, 1 members, 2 charter, 3 status, 4 kinds, 5 name, 6 people,
 * 7 rate) and names the JSON path and the Chinese message the issue must have.
 */
const cases = z
  .array(
    z.strictObject({ name: z.string(), edits: z.array(editSchema), path: z.string(), message: z.string() }),
  )
  .parse(readJson(fixturesDir, 'broken-forms.json'));

describe('checkForm rejects broken forms with the JSON path of each issue', () => {
  it('the demo form itself is valid', () => {
    expect(checkForm(demoForm(), { lookup: fixtures })).toMatchObject({ ok: true });
  });

  it('the corpus is large enough', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  it.each(cases)('$name → $path', ({ edits, path, message }) => {
    const result = checkForm(edit(demoForm(), edits), { lookup: fixtures });
    expect(result.ok).toBe(false);
    const issues = result.ok ? [] : result.issues;
    expect(issues).toContainEqual({ path, message: expect.stringContaining(message) });
    for (const issue of issues) expect(issue.message).toMatch(chinese);
  });

  it('reports a cycle between forms at the reference', () => {
    const result = checkForm(readJson(fixturesDir, 'cycle-a.json'), { lookup: fixtures });
    expect(result).toEqual({
      ok: false,
      issues: [{ path: '$.sections[0].use', message: '表单之间循环引用：cycle-a → cycle-b → cycle-a' }],
    });
  });

  it('fails references when no lookup is given', () => {
    const result = checkForm(readJson(fixturesDir, 'uses-rubric.json'));
    expect(result.ok ? [] : result.issues.map((i) => i.path)).toEqual(['$.sections[0].use', '$.scoring.use']);
  });

  it('rejects a value that is not an object', () => {
    expect(checkForm('not a form')).toMatchObject({ ok: false, issues: [{ path: '$' }] });
  });
});

describe('checkForm is total', () => {
  it('never throws on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (raw) => {
        expect(typeof checkForm(raw).ok).toBe('boolean');
      }),
    );
  });

  it('never throws when any property of a valid form is replaced by arbitrary JSON', () => {
    const paths: (string | number)[][] = [];
    const collect = (node: unknown, path: (string | number)[]) => {
      paths.push(path);
      if (Array.isArray(node)) {
        for (const [i, item] of node.entries()) collect(item, [...path, i]);
      } else if (typeof node === 'object' && node !== null) {
        for (const [key, value] of Object.entries(node)) collect(value, [...path, key]);
      }
    };
    collect(demoForm(), []);
    const settable = paths.filter((p) => p.length > 0);
    const numRuns = 1000;
    // Most single replacements break the form, so most must be rejected: otherwise the issue-path
    // check never runs and the property passes vacuously. With this fixed seed 980 of 1000 are
    // rejected (973–984 over ten seeds measured); the floor of 90 % leaves a wide margin.
    const seed = 20240611;
    let rejected = 0;
    fc.assert(
      fc.property(fc.constantFrom(...settable), fc.jsonValue(), (path, value) => {
        const result = checkForm(edit(demoForm(), [{ set: path, value }]), { lookup: fixtures });
        if (!result.ok) {
          rejected++;
          for (const issue of result.issues) expect(issue.path).toMatch(/^\$/);
        }
      }),
      { numRuns, seed },
    );
    expect(rejected).toBeGreaterThanOrEqual(numRuns * 0.9);
  });
});
