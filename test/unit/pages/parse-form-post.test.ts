import { describe, expect, it } from 'vitest';
import {
  parseFormPost,
  readFormPost,
  readPostMeta,
} from '../../../functions/http/pages/survey/parse-form-post';
import { validateAnswers } from '../../../shared/forms/answers';
import { everyType } from './fixture-form';

const parse = (body: Record<string, string | string[]>) => parseFormPost(everyType, body);

describe('parseFormPost', () => {
  it('maps every field type to its typed answer', () => {
    const files = [{ blobId: 'evidence.x', name: 'a.pdf', type: 'application/pdf', size: 10 }];
    expect(
      parse({
        name: '  小阜村老年协会 ',
        notes: '第一行\r\n第二行',
        elders: '120',
        members: '80',
        area: '35.5',
        rate: '99',
        hasCharter: 'yes',
        status: 'registered',
        regNo: 'AB-1',
        rules: ['meeting', 'finance'],
        foundedOn: '2020-05-01',
        phone: '138 0013 8000',
        evidence: JSON.stringify(files),
      }),
    ).toEqual({
      name: '  小阜村老年协会 ',
      notes: '第一行\n第二行',
      elders: 120,
      members: 80,
      area: 35.5,
      hasCharter: true,
      status: 'registered',
      regNo: 'AB-1',
      rules: ['meeting', 'finance'],
      foundedOn: '2020-05-01',
      phone: '13800138000',
      evidence: files,
    });
  });

  it('leaves blank values out (unanswered), keeps one checkbox as a list and no as false', () => {
    expect(
      parse({ name: '   ', elders: '', hasCharter: 'no', rules: 'finance', evidence: '', foundedOn: '' }),
    ).toEqual({ hasCharter: false, rules: ['finance'] });
    expect(parse({})).toEqual({});
  });

  it('forgives full-width digits and thousands separators, and keeps unparsable numbers for validation', () => {
    expect(parse({ elders: '１２０', area: '1,200.5' })).toEqual({ elders: 120, area: 1200.5 });
    const answers = parse({ name: 'x', elders: '十二', hasCharter: 'no', status: 'none', members: '1.5' });
    expect(answers.elders).toBe('十二');
    const result = validateAnswers(everyType, answers);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues).toContainEqual({ field: 'elders', message: '请输入整数' });
      expect(result.issues).toContainEqual({ field: 'members', message: '请输入整数' });
    }
  });

  it('reads repeat rows from leaders[i][key] names in index order, dropping blank rows', () => {
    const files = [{ blobId: 'photo.y', name: 'p.jpg', type: 'image/jpeg', size: 5 }];
    const read = readFormPost(everyType, {
      'leaders[2][leaderName]': '王五',
      'leaders[0][leaderName]': '张三',
      'leaders[0][isHead]': 'yes',
      'leaders[0][leaderPhone]': '13800138000',
      'leaders[0][photo]': JSON.stringify(files),
      'leaders[1][leaderName]': ' ',
      'leaders[1][isHead]': '',
      'leaders[10][leaderName]': '赵六',
      'leaders[x][leaderName]': 'ignored',
      'leaders[3][unknown]': 'ignored',
    });
    expect(read.answers.leaders).toEqual([
      { leaderName: '张三', isHead: true, leaderPhone: '13800138000', photo: files },
      { leaderName: '王五' },
      { leaderName: '赵六' },
    ]);
    expect(read.rowSources.leaders).toEqual([0, 2, 10]);
    expect(parse({ 'leaders[0][leaderName]': '' })).toEqual({});
  });

  it('ignores the page controls, calculated fields, unknown names, files and bad attachment JSON', () => {
    expect(
      parse({
        idempotencyKey: 'abcdefgh12',
        section: '2',
        _action: 'submit',
        rate: '0.5',
        other: 'x',
        evidence: '{not json',
      }),
    ).toEqual({});
    expect(parseFormPost(everyType, { name: new Blob(['x']), elders: ['7', '8'] })).toEqual({ elders: 7 });
  });

  it('round-trips: a valid post validates', () => {
    const answers = parse({
      name: '协会',
      elders: '100',
      members: '60',
      hasCharter: 'yes',
      status: 'registered',
      regNo: 'R1',
      phone: '13800138000',
      'leaders[0][leaderName]': '张三',
      'leaders[1][leaderName]': '',
    });
    expect(validateAnswers(everyType, answers)).toEqual({
      ok: true,
      answers: expect.objectContaining({ rate: 0.6, leaders: [{ leaderName: '张三' }] }),
    });
  });
});

describe('readPostMeta', () => {
  it('reads the idempotency key, section and button, refusing malformed keys', () => {
    expect(readPostMeta({ idempotencyKey: 'a1b2c3d4-e5f6', section: '3', _action: 'save' })).toEqual({
      idempotencyKey: 'a1b2c3d4-e5f6',
      section: 3,
      action: 'save',
      checked: false,
    });
    expect(readPostMeta({ idempotencyKey: 'short', section: '-1' })).toEqual({
      idempotencyKey: null,
      section: 0,
      action: 'submit',
      checked: false,
    });
    // What the page carries between server page turns: a section key, and the refusal mark.
    expect(readPostMeta({ warned: 'village', checked: '1' })).toMatchObject({
      warned: 'village',
      checked: true,
    });
    expect(readPostMeta({ warned: '<b>x</b>', checked: 'yes' })).toEqual(
      expect.not.objectContaining({ warned: expect.anything() }),
    );
    expect(readPostMeta({ checked: 'yes' }).checked).toBe(false);
    expect(readPostMeta({ idempotencyKey: '<script>alert(1)</script>' }).idempotencyKey).toBeNull();
    expect(readPostMeta({ section: '2', _action: 'next' })).toMatchObject({ section: 2, action: 'next' });
    expect(readPostMeta({ section: '2', _action: 'prev' })).toMatchObject({ section: 2, action: 'prev' });
    // An unknown button is a submit, as a missing one is (the fill policy then decides).
    expect(readPostMeta({ _action: 'delete' }).action).toBe('submit');
  });
});
