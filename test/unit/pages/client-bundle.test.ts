import { createHash } from 'node:crypto';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import * as generated from '../../../functions/http/pages/client/assets.generated';
import { toFieldIssues as browserToFieldIssues } from '../../../functions/http/pages/client/browser-validation';
import { buildClientAssets } from '../../../functions/http/pages/client/build';
import { hydrateForm } from '../../../functions/http/pages/client/compile-form';
import { formLogicOf, leanDefinition } from '../../../functions/http/pages/survey/page-data';
import { validateAnswers } from '../../../shared/forms/answers';
import { computeFormState } from '../../../shared/forms/form-runtime';
import { scoreAnswers } from '../../../shared/forms/scoring';
import { toFieldIssues } from '../../../shared/validation';
import { fixers, type RawAnswers, validAnswersArb } from '../forms/answer-arbitraries';
import { compileRaw, readForm, shippedFormIds } from '../forms/form-files';
import { compile, everyType } from './fixture-form';

describe('the survey page script', () => {
  it('assets.generated.ts matches a fresh build of the client and stylesheet', {
    timeout: 60_000,
  }, async () => {
    const built = await buildClientAssets();
    const stale =
      'functions/http/pages/client/assets.generated.ts is stale: run `npm run build:client` and commit the result';
    expect(built.js === generated.js, stale).toBe(true);
    expect(built.css === generated.css, stale).toBe(true);
    expect(built.consoleJs === generated.consoleJs, stale).toBe(true);
    expect(built.consoleCss === generated.consoleCss, stale).toBe(true);
    expect(built.verifyCss === generated.verifyCss, stale).toBe(true);
    expect(generated.jsHash).toBe(createHash('sha256').update(generated.js).digest('base64'));
    expect(generated.cssHash).toBe(createHash('sha256').update(generated.css).digest('base64'));
    expect(generated.consoleJsHash).toBe(createHash('sha256').update(generated.consoleJs).digest('base64'));
    expect(generated.consoleCssHash).toBe(createHash('sha256').update(generated.consoleCss).digest('base64'));
    expect(generated.verifyCssHash).toBe(createHash('sha256').update(generated.verifyCss).digest('base64'));
  });

  it('is one self-contained browser script: no node built-ins, eval or leftover process.env', () => {
    // Booleans, not string matchers: a failure should not print a 60 KB bundle.
    expect(/\brequire\(|process\.env|\beval\(|new Function/.test(generated.js)).toBe(false);
    expect(generated.css.includes('Noto Sans CJK SC,PingFang SC,Microsoft YaHei')).toBe(true);
  });

  it('polyfills Object.hasOwn and Array.prototype.flatMap before anything else runs (old WebViews)', () => {
    // A WebView of Chrome 66 has neither. The script then fails on the missing DOM, which
    // is expected here: the polyfills must already be in place by then.
    const context: Record<string, unknown> = {};
    runInNewContext('delete Object.hasOwn; delete Array.prototype.flatMap; self = this;', context);
    expect(runInNewContext('typeof Object.hasOwn', context)).toBe('undefined');
    expect(() => runInNewContext(generated.js, context)).toThrow();
    expect(runInNewContext('Object.hasOwn({ a: 1 }, "a") && !Object.hasOwn({}, "toString")', context)).toBe(
      true,
    );
    expect(runInNewContext('JSON.stringify([[1], [2, 3]].flatMap((x) => x))', context)).toBe('[1,2,3]');
  });

  it('uses a toFieldIssues identical to the shared one (the locale-free stand-in)', () => {
    const schema = z.object({ a: z.string('请输入文字'), b: z.array(z.object({ c: z.int('请输入整数') })) });
    for (const input of [{}, { a: 1, b: [{ c: 1.5 }] }, 'x', { a: 'x', b: [{ c: 1 }, {}] }]) {
      const result = schema.safeParse(input);
      if (result.success) continue;
      expect(browserToFieldIssues(result.error)).toEqual(toFieldIssues(result.error));
    }
  });
});

/** Answers with some keys dropped, some valid, some not: what a half-filled page holds. */
function answerSamples(form: ReturnType<typeof compileRaw>, count: number): RawAnswers[] {
  const valid = validAnswersArb(form, fixers[form.id]);
  const partial = fc
    .tuple(valid, fc.infiniteStream(fc.boolean()))
    .map(([answers, keep]) => Object.fromEntries(Object.entries(answers).filter(() => keep.next().value)));
  const broken = fc
    .tuple(valid, fc.constantFrom('x', -5, 1.5, true, '', [], ['nope'], 1e12))
    .map(([answers, bad]) => {
      const keys = Object.keys(answers);
      const key = keys[Math.abs(JSON.stringify(answers).length) % Math.max(1, keys.length)];
      return key ? { ...answers, [key]: bad } : answers;
    });
  return fc.sample(fc.oneof(valid, partial, broken), { numRuns: count, seed: 42 });
}

describe('the form rebuilt in the browser (definition + compiled logic)', () => {
  const forms = [...shippedFormIds.map((id) => compileRaw(readForm(id))), everyType];

  it.each(forms.map((form) => [form.id, form] as const))(
    '%s gives the same state, validation and score as the server',
    (_id, server) => {
      const client = hydrateForm(leanDefinition(server.definition), formLogicOf(server));
      expect(client.order.map((f) => f.key)).toEqual(server.order.map((f) => f.key));
      for (const answers of answerSamples(server, 60)) {
        const s = computeFormState(server, answers);
        const c = computeFormState(client, answers);
        expect(c.values).toEqual(s.values);
        expect([...c.visible]).toEqual([...s.visible]);
        expect(validateAnswers(client, answers)).toEqual(validateAnswers(server, answers));
        expect(scoreAnswers(client, answers)).toEqual(scoreAnswers(server, answers));
      }
    },
  );

  it('ships a dependency order only where it is not the definition’s, and follows it', () => {
    // A calculation before the fields it reads: computed after them.
    const server = compile({
      id: 'order',
      version: 1,
      title: '次序',
      description: '',
      sections: [
        {
          key: 's',
          title: '一',
          fields: [
            { type: 'calculated', key: 'rate', label: '比例', expr: 'a / b', format: 'number' },
            { type: 'integer', key: 'a', label: '甲' },
            { type: 'integer', key: 'b', label: '乙' },
          ],
        },
      ],
    });
    const logic = formLogicOf(server);
    expect(logic.order).toEqual(['a', 'b', 'rate']);
    const client = hydrateForm(leanDefinition(server.definition), logic);
    expect(client.order.map((f) => f.key)).toEqual(['a', 'b', 'rate']);
    expect(computeFormState(client, { a: 1, b: 4 }).values).toEqual(
      computeFormState(server, { a: 1, b: 4 }).values,
    );
  });

  it('refuses logic that names unknown fields', () => {
    const logic = formLogicOf(everyType);
    const order = [...everyType.order.map((f) => f.key), 'ghost'];
    expect(() => hydrateForm(everyType.definition, { ...logic, order })).toThrow(/ghost/);
    expect(() => hydrateForm(everyType.definition, { ...logic, rows: { leaders: ['ghost'] } })).toThrow(
      /ghost/,
    );
  });
});
