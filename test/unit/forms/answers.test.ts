import { describe, expect, it } from 'vitest';
import { compileAnswerSchema, validateAnswers } from '../../../shared/forms/answers';
import { compileRaw, compileShipped, readForm } from './form-files';
import { edit } from './json-edit';

const baseline = compileShipped('baseline');
const lookback = compileShipped('lookback');

/** A complete baseline answer set for a village with an association. */
function village() {
  return {
    unitType: 'village',
    registeredPopulation: 1200,
    elderlyPopulation: 300,
    hasAssociation: true,
    associationName: '休宁县东临溪镇小阜村老年协会',
    foundedOn: '2015-03-01',
    registrationStatus: 'registered',
    registrationNumber: '341022-0001',
    hasCharter: true,
    members: 200,
    leaders: [
      {
        leaderRole: 'president',
        leaderName: '汪某',
        leaderGender: 'male',
        leaderAge: 66,
        leaderPhone: '13912345678',
      },
      { leaderRole: 'secretary', leaderName: '程某', leaderGender: 'female' },
    ],
    boardSize: 5,
    reporterName: '李某',
    reporterPhone: '13800000000',
  };
}

describe('validateAnswers', () => {
  it('accepts a complete answer set and computes the calculated field', () => {
    const result = validateAnswers(baseline, village());
    expect(result).toMatchObject({
      ok: true,
      answers: { membershipRate: 0.6667, leaders: village().leaders },
    });
  });

  it('ignores a client-supplied value for a calculated field', () => {
    const result = validateAnswers(baseline, { ...village(), membershipRate: 0.99 });
    expect(result).toMatchObject({ ok: true, answers: { membershipRate: 0.6667 } });
  });

  it('drops hidden fields without validating them', () => {
    const answers = { ...village(), hasAssociation: false, members: 'not a number', filedOn: 'garbage' };
    const result = validateAnswers(baseline, answers);
    expect(result.ok).toBe(true);
    expect(result.ok && Object.keys(result.answers).sort()).toEqual(
      [
        'elderlyPopulation',
        'hasAssociation',
        'registeredPopulation',
        'reporterName',
        'reporterPhone',
        'unitType',
      ].sort(),
    );
  });

  it('drops a conditionally visible field whose condition is false', () => {
    const result = validateAnswers(baseline, { ...village(), filedOn: '2020-01-01' });
    expect(result.ok && 'filedOn' in result.answers).toBe(false);
  });

  it('rejects unknown keys, at the top and inside rows', () => {
    const answers = { ...village(), nickname: 'x', leaders: [{ ...village().leaders[0], shoeSize: 42 }] };
    expect(validateAnswers(baseline, answers)).toEqual({
      ok: false,
      issues: [
        { field: 'nickname', message: '表单中没有此字段' },
        { field: 'leaders.0.shoeSize', message: '表单中没有此字段' },
      ],
    });
  });

  it('reports repeat row errors with the row path', () => {
    const leaders = [
      { leaderRole: 'member', leaderName: '甲', leaderGender: 'male' },
      { leaderRole: 'president', leaderGender: 'x', leaderAge: 12 },
    ];
    const result = validateAnswers(baseline, { ...village(), leaders });
    expect(result.ok ? [] : result.issues).toEqual([
      { field: 'leaders.1.leaderGender', message: '不是有效的选项' },
      { field: 'leaders.1.leaderAge', message: '不能小于 18岁' },
      { field: 'leaders.1.leaderName', message: '请填写“姓名”' },
      { field: 'leaders.1.leaderPhone', message: '请填写“联系电话”' },
    ]);
  });

  it('applies required, requiredIf and constraints, in Chinese', () => {
    const answers = { ...village(), members: 400, boardSize: 1, registrationNumber: '  ' };
    const result = validateAnswers(baseline, answers);
    expect(result.ok ? [] : result.issues).toEqual([
      { field: 'registrationNumber', message: '请填写“登记证号”' },
      { field: 'members', message: '会员人数不能超过60周岁以上老年人数' },
      { field: 'boardSize', message: '填写的班子成员不能多于班子人数' },
    ]);
  });

  it('waits for the other side of a constraint before judging it', () => {
    const answers = {
      checkedOn: undefined,
      checker: '王某',
      conclusion: 'rectify',
      reasons: '台账不全',
      rectifyBy: '2024-06-30',
    };
    const result = validateAnswers(lookback, answers);
    expect(result.ok ? [] : result.issues).toEqual([{ field: 'checkedOn', message: '请填写“回头看日期”' }]);
    const ok = validateAnswers(lookback, { ...answers, checkedOn: '2024-03-01' });
    expect(ok.ok).toBe(true);
    const late = validateAnswers(lookback, { ...answers, checkedOn: '2024-07-01' });
    expect(late).toEqual({
      ok: false,
      issues: [{ field: 'rectifyBy', message: '整改期限应晚于回头看日期' }],
    });
  });

  it('requires reasons unless the conclusion is keep', () => {
    const keep = { checkedOn: '2024-03-01', checker: '王某', conclusion: 'keep' };
    expect(validateAnswers(lookback, keep).ok).toBe(true);
    expect(validateAnswers(lookback, { ...keep, conclusion: 'revoke' })).toEqual({
      ok: false,
      issues: [{ field: 'reasons', message: '请填写“原因说明”' }],
    });
  });

  it('trims text and treats blanks as unanswered', () => {
    const result = validateAnswers(baseline, {
      ...village(),
      reporterName: '  李某 ',
      remarks: '   ',
      rules: [],
    });
    expect(result.ok && result.answers.reporterName).toBe('李某');
    expect(result.ok && ('remarks' in result.answers || 'rules' in result.answers)).toBe(false);
  });

  it('checks attachments metadata only', () => {
    const file = { blobId: 'b-1', name: '章程.pdf', type: 'application/pdf', size: 2048 };
    expect(validateAnswers(baseline, { ...village(), evidence: [file] }).ok).toBe(true);
    const huge = { ...file, size: 11 * 1024 * 1024 };
    expect(validateAnswers(baseline, { ...village(), evidence: [huge] })).toEqual({
      ok: false,
      issues: [{ field: 'evidence.0.size', message: '文件不能超过 10 MB' }],
    });
  });

  it('rejects input that is not an object', () => {
    expect(validateAnswers(baseline, [1, 2])).toMatchObject({ ok: false, issues: [{ field: '(根)' }] });
    expect(validateAnswers(baseline, null)).toMatchObject({ ok: false });
  });

  it('applies a text pattern with its message', () => {
    const raw = edit(readForm('lookback'), [
      { set: ['sections', 0, 'fields', 1, 'pattern'], value: '^[\\u4e00-\\u9fa5]{2,4}$' },
      { set: ['sections', 0, 'fields', 1, 'patternMessage'], value: '请填写 2–4 个汉字的姓名' },
    ]);
    const form = compileRaw(raw);
    const result = validateAnswers(form, { checkedOn: '2024-03-01', checker: 'Wang', conclusion: 'keep' });
    expect(result).toEqual({ ok: false, issues: [{ field: 'checker', message: '请填写 2–4 个汉字的姓名' }] });
  });
});

describe('compileAnswerSchema', () => {
  it('builds one schema per compiled form and reuses it', () => {
    expect(compileAnswerSchema(baseline)).toBe(compileAnswerSchema(baseline));
    expect(compileAnswerSchema(baseline)).not.toBe(compileAnswerSchema(lookback));
  });

  it('is a zod schema whose output is the cleaned answers', () => {
    const parsed = compileAnswerSchema(baseline).safeParse(village());
    expect(parsed.success).toBe(true);
    expect(parsed.data).toMatchObject({ membershipRate: 0.6667 });
  });
});
