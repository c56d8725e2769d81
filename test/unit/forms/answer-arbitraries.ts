import fc from 'fast-check';
import { attachmentDefaults } from '../../../shared/forms/answer-field-schemas';
import type { CompiledField, CompiledForm } from '../../../shared/forms/compiled-form';
import { type AnyField, attachmentTypes } from '../../../shared/forms/field-schema';

/** Answers as the client sends them. */
export type RawAnswers = Record<string, unknown>;

const textUnit = fc.constantFrom(...'张王李赵老年协会村社区abcXYZ0123');
const digit = fc.constantFrom(...'0123456789');
const day = 24 * 60 * 60 * 1000;

function dateArb(min = '2000-01-01', max = '2030-12-31'): fc.Arbitrary<string> {
  const from = Date.parse(`${min}T00:00:00Z`) / day;
  const to = Date.parse(`${max}T00:00:00Z`) / day;
  return fc.integer({ min: from, max: to }).map((d) => new Date(d * day).toISOString().slice(0, 10));
}

/** A valid, non-blank value for one field (calculated fields have none). */
export function valueArb(field: AnyField, children: readonly CompiledField[] = []): fc.Arbitrary<unknown> {
  switch (field.type) {
    case 'text':
    case 'textarea': {
      if (field.type === 'text' && field.pattern) throw new Error('patterns are not generated');
      const maxLength = Math.min(field.maxLength ?? 30, 30);
      return fc.string({ unit: textUnit, minLength: Math.max(1, field.minLength ?? 1), maxLength });
    }
    case 'integer':
      return fc.integer({ min: Math.ceil(field.min ?? -1000), max: Math.floor(field.max ?? 100_000) });
    case 'decimal':
      return fc
        .integer({
          min: Math.ceil((field.min ?? -1000) * 100),
          max: Math.floor((field.max ?? 100_000) * 100),
        })
        .map((n) => n / 100);
    case 'single':
      return fc.constantFrom(...field.options.map((o) => o.value));
    case 'multiple': {
      const values = field.options.map((o) => o.value);
      return fc.subarray(values, {
        minLength: Math.max(1, field.minSelected ?? 1),
        maxLength: field.maxSelected ?? values.length,
      });
    }
    case 'yesNo':
      return fc.boolean();
    case 'date':
      return dateArb(field.min, field.max);
    case 'mobile':
      return fc
        .tuple(fc.constantFrom(...'3456789'), fc.string({ unit: digit, minLength: 9, maxLength: 9 }))
        .map(([second, rest]) => `1${second}${rest}`);
    case 'attachment': {
      const maxBytes = (field.maxSizeMb ?? attachmentDefaults.maxSizeMb) * 1024 * 1024;
      const file = fc.record({
        blobId: fc.uuid(),
        name: fc.constantFrom('照片.jpg', '章程.pdf', '台账.png'),
        type: fc.constantFrom(...(field.accept ?? attachmentTypes)),
        size: fc.integer({ min: 0, max: maxBytes }),
      });
      return fc.array(file, {
        minLength: 1,
        maxLength: Math.min(field.maxFiles ?? attachmentDefaults.maxFiles, 3),
      });
    }
    case 'repeat':
      return fc.array(recordArb(children), {
        minLength: Math.max(1, field.minRows ?? 1),
        maxLength: Math.min(field.maxRows ?? 4, 4),
      });
    case 'calculated':
      return fc.constant(undefined);
  }
}

/**
 * A record answering every required (or conditionally required) field and some of
 * the optional ones, with valid values. Hidden fields may get values: they are dropped.
 */
function recordArb(fields: readonly CompiledField[]): fc.Arbitrary<RawAnswers> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  const requiredKeys: string[] = [];
  for (const compiled of fields) {
    if (compiled.field.type === 'calculated') continue;
    model[compiled.key] = valueArb(compiled.field, compiled.children);
    if (compiled.field.required || compiled.field.requiredIf) requiredKeys.push(compiled.key);
  }
  return fc.record(model, { requiredKeys });
}

/** Valid answers for a form; `fix` makes cross-field constraints hold (they are form-specific). */
export function validAnswersArb(form: CompiledForm, fix: (answers: RawAnswers) => RawAnswers = (a) => a) {
  return recordArb(form.sections.flatMap((s) => s.fields)).map((answers) => fix(structuredClone(answers)));
}

const num = (answers: RawAnswers, key: string): number | undefined => {
  const value = answers[key];
  return typeof value === 'number' ? value : undefined;
};

/** Caps `key` at `limit` when both are numbers (for "≤" constraints). */
export function capAt(answers: RawAnswers, key: string, limit: string): void {
  const value = num(answers, key);
  const bound = num(answers, limit);
  if (value !== undefined && bound !== undefined && value > bound) answers[key] = bound;
}

/** Constraint fixers of the shipped forms. */
export const fixers: Record<string, (answers: RawAnswers) => RawAnswers> = {
  baseline: (a) => {
    capAt(a, 'elderlyPopulation', 'registeredPopulation');
    capAt(a, 'members', 'elderlyPopulation');
    const leaders = a.leaders;
    const board = num(a, 'boardSize');
    if (Array.isArray(leaders) && board !== undefined && board < leaders.length) a.boardSize = leaders.length;
    if (typeof a.filedOn === 'string' && typeof a.foundedOn === 'string' && a.filedOn < a.foundedOn) {
      a.filedOn = a.foundedOn;
    }
    return a;
  },
  'self-evaluation': (a) => {
    capAt(a, 'members', 'elderlyPopulation');
    return a;
  },
  acceptance: (a) => {
    capAt(a, 'members', 'elderlyPopulation');
    return a;
  },
  lookback: (a) => {
    if (typeof a.rectifyBy === 'string' && typeof a.checkedOn === 'string' && a.rectifyBy <= a.checkedOn) {
      a.checkedOn = '1999-12-31';
    }
    return a;
  },
};
