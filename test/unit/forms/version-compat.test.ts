import { describe, expect, it } from 'vitest';
import { checkVersionCompatibility } from '../../../shared/forms/version-compat';
import { compileRaw, compileShipped, fixturesDir, lookupIn, readForm } from './form-files';
import { demoForm, type Edit, edit } from './json-edit';

const fixtures = lookupIn(fixturesDir);
const f = (i: number, ...rest: (string | number)[]) => ['sections', 0, 'fields', i, ...rest];

describe('checkVersionCompatibility', () => {
  const previous = compileRaw(demoForm(), fixtures);
  const next = (edits: Edit[]) =>
    compileRaw(edit(demoForm(), [{ set: ['version'], value: 2 }, ...edits]), fixtures);

  it('rejects a field key whose type changes', () => {
    const result = checkVersionCompatibility(previous, next([{ set: f(0, 'type'), value: 'decimal' }]));
    expect(result).toEqual({
      ok: false,
      issues: [
        {
          path: '$.sections[0].fields[0].type',
          message: expect.stringContaining('类型由 integer 改为 decimal'),
        },
      ],
    });
  });

  it('rejects a field moved into a repeat group', () => {
    const moved = next([
      { set: f(5, 'key'), value: 'title' },
      { push: f(6, 'fields'), value: { type: 'text', key: 'name', label: '名称' } },
    ]);
    expect(checkVersionCompatibility(previous, moved)).toEqual({
      ok: false,
      issues: [
        {
          path: '$.sections[0].fields[6].fields[1].key',
          message: expect.stringContaining('移到了重复组“people”内'),
        },
      ],
    });
  });

  it('rejects a version that does not increase and a changed id', () => {
    const same = compileRaw(edit(demoForm(), [{ set: ['id'], value: 'other' }]), fixtures);
    const result = checkVersionCompatibility(previous, same);
    expect(result.ok ? [] : result.issues.map((i) => i.path)).toEqual(['$.id', '$.version']);
  });

  it('allows removing fields and adding new ones', () => {
    const trimmed = next([
      { remove: f(5) },
      { push: ['sections', 0, 'fields'], value: { type: 'mobile', key: 'phone', label: '电话' } },
    ]);
    expect(checkVersionCompatibility(previous, trimmed)).toEqual({ ok: true });
  });

  it('accepts a shipped form followed by itself at a higher version', () => {
    const baseline = compileShipped('baseline');
    const bumped = compileRaw(edit(readForm('baseline'), [{ set: ['version'], value: 2 }]));
    expect(checkVersionCompatibility(baseline, bumped)).toEqual({ ok: true });
  });
});
