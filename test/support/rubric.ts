import { compiledForm, json, validAnswers } from './fill';
import type { TestStack } from './stack';

type RawAnswers = Record<string, unknown>;

/**
 * Answers to the sample rubric (self-evaluation, and the acceptance form that uses it)
 * worth exactly 100 points; `lowered` answers take points off: each `no` loses that
 * item's points (a ★ item also fails its veto).
 */
export function rubricAnswers(overrides: RawAnswers = {}): RawAnswers {
  const yes = (keys: string[]) => Object.fromEntries(keys.map((k) => [k, true]));
  return {
    publicityMeans: ['meeting', 'noticeBoard'],
    ...yes(['standardName', 'charter', 'leadershipInTerm']),
    registration: 'registered',
    elderlyPopulation: 200,
    members: 150,
    ...yes(['meetingRule', 'studyRule', 'activityRule', 'financeRule', 'democraticSupervision']),
    ...yes(['openAffairsBoard', 'accountBooks', 'leaderTraining', 'rolesAndVolunteers']),
    ...yes(['office', 'activitySite', 'recreationReading', 'fitnessEquipment', 'dayCare']),
    fundingSources: ['publicFinance', 'collectiveEconomy', 'dues'],
    fundsSufficient: true,
    activityTypes: [
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
    ],
    ...overrides,
  };
}

/** 84 points: day care, fitness and reading corner missing, six activity types (still 达标). */
export const rubric84: RawAnswers = {
  dayCare: false,
  fitnessEquipment: false,
  recreationReading: false,
  activityTypes: [
    'rightsProtection',
    'nextGeneration',
    'ageFriendly',
    'smartAging',
    'silverAction',
    'nutrition',
  ],
};

/** The acceptance form's answers: the rubric plus who evaluated it and when. */
export function acceptanceAnswers(evaluatedOn: string, overrides: RawAnswers = {}): RawAnswers {
  return {
    ...rubricAnswers(overrides),
    evaluators: [{ evaluatorName: '王明', evaluatorUnit: '东临溪镇民政办' }],
    evaluatedOn,
    comments: '现场查看台账和活动场所。',
  };
}

/** The look-back form's answers. */
export function lookbackAnswers(
  checkedOn: string,
  conclusion: 'keep' | 'rectify' | 'revoke',
  rectifyBy?: string,
): RawAnswers {
  return {
    checkedOn,
    checker: '李华',
    conclusion,
    ...(conclusion === 'keep' ? {} : { reasons: '活动场所被挪作他用。' }),
    ...(rectifyBy ? { rectifyBy } : {}),
  };
}

/** A valid baseline with an association, with the given elderly population and members. */
export async function baselineAnswers(t: TestStack, facts: { elderlyPopulation: number; members: number }) {
  const form = await compiledForm(t, 'baseline');
  const found = validAnswers(form, 40, 3).find((a) => a.hasAssociation === true);
  if (!found) throw new Error('no baseline sample with an association');
  return { ...found, ...facts };
}

/** Submits answers through a survey link; returns the receipt. */
export async function submitThrough(t: TestStack, token: string, answers: RawAnswers) {
  const res = await t.request(`/api/v1/fill/${token}/submissions`, json({ answers }, { method: 'POST' }));
  if (res.status !== 201) throw new Error(`submit failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string; score?: { total: number } };
}
