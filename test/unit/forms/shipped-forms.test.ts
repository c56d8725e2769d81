import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formJsonSchema } from '../../../shared/forms/json-schema';
import { checkForm } from '../../../shared/forms/load-form';
import { programmeFormIds, programmeSchema, targetForYear } from '../../../shared/programme/programme-schema';
import { compileShipped, formsDir, readForm, readJson, shippedFormIds, shippedLookup } from './form-files';

const samplePhrase = '示例，可按《安徽省城乡社区老年协会规范化建设标准》调整';

describe('shipped forms', () => {
  it.each(shippedFormIds)('%s passes checkForm with references resolved from forms/', (id) => {
    const result = checkForm(readForm(id), { lookup: shippedLookup });
    expect(result.ok ? [] : result.issues).toEqual([]);
    expect(result.ok && result.form.id).toBe(id);
  });

  it.each(shippedFormIds)('%s points at the generated schema and says its layout is a sample', (id) => {
    const raw = readForm(id);
    expect(raw).toHaveProperty('$schema', './form.schema.json');
    expect(raw).toHaveProperty('description', expect.stringContaining(samplePhrase));
    expect(raw).toHaveProperty('description', expect.stringContaining('并非官方'));
  });

  it('acceptance reuses the self-evaluation rubric: same scored keys, same points, same grades', () => {
    const self = compileShipped('self-evaluation');
    const acceptance = compileShipped('acceptance');
    const scored = (form: typeof self) =>
      [...form.fields.values()].filter((f) => f.field.score).map((f) => [f.key, f.field.score]);
    expect(scored(acceptance)).toEqual(scored(self));
    expect(acceptance.scoring).toEqual(self.scoring);
    expect(acceptance.uses).toEqual([{ id: 'self-evaluation', version: 1 }]);
    expect(acceptance.fields.has('evaluators')).toBe(true);
  });

  it('the self-evaluation rubric has the sample sections and points of DOMAIN.md', () => {
    const form = compileShipped('self-evaluation');
    expect(form.sections.map((s) => [s.key, s.section.maxPoints])).toEqual([
      ['publicity', 4],
      ['organisation', 22],
      ['rules', 20],
      ['team', 8],
      ['venue', 16],
      ['funding', 10],
      ['activities', 20],
    ]);
    const vetoes = [...form.fields.values()].filter((f) => f.field.veto).map((f) => f.key);
    expect(vetoes).toEqual(['charter', 'registration', 'financeRule', 'accountBooks', 'office']);
  });

  it('baseline shows the association block only when an association exists', () => {
    const form = compileShipped('baseline');
    const gated = form.sections.filter((s) => s.section.visibleIf === 'hasAssociation').map((s) => s.key);
    expect(gated).toEqual(['association', 'venueAndFunding', 'teamAndActivities']);
  });
});

describe('programme.json', () => {
  const raw = readJson(formsDir, 'programme.json');

  it('passes its schema', () => {
    const result = programmeSchema.safeParse(raw);
    expect(result.success ? [] : result.error.issues).toEqual([]);
  });

  it('references only shipped form ids, each of which is valid', () => {
    const programme = programmeSchema.parse(raw);
    const ids = programmeFormIds(programme);
    expect(ids).toEqual(['baseline', 'self-evaluation', 'acceptance', 'lookback']);
    for (const id of ids) expect(checkForm(readForm(id), { lookup: shippedLookup }).ok).toBe(true);
  });

  it('has the steps, deadlines and strict yearly targets of the programme', () => {
    const programme = programmeSchema.parse(raw);
    expect(programme.steps.map((s) => [s.key, s.title, s.due])).toEqual([
      ['baseline', '摸底', '2023-06-18'],
      ['pilot', '试点', '2023-09-30'],
      ['self-evaluation', '自评', '2023-12-31'],
      ['acceptance', '评估验收', '2023-12-31'],
      ['lookback', '回头看', '2025-12-31'],
    ]);
    expect(programme.targets).toEqual([
      { year: 2023, rateAbove: 0.65 },
      { year: 2024, rateAbove: 0.68 },
      { year: 2025, rateAbove: 0.7 },
    ]);
    expect(targetForYear(programme, 2024)?.rateAbove).toBe(0.68);
    expect(targetForYear(programme, 2026)).toBeUndefined();
  });

  it('rejects duplicate step keys and unordered targets', () => {
    const programme = programmeSchema.parse(raw);
    const broken = {
      ...programme,
      steps: [...programme.steps, programme.steps[0]],
      targets: [...programme.targets].reverse(),
    };
    const result = programmeSchema.safeParse(broken);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['steps', 'targets']);
  });
});

describe('forms/form.schema.json', () => {
  it('equals the schema generated from the meta-schema', () => {
    const committed: unknown = JSON.parse(readFileSync(new URL('form.schema.json', formsDir), 'utf8'));
    expect(committed, 'forms/form.schema.json is stale: run `npx tsx forms/generate-schema.ts`').toEqual(
      formJsonSchema(),
    );
  });

  it('describes field types as a closed set and keeps descriptions for editors', () => {
    const text = JSON.stringify(formJsonSchema());
    for (const type of ['"text"', '"repeat"', '"calculated"', '"attachment"']) expect(text).toContain(type);
    expect(text).toContain('字段标识');
  });
});
