import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateAnswers } from '../../../shared/forms/answers';
import type { CompiledField, CompiledForm } from '../../../shared/forms/compiled-form';
import { fixers, type RawAnswers, validAnswersArb } from './answer-arbitraries';
import { compileShipped, shippedFormIds } from './form-files';

/** One way to break exactly one rule; `field` is where the issue must be reported. */
interface Breaker {
  kind: string;
  field: string;
  apply(answers: RawAnswers): void;
}

function wrongType(field: CompiledField): unknown {
  switch (field.exprType) {
    case 'number':
      return '12';
    case 'boolean':
      return 'yes';
    case 'string':
      return 12345;
    default:
      return 'x';
  }
}

type Setter = (answers: RawAnswers, value: unknown) => void;

/** Value-level breakers of one visible, answered field at `path` (top level or inside a row). */
function valueBreakers(field: CompiledField, path: string, set: Setter): Breaker[] {
  const to = (kind: string, value: unknown, where = path): Breaker => ({
    kind,
    field: where,
    apply: (a) => set(a, value),
  });
  const out: Breaker[] = [to('wrong type', wrongType(field))];
  const f = field.field;
  if (f.type === 'integer' || f.type === 'decimal') {
    if (f.min !== undefined) out.push(to('below min', f.min - 1));
    if (f.max !== undefined) out.push(to('above max', f.max + 1));
    if (f.type === 'integer') out.push(to('fraction', 1.5));
  }
  if (f.type === 'single') out.push(to('unknown option', 'noSuchOption'));
  if (f.type === 'multiple') out.push(to('unknown options', ['noSuchOption']));
  if (f.type === 'mobile') out.push(to('bad mobile', '12345678901'));
  if (f.type === 'date') out.push(to('impossible date', '2023-02-30'));
  if ((f.type === 'text' || f.type === 'textarea') && f.maxLength !== undefined) {
    out.push(to('too long', '长'.repeat(f.maxLength + 1)));
  }
  if (f.type === 'attachment') {
    const file = { blobId: 'b1', name: 'a.exe', type: 'application/x-msdownload', size: 1 };
    out.push(to('bad file type', [file], `${path}.0.type`));
  }
  return out;
}

/** Runs `change` on row `index` of repeat group `key`, when it exists. */
function onRow(answers: RawAnswers, key: string, index: number, change: (row: object) => void): void {
  const rows = answers[key];
  const row: unknown = Array.isArray(rows) ? rows[index] : undefined;
  if (typeof row === 'object' && row !== null) change(row);
}

function rowBreakers(field: CompiledField, rows: readonly unknown[]): Breaker[] {
  const out: Breaker[] = [];
  rows.forEach((row, i) => {
    const base = `${field.key}.${i}`;
    out.push({
      kind: 'unknown row key',
      field: `${base}.zz`,
      apply: (a) => onRow(a, field.key, i, (r) => Reflect.set(r, 'zz', 1)),
    });
    for (const child of field.children) {
      if (typeof row !== 'object' || row === null || !Object.hasOwn(row, child.key)) continue;
      const path = `${base}.${child.key}`;
      out.push(
        ...valueBreakers(child, path, (a, v) => onRow(a, field.key, i, (r) => Reflect.set(r, child.key, v))),
      );
      if (child.field.required) {
        const remove = (a: RawAnswers) => onRow(a, field.key, i, (r) => Reflect.deleteProperty(r, child.key));
        out.push({ kind: 'missing required', field: path, apply: remove });
      }
    }
  });
  return out;
}

/** Every single-rule break applicable to valid answers, given their cleaned form (visible fields only). */
function breakersFor(form: CompiledForm, cleaned: RawAnswers): Breaker[] {
  const out: Breaker[] = [
    { kind: 'unknown key', field: 'unknownKey', apply: (a) => Object.assign(a, { unknownKey: 1 }) },
  ];
  for (const [key, value] of Object.entries(cleaned)) {
    const field = form.fields.get(key);
    if (!field || field.field.type === 'calculated') continue;
    out.push(...valueBreakers(field, key, (a, v) => Object.assign(a, { [key]: v })));
    if (field.field.required) out.push({ kind: 'missing required', field: key, apply: (a) => delete a[key] });
    if (field.field.type === 'repeat' && Array.isArray(value)) out.push(...rowBreakers(field, value));
  }
  return out;
}

const expectedKinds: Record<string, string[]> = {
  baseline: [
    'unknown key',
    'wrong type',
    'missing required',
    'below min',
    'fraction',
    'unknown option',
    'bad mobile',
    'unknown row key',
    'too long',
    'impossible date',
  ],
  'self-evaluation': ['unknown key', 'wrong type', 'missing required', 'below min', 'unknown options'],
  acceptance: ['unknown key', 'wrong type', 'missing required', 'unknown row key', 'impossible date'],
  lookback: ['unknown key', 'wrong type', 'missing required', 'unknown option', 'impossible date'],
};

const propertyForms = shippedFormIds.map((id) => [id, compileShipped(id)] as const);

describe.each(propertyForms)('answers of %s', (id, form) => {
  const answers = validAnswersArb(form, fixers[id]);

  it('generated valid answers always validate', () => {
    fc.assert(
      fc.property(answers, (raw) => {
        const result = validateAnswers(form, raw);
        expect(result.ok ? [] : result.issues).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('breaking exactly one rule always fails with an issue on that field', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(answers, (raw) => {
        const valid = validateAnswers(form, raw);
        if (!valid.ok) throw new Error(JSON.stringify(valid.issues));
        for (const breaker of breakersFor(form, valid.answers)) {
          seen.add(breaker.kind);
          const broken = structuredClone(raw);
          breaker.apply(broken);
          const result = validateAnswers(form, broken);
          expect(result.ok, `${breaker.kind} on ${breaker.field}`).toBe(false);
          expect(result.ok ? [] : result.issues.map((i) => i.field), breaker.kind).toContain(breaker.field);
        }
      }),
      { numRuns: 40 },
    );
    expect([...seen]).toEqual(expect.arrayContaining(expectedKinds[id] ?? []));
  });
});
