import { describe, expect, it } from 'vitest';
import { checkForm } from '../../../shared/forms/load-form';
import { formDefinitionSchema } from '../../../shared/forms/meta-schema';
import { resolveForm } from '../../../shared/forms/resolve-form';
import { scoreAnswers } from '../../../shared/forms/scoring';
import { fixturesDir, lookupIn, readJson } from './form-files';
import { edit } from './json-edit';

const fixtures = lookupIn(fixturesDir);

describe('references between forms', () => {
  it('a whole-form reference brings every section and the scoring', () => {
    const result = checkForm(readJson(fixturesDir, 'uses-rubric.json'), { lookup: fixtures });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const { form } = result;
    expect(form.sections.map((s) => s.key)).toEqual(['first', 'second', 'mine']);
    expect(form.uses).toEqual([{ id: 'rubric', version: 3 }]);
    expect(form.definition.sections.every((s) => 'key' in s)).toBe(true);
    expect(scoreAnswers(form, { hasCharter: true, hasOffice: true })).toMatchObject({
      total: 10,
      grade: { key: 'pass', label: '达标' },
      standardized: true,
    });
  });

  it('a section reference brings one section, and references may be nested', () => {
    const nested = {
      id: 'nested',
      version: 1,
      title: '嵌套引用',
      description: '引用一个本身使用引用的表',
      sections: [{ use: 'uses-rubric#second' }],
    };
    const result = checkForm(nested, { lookup: fixtures });
    expect(result.ok && result.form.sections.map((s) => s.key)).toEqual(['second']);
    expect(result.ok && result.form.uses).toEqual([
      { id: 'uses-rubric', version: 1 },
      { id: 'rubric', version: 3 },
    ]);
  });

  it('an expression may read a referenced field', () => {
    const raw = edit(readJson(fixturesDir, 'uses-rubric.json'), [
      { set: ['sections', 1, 'fields', 0, 'visibleIf'], value: 'hasCharter' },
    ]);
    expect(checkForm(raw, { lookup: fixtures }).ok).toBe(true);
  });

  it('resolveForm is usable on its own and reports issues at the reference', () => {
    const def = formDefinitionSchema.parse(readJson(fixturesDir, 'uses-rubric.json'));
    const resolved = resolveForm(def, fixtures);
    expect(resolved.ok && resolved.value.sections.map((s) => s.origin)).toEqual([
      { path: '$.sections[0]', ref: 'rubric#first' },
      { path: '$.sections[0]', ref: 'rubric#second' },
      { path: '$.sections[1]' },
    ]);
    expect(resolveForm(def, () => undefined)).toEqual({
      ok: false,
      issues: [
        { path: '$.sections[0].use', message: '引用了不存在的表单“rubric”' },
        { path: '$.scoring.use', message: '引用了不存在的表单“rubric”' },
      ],
    });
  });

  it('a form cannot reference itself', () => {
    const raw = edit(readJson(fixturesDir, 'rubric.json'), [
      { push: ['sections'], value: { use: 'rubric#first' } },
    ]);
    expect(checkForm(raw, { lookup: fixtures })).toEqual({
      ok: false,
      issues: [{ path: '$.sections[2].use', message: '表单之间循环引用：rubric → rubric' }],
    });
  });
});
