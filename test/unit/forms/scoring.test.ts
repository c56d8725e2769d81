import { describe, expect, it } from 'vitest';
import { validateAnswers } from '../../../shared/forms/answers';
import { scoreAnswers } from '../../../shared/forms/scoring';
import type { RawAnswers } from './answer-arbitraries';
import {
  cloneJson,
  compileRaw,
  compileShipped,
  fixturesDir,
  lookupIn,
  readForm,
  readJson,
} from './form-files';
import { edit } from './json-edit';

const selfEvaluation = compileShipped('self-evaluation');
const acceptance = compileShipped('acceptance');

const allActivities = [
  'rightsProtection',
  'nextGeneration',
  'ageFriendly',
  'smartAging',
  'silverAction',
  'nutrition',
  'ideologicalEducation',
  'mutualAid',
  'disputeMediation',
  'cultureSports',
];

/** Answers earning all 100 points of the sample rubric. */
function fullMarks(): RawAnswers {
  const yes = [
    'standardName',
    'charter',
    'leadershipInTerm',
    'meetingRule',
    'studyRule',
    'activityRule',
    'financeRule',
    'democraticSupervision',
    'openAffairsBoard',
    'accountBooks',
    'leaderTraining',
    'rolesAndVolunteers',
    'office',
    'activitySite',
    'recreationReading',
    'fitnessEquipment',
    'dayCare',
    'fundsSufficient',
  ];
  return {
    ...Object.fromEntries(yes.map((k) => [k, true])),
    publicityMeans: ['meeting', 'noticeBoard', 'homeVisits'],
    registration: 'filed',
    elderlyPopulation: 200,
    members: 150,
    fundingSources: ['publicFinance', 'collectiveEconomy', 'dues'],
    activityTypes: [...allActivities],
  };
}

/** Scores answers after validating them, as the submission path does. */
function score(changes: RawAnswers, form = selfEvaluation) {
  const validated = validateAnswers(form, { ...fullMarks(), ...changes });
  if (!validated.ok) throw new Error(JSON.stringify(validated.issues));
  return scoreAnswers(form, validated.answers);
}

describe('scoring the sample rubric', () => {
  it('full marks: 100, 优秀, standardized, every line at its max with a reason', () => {
    const result = score({});
    expect(result).toMatchObject({ total: 100, maxTotal: 100, failedVetoes: [], standardized: true });
    expect(result.grade).toEqual({ key: 'excellent', label: '优秀' });
    expect(result.sections.map((s) => [s.key, s.points, s.max])).toEqual([
      ['publicity', 4, 4],
      ['organisation', 22, 22],
      ['rules', 20, 20],
      ['team', 8, 8],
      ['venue', 16, 16],
      ['funding', 10, 10],
      ['activities', 20, 20],
    ]);
    for (const line of result.lines) {
      expect(line.points).toBe(line.max);
      expect(line.reason).toMatch(new RegExp(`得 ${line.points} 分$`));
    }
  });

  it.each<[string, RawAnswers, number, string, boolean]>([
    // 100 − 2 (name) − 18 (one activity type left) = 80
    ['80 is 达标', { standardName: false, activityTypes: ['nutrition'] }, 80, '达标', true],
    // 100 − 3 (study rules) − 18 = 79
    ['79 is 基本达标', { studyRule: false, activityTypes: ['nutrition'] }, 79, '基本达标', false],
    // 100 − 10 (five activity types left) = 90
    ['90 is 优秀', { activityTypes: allActivities.slice(0, 5) }, 90, '优秀', true],
    // 100 − 3 (meeting rules) − 8 (six types left) = 89
    ['89 is 达标', { meetingRule: false, activityTypes: allActivities.slice(0, 6) }, 89, '达标', true],
    // 100 − 20 − 8 (team) − 10 (funding) − 2 (one publicity means) = 60
    [
      '60 is 基本达标',
      {
        activityTypes: [],
        leaderTraining: false,
        rolesAndVolunteers: false,
        fundingSources: [],
        fundsSufficient: false,
        publicityMeans: ['meeting'],
      },
      60,
      '基本达标',
      false,
    ],
    // 100 − 20 − 8 − 10 − 3 (meeting rules) = 59
    [
      '59 is 不达标',
      {
        activityTypes: [],
        leaderTraining: false,
        rolesAndVolunteers: false,
        fundingSources: [],
        fundsSufficient: false,
        meetingRule: false,
      },
      59,
      '不达标',
      false,
    ],
  ])('%s', (_name, changes, total, grade, standardized) => {
    const result = score(changes);
    expect(result.total).toBe(total);
    expect(result.grade?.label).toBe(grade);
    expect(result.standardized).toBe(standardized);
    expect(result.failedVetoes).toEqual([]);
  });

  it('a failed veto at otherwise full points (94, no charter) is 不达标 and not standardized', () => {
    const result = score({ charter: false });
    expect(result.total).toBe(94);
    expect(result.grade).toEqual({ key: 'fail', label: '不达标' });
    expect(result.standardized).toBe(false);
    expect(result.failedVetoes).toEqual([
      {
        key: 'charter',
        label: expect.stringContaining('章程'),
        message: expect.stringContaining('未得满分（0/6 分）'),
      },
    ]);
  });

  it('each veto item fails on its own', () => {
    const vetoes: [string, RawAnswers][] = [
      ['registration', { registration: 'none' }],
      ['financeRule', { financeRule: false }],
      ['accountBooks', { accountBooks: false }],
      ['office', { office: false }],
    ];
    for (const [key, change] of vetoes) {
      const result = score(change);
      expect(result.failedVetoes.map((v) => v.key)).toEqual([key]);
      expect(result.standardized).toBe(false);
    }
  });

  it.each<[number, number, number]>([
    [120, 200, 5],
    [119, 200, 3],
    [80, 200, 3],
    [79, 200, 1],
    [40, 200, 1],
    [39, 200, 0],
    [5999, 10000, 3],
    [0, 10, 0],
  ])('membership %i of %i earns %i points', (members, elderlyPopulation, points) => {
    const line = score({ members, elderlyPopulation }).lines.find((l) => l.key === 'membershipRate');
    expect(line?.points).toBe(points);
    expect(line?.reason).toContain('%');
  });

  it.each<[string[], number]>([
    [['publicFinance', 'collectiveEconomy', 'dues', 'donations'], 5],
    [['publicFinance', 'collectiveEconomy', 'dues'], 5],
    [['publicFinance', 'dues'], 3],
    [['dues'], 1],
    [[], 0],
  ])('funding sources %j earn %i points', (fundingSources, points) => {
    expect(score({ fundingSources }).lines.find((l) => l.key === 'fundingSources')?.points).toBe(points);
  });

  it('caps a section at its maxPoints', () => {
    // Two more activity types and no per-item cap: 12 × 2 = 24 points, capped at 20 by the section.
    const path = ['sections', 6, 'fields', 0];
    const raw = edit(readForm('self-evaluation'), [
      { push: [...path, 'options'], value: { value: 'extraOne', label: '其他一' } },
      { push: [...path, 'options'], value: { value: 'extraTwo', label: '其他二' } },
      { set: [...path, 'score'], value: { perItem: 2 } },
    ]);
    const form = compileRaw(raw);
    const result = scoreAnswers(form, {
      ...fullMarks(),
      activityTypes: [...allActivities, 'extraOne', 'extraTwo'],
    });
    expect(result.lines.find((l) => l.key === 'activityTypes')?.points).toBe(24);
    expect(result.sections.find((s) => s.key === 'activities')).toMatchObject({
      points: 20,
      max: 20,
      capped: true,
    });
    expect(result.total).toBe(100);
  });

  it('hidden fields score 0 and a hidden veto item fails', () => {
    const raw = edit(readForm('self-evaluation'), [
      { set: ['sections', 1, 'fields', 1, 'visibleIf'], value: 'standardName' },
    ]);
    const result = scoreAnswers(compileRaw(raw), { ...fullMarks(), standardName: false });
    const charter = result.lines.find((l) => l.key === 'charter');
    expect(charter).toMatchObject({ points: 0, max: 6, reason: expect.stringContaining('不适用') });
    expect(result.failedVetoes.map((v) => v.key)).toEqual(['charter']);
    expect(result.total).toBe(92);
  });

  it('unanswered items earn 0 with a reason', () => {
    const result = scoreAnswers(selfEvaluation, {});
    expect(result.total).toBe(0);
    expect(result.grade?.key).toBe('fail');
    for (const line of result.lines) expect(line.reason).toMatch(/未作答|未选择|得 0 分/);
  });

  it('acceptance scores like the self-evaluation it reuses', () => {
    const answers = { ...fullMarks(), charter: false, activityTypes: ['nutrition'] };
    const own = scoreAnswers(selfEvaluation, answers);
    const township = scoreAnswers(acceptance, answers);
    expect(township).toEqual(own);
  });

  it('a form without scoring has no grade; a veto message can be custom', () => {
    const rubric = cloneJson(readJson(fixturesDir, 'rubric.json'));
    const custom = edit(rubric, [
      { set: ['sections', 0, 'fields', 0, 'veto'], value: { message: '没有章程，一票否决' } },
      { remove: ['scoring'] },
    ]);
    const result = scoreAnswers(compileRaw(custom, lookupIn(fixturesDir)), { hasOffice: true });
    expect(result).toMatchObject({ total: 5, maxTotal: 10, grade: null, standardized: false });
    expect(result.failedVetoes).toEqual([
      { key: 'hasCharter', label: '有章程', message: '没有章程，一票否决' },
    ]);
  });
});
