import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { validateAnswers } from '../shared/forms/answers';
import type { CompiledForm } from '../shared/forms/compiled-form';
import { checkForm } from '../shared/forms/load-form';
import { fixers, type RawAnswers, validAnswersArb } from '../test/unit/forms/answer-arbitraries';
import { validateSelfEvaluation } from './answer-validation-handwritten';
import { type Bench, type BenchResult, median, ratio } from './harness';

const FORM_ID = 'self-evaluation';
const TARGET = 0.8;
const VALID_INPUTS = 160;
const INVALID_INPUTS = 40;
/** Wider equivalence check than the timed set: every breaker on each of these answer sets. */
const CHECK_INPUTS = 300;
const SEED = 20240601;
const WARMUP_ROUNDS = 2;
const ROUNDS = 12;
/** Time per (side, subset) sample; a round is 4 samples. */
const SAMPLE_MS = 180;
const BASELINE_LABEL = 'hand-written zod/mini schema';

type Validate = (input: unknown) => { ok: boolean; answers?: unknown };

/** Exactly one rule of the self-evaluation form broken. */
interface Breaker {
  kind: string;
  apply(answers: RawAnswers): void;
}

const file = { blobId: 'b1', name: '照片.jpg', type: 'image/jpeg', size: 1024 };
const int = (a: RawAnswers, key: string): number => (typeof a[key] === 'number' ? a[key] : 0);

const breakers: Breaker[] = [
  { kind: 'unknown key', apply: (a) => Object.assign(a, { unknownKey: 1 }) },
  { kind: 'missing required', apply: (a) => delete a.standardName },
  { kind: 'null required', apply: (a) => Object.assign(a, { fundsSufficient: null }) },
  { kind: 'empty required list', apply: (a) => Object.assign(a, { publicityMeans: [] }) },
  { kind: 'wrong type (yesNo)', apply: (a) => Object.assign(a, { charter: 'yes' }) },
  { kind: 'wrong type (integer)', apply: (a) => Object.assign(a, { elderlyPopulation: '12' }) },
  { kind: 'below min', apply: (a) => Object.assign(a, { elderlyPopulation: 0 }) },
  { kind: 'fraction', apply: (a) => Object.assign(a, { members: 1.5 }) },
  { kind: 'unknown option', apply: (a) => Object.assign(a, { registration: 'noSuchOption' }) },
  { kind: 'unknown options', apply: (a) => Object.assign(a, { activityTypes: ['noSuchOption'] }) },
  { kind: 'duplicate option', apply: (a) => Object.assign(a, { publicityMeans: ['meeting', 'meeting'] }) },
  {
    kind: 'constraint members <= elderlyPopulation',
    apply: (a) => Object.assign(a, { members: int(a, 'elderlyPopulation') + 1 }),
  },
  {
    kind: 'bad file type',
    apply: (a) => Object.assign(a, { activityEvidence: [{ ...file, type: 'application/x-msdownload' }] }),
  },
  {
    kind: 'file too large',
    apply: (a) => Object.assign(a, { activityEvidence: [{ ...file, size: 11 * 1024 * 1024 }] }),
  },
  { kind: 'unknown file key', apply: (a) => Object.assign(a, { activityEvidence: [{ ...file, zz: 1 }] }) },
  {
    kind: 'too many files',
    apply: (a) => Object.assign(a, { activityEvidence: Array.from({ length: 21 }, () => ({ ...file })) }),
  },
];

function loadForm(root: string): CompiledForm {
  const read = (id: string): unknown => JSON.parse(readFileSync(join(root, 'forms', `${id}.json`), 'utf8'));
  const result = checkForm(read(FORM_ID), {
    lookup: (id) => {
      try {
        return read(id);
      } catch {
        return undefined;
      }
    },
  });
  if (!result.ok) throw new Error(`${FORM_ID}.json is invalid: ${JSON.stringify(result.issues)}`);
  return result.form;
}

/** Valid answer sets (fixed seed) and one broken copy per breaker applied in turn. */
function makeInputs(form: CompiledForm, valid: number, invalid: number, seed: number) {
  const arb = validAnswersArb(form, fixers[FORM_ID]);
  const validInputs = fc.sample(arb, { numRuns: valid, seed });
  const invalidInputs = fc.sample(arb, { numRuns: invalid, seed: seed + 1 }).map((raw, i) => {
    const breaker = breakers[i % breakers.length] as Breaker;
    breaker.apply(raw);
    return { kind: breaker.kind, raw };
  });
  return { validInputs, invalidInputs };
}

/**
 * Throws unless both validators agree: the valid inputs pass both with deep-equal cleaned
 * answers (calculated rate included), the broken ones fail both.
 */
function checkEquivalence(
  ours: Validate,
  base: Validate,
  valid: readonly unknown[],
  invalid: readonly { kind: string; raw: unknown }[],
): void {
  for (const raw of valid) {
    const a = ours(raw);
    const b = base(raw);
    if (!a.ok || !b.ok) {
      throw new Error(
        `valid answers rejected (ours ok=${a.ok}, baseline ok=${b.ok}): ${JSON.stringify(raw)}`,
      );
    }
    if (!isDeepStrictEqual(a.answers, b.answers)) {
      throw new Error(
        `cleaned answers differ: ours ${JSON.stringify(a.answers)} vs baseline ${JSON.stringify(b.answers)}`,
      );
    }
  }
  for (const { kind, raw } of invalid) {
    const a = ours(raw);
    const b = base(raw);
    if (a.ok || b.ok) {
      throw new Error(`'${kind}' accepted (ours ok=${a.ok}, baseline ok=${b.ok}): ${JSON.stringify(raw)}`);
    }
  }
}

/** Runs `validate` over `inputs` for at least `ms`, whole passes only; ops/s. */
function timeSample(validate: Validate, inputs: readonly unknown[], expectOk: boolean, ms: number): number {
  let ops = 0;
  let mismatches = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    for (const input of inputs) {
      // Reading the result keeps the call observable, and re-checks agreement while timed.
      if (validate(input).ok !== expectOk) mismatches++;
    }
    ops += inputs.length;
    elapsed = performance.now() - start;
  } while (elapsed < ms);
  if (mismatches > 0) throw new Error(`${mismatches} results changed while timing`);
  return (ops / elapsed) * 1000;
}

interface Sides<T> {
  ours: T;
  baseline: T;
}

export const bench: Bench = {
  name: 'answer-validation',
  async run(ctx) {
    ctx.log(`compiling forms/${FORM_ID}.json with checkForm`);
    const form = loadForm(ctx.root);
    const validators: Sides<Validate> = {
      ours: (input) => validateAnswers(form, input),
      baseline: validateSelfEvaluation,
    };

    ctx.log(`equivalence: ${CHECK_INPUTS} generated answer sets, each also broken ${breakers.length} ways`);
    const wide = makeInputs(form, CHECK_INPUTS, 0, SEED + 100);
    const wideBroken = wide.validInputs.flatMap((raw) =>
      breakers.map((b) => {
        const copy = structuredClone(raw);
        b.apply(copy);
        return { kind: b.kind, raw: copy };
      }),
    );
    checkEquivalence(validators.ours, validators.baseline, wide.validInputs, wideBroken);

    const { validInputs, invalidInputs } = makeInputs(form, VALID_INPUTS, INVALID_INPUTS, SEED);
    ctx.log(`equivalence: the ${VALID_INPUTS} valid + ${INVALID_INPUTS} invalid inputs to be timed`);
    checkEquivalence(validators.ours, validators.baseline, validInputs, invalidInputs);
    const invalidRaw = invalidInputs.map((i) => i.raw);

    // Per round and side: ops/s on the valid subset, on the invalid subset, and on both
    // (the mixed figure is total ops over total time, so it is the 80/20 mix by construction).
    const samples = {
      valid: { ours: [] as number[], baseline: [] as number[] },
      invalid: { ours: [] as number[], baseline: [] as number[] },
      mixed: { ours: [] as number[], baseline: [] as number[] },
    };
    const order: (keyof Sides<Validate>)[] = ['ours', 'baseline'];
    for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
      const warm = round < WARMUP_ROUNDS;
      ctx.log(
        warm ? `warm-up ${round + 1}/${WARMUP_ROUNDS}` : `round ${round - WARMUP_ROUNDS + 1}/${ROUNDS}`,
      );
      // A,B then B,A: whichever side runs second in a round does not always profit (or suffer).
      const sides = round % 2 === 0 ? order : [...order].reverse();
      for (const side of sides) {
        const validate = validators[side];
        const validOps = timeSample(validate, validInputs, true, SAMPLE_MS);
        const invalidOps = timeSample(validate, invalidRaw, false, SAMPLE_MS);
        if (warm) continue;
        samples.valid[side].push(validOps);
        samples.invalid[side].push(invalidOps);
        const seconds = validInputs.length / validOps + invalidRaw.length / invalidOps;
        samples.mixed[side].push((validInputs.length + invalidRaw.length) / seconds);
      }
    }

    const medians = (kind: keyof typeof samples): Sides<number> => ({
      ours: median(samples[kind].ours),
      baseline: median(samples[kind].baseline),
    });
    const mixed = medians('mixed');
    const mixedRatio = ratio(mixed.ours, mixed.baseline);
    const met = mixedRatio >= TARGET;
    ctx.log(
      `mixed ratio ${mixedRatio.toFixed(3)} (target ≥ ${TARGET.toFixed(2)}: ${met ? 'met' : 'NOT met'})`,
    );

    const result = (metric: string, m: Sides<number>, note?: string): BenchResult => ({
      benchmark: 'answer-validation',
      metric,
      value: m.ours,
      unit: 'ops/s',
      baseline: { label: BASELINE_LABEL, value: m.baseline },
      ratio: ratio(m.ours, m.baseline),
      better: 'higher',
      ...(note ? { note } : {}),
    });
    return [
      result(
        `validateAnswers, ${VALID_INPUTS} valid + ${INVALID_INPUTS} invalid (median)`,
        mixed,
        `target ratio ≥ ${TARGET.toFixed(2)}: ${met ? 'met' : 'NOT met'} (${mixedRatio.toFixed(2)}); ` +
          `forms/${FORM_ID}.json compiled by checkForm vs ${BASELINE_LABEL} (bench/answer-validation-handwritten.ts); ` +
          `both agreed on every timed input and on ${CHECK_INPUTS} × (1 + ${breakers.length}) more, cleaned answers deep-equal; ` +
          `median of ${ROUNDS} interleaved rounds of ${SAMPLE_MS} ms per side and subset after ${WARMUP_ROUNDS} warm-up rounds`,
      ),
      result('validateAnswers, valid only (median)', medians('valid')),
      result(`validateAnswers, invalid only (median, ${breakers.length} kinds of break)`, medians('invalid')),
    ];
  },
};
