import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { compose } from '../../functions/compose';
import { createApp } from '../../functions/http/app';
import type { CompiledForm } from '../../shared/forms/compiled-form';
import { tableDefinition } from '../../shared/store/table';
import { compiledForm, issue, tokenOf, withoutAttachments } from '../support/fill';
import { adminPassword, useTestStack } from '../support/stack';
import { fixers, validAnswersArb } from '../unit/forms/answer-arbitraries';

/**
 * Fuzzes `POST /api/v1/fill/{token}/submissions` of the real app with random and mutated
 * bodies: every answer is 201 or 4xx (never 5xx), and a rejected body stores nothing (the
 * table grows by exactly one submission per 201, plus one claim per keyed 201, besides the
 * village's one draft that every 201 overwrites and the link's rate counter). The per-link
 * limit is lifted: thousands of bodies arrive in one minute of the test clock.
 *
 * `FUZZ_RUNS` sets how many bodies are sent: 2,000 by default, so `npm test` stays quick.
 * The seed is fixed, so a shorter run is a prefix of a longer one. The full run:
 *   FUZZ_RUNS=10000 npx vitest run test/integration/fill-fuzz.test.ts
 */
const defaultRuns = 2_000;

/** Reads `FUZZ_RUNS`; a value that is set but not a positive integer fails the file, never falls back. */
function fuzzRuns(raw: string | undefined): number {
  if (raw === undefined) return defaultRuns;
  const n = Number(raw);
  if (!/^[1-9][0-9]*$/.test(raw) || !Number.isSafeInteger(n)) {
    throw new Error(
      `FUZZ_RUNS must be a positive integer (the number of request bodies to send), got ${JSON.stringify(raw)}`,
    );
  }
  return n;
}

const runs = fuzzRuns(process.env.FUZZ_RUNS);
const t = useTestStack();
const batchSize = 50;
/** The last batch is cut short when `runs` is not a multiple of `batchSize`. */
const batches = Math.ceil(runs / batchSize);
let token = '';
let form: CompiledForm;
let app: ReturnType<typeof createApp>;

/** One request: raw body text, its content type, and an optional Idempotency-Key. */
interface FuzzRequest {
  body: string;
  type: string | undefined;
  key: 'fresh' | 'bad' | undefined;
}

const nastyKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', ''];
const jsonText = (v: unknown) => JSON.stringify(v) ?? 'null';

/** An object written as JSON text key by key, so `__proto__` stays an ordinary key. */
const rawObject = (entries: [string, string][]) =>
  `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;

const hostileValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map(jsonText),
  fc
    .oneof(fc.integer({ min: 1, max: 200 }), fc.constantFrom(5_000, 20_000, 30_000))
    .map((d) => '['.repeat(d) + ']'.repeat(d)),
  fc.integer({ min: 1, max: 120 }).map((d) => `${'{"a":'.repeat(d)}1${'}'.repeat(d)}`),
  fc.constantFrom(1_000, 20_000, 63_000, 70_000, 200_000).map((n) => JSON.stringify('字x'.repeat(n / 2))),
  fc.constantFrom('1e400', '-0', '0.1e-400', '"\\u0000"', '"\\ud800"', '[]', '{}', 'null', 'true'),
  fc
    .array(fc.tuple(fc.constantFrom(...nastyKeys), fc.jsonValue({ maxDepth: 2 }).map(jsonText)), {
      maxLength: 4,
    })
    .map(rawObject),
);

/** Valid answers with one to three mutations (or none). */
const mutatedAnswers = () =>
  fc
    .tuple(
      validAnswersArb(form, fixers[form.id]).map((a) => withoutAttachments(form, a)),
      fc.array(
        fc.tuple(
          fc.constantFrom('drop', 'replace', 'add', 'wrap'),
          fc.constantFrom(...[...form.fields.keys()], ...nastyKeys, 'unknownField'),
          hostileValue,
        ),
        { maxLength: 3 },
      ),
    )
    .map(([answers, mutations]) => {
      const entries = new Map(Object.entries(answers).map(([k, v]) => [k, jsonText(v)]));
      for (const [how, key, value] of mutations) {
        if (how === 'drop') entries.delete(key);
        else if (how === 'wrap') entries.set(key, `[${entries.get(key) ?? value}]`);
        else entries.set(key, value);
      }
      return rawObject([...entries]);
    });

const requestArb = (): fc.Arbitrary<FuzzRequest> => {
  const answers = fc.oneof(
    { weight: 4, arbitrary: mutatedAnswers() },
    { weight: 2, arbitrary: hostileValue },
  );
  const body = fc.oneof(
    { weight: 6, arbitrary: answers.map((a) => `{"answers":${a}}`) },
    { weight: 1, arbitrary: hostileValue },
    {
      weight: 1,
      arbitrary: answers.map((a) =>
        rawObject([
          ['answers', a],
          ['__proto__', '{"polluted":1}'],
        ]),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(answers, fc.nat()).map(([a, n]) => `{"answers":${a}}`.slice(0, n % 60)),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  );
  const type = fc.oneof(
    { weight: 8, arbitrary: fc.constant('application/json') },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        undefined,
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/json; charset=utf-8',
        'application/merge-patch+json',
        'application/jsonx',
      ),
    },
  );
  const key = fc.constantFrom<FuzzRequest['key']>(undefined, undefined, undefined, 'fresh', 'fresh', 'bad');
  return fc.record({ body, type, key });
};

beforeAll(async () => {
  const admin = await t.login('admin', adminPassword);
  const [row] = await issue(t, admin, { formId: 'self-evaluation', orgCodes: ['341022104204'] });
  token = tokenOf(row?.url ?? '');
  form = await compiledForm(t, 'self-evaluation');
  // The real app and table, with the per-link limits lifted (fill-limits.test.ts tests them).
  const { table, secret, blobs } = t.stack;
  const config = { sessionTtlSeconds: 3600, maxBodyBytes: 64 * 1024 };
  const linkRates = { submitsPerMinute: 1_000_000, draftsPerMinute: 1_000_000, uploadsPerMinute: 1_000_000 };
  app = createApp(compose({ table, secret, blobs, config, now: () => t.clock.now, linkRates }).deps);
});

/** Items that are data: not the link's rate counter, not the village's draft (each 201 overwrites it). */
const dataItems = async () =>
  (await t.scanAll()).filter(
    (i) => !String(i.pk).startsWith(tableDefinition.counterPrefix) && !String(i.sk).startsWith('DRAFT#'),
  );

describe('submission fuzz', () => {
  it(`answers ${runs} random and mutated bodies with 201 or 4xx, storing only the 201s`, {
    timeout: 120_000,
  }, async () => {
    const itemsBefore = (await dataItems()).length;
    const statuses = new Map<number, number>();
    let created = 0;
    let keyedCreated = 0;
    let sent = 0;
    let done = 0;
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(
        fc.array(requestArb(), { minLength: batchSize, maxLength: batchSize }),
        async (generated) => {
          // Every batch is generated whole, so the random stream (and the prefix) does not depend on `runs`.
          const batch = generated.slice(0, runs - done);
          done += batch.length;
          const results = await Promise.all(
            batch.map(async (r) => {
              const headers: Record<string, string> = {};
              if (r.type !== undefined) headers['content-type'] = r.type;
              if (r.key === 'fresh') headers['idempotency-key'] = `fuzz-key-${sent++}`;
              if (r.key === 'bad') headers['idempotency-key'] = 'bad key!';
              const res = await app.request(`/api/v1/fill/${token}/submissions`, {
                method: 'POST',
                headers,
                body: r.body,
              });
              await res.arrayBuffer();
              return {
                status: res.status,
                keyed: r.key === 'fresh',
                sample: `${r.type} ${r.body.slice(0, 200)}`,
              };
            }),
          );
          for (const { status, keyed, sample } of results) {
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
            if (status === 201) {
              created++;
              if (keyed) keyedCreated++;
            }
            expect(status === 201 || (status >= 400 && status < 500), `status ${status} for ${sample}`).toBe(
              true,
            );
          }
        },
      ),
      {
        numRuns: batches,
        seed: 20231218,
        endOnFailure: true,
        // The default report prints the whole batch, megabytes of it: keep the failure readable.
        reporter: (out) => {
          if (!out.failed) return;
          const error =
            out.errorInstance instanceof Error ? out.errorInstance.message : String(out.errorInstance);
          throw new Error(
            `fuzz failed (seed ${out.seed}, path ${out.counterexamplePath}): ${error.slice(0, 300)}\n` +
              `batch (truncated): ${JSON.stringify(out.counterexample).slice(0, 2000)}`,
          );
        },
      },
    );
    const elapsed = Date.now() - started;
    const items = await dataItems();
    // Exactly one submission per 201 and one idempotency claim per keyed 201: nothing else.
    expect(items.length - itemsBefore).toBe(created + keyedCreated);
    expect(items.filter((i) => String(i.sk).startsWith('SUB#'))).toHaveLength(created);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const total = [...statuses.values()].reduce((a, b) => a + b, 0);
    expect(total).toBe(runs);
    // Enough of each outcome to mean something.
    expect(created).toBeGreaterThan(total / 20);
    expect(statuses.get(422) ?? 0).toBeGreaterThan(total / 10);
    console.log(
      `fuzz: ${total} requests in ${elapsed} ms; statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
  });
});
