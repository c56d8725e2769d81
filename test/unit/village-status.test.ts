import { describe, expect, it } from 'vitest';
import type {
  AcceptanceEvent,
  Facts,
  LookbackEvent,
  ReviewEvent,
  RosterEvent,
  SubmissionEvent,
  VillageEvent,
} from '../../shared/programme/village-events';
import { factsDiffer } from '../../shared/programme/village-flags';
import { compareEvents, villageStatus } from '../../shared/programme/village-status';

let counter = 0;
const nextId = () => `ev-${++counter}`;
// Recorded at 10:00 on the effective day unless a test says otherwise.
const at = (date: string) => `${date}T02:00:00.000Z`;

type Score = NonNullable<SubmissionEvent['score']>;
const score = (total: number, failedVetoes: string[] = []): Score => {
  const standardized = total >= 80 && failedVetoes.length === 0;
  return { total, standardized, grade: standardized ? (total >= 90 ? '优秀' : '达标') : null, failedVetoes };
};

function baseline(date: string, facts: Facts = {}, submissionId = nextId()): SubmissionEvent {
  return {
    type: 'submission',
    formId: 'baseline',
    submissionId,
    id: submissionId,
    effectiveDate: date,
    recordedAt: at(date),
    by: 'village',
    facts,
  };
}

function selfEval(
  date: string,
  total: number,
  opts: { facts?: Facts; failedVetoes?: string[]; submissionId?: string } = {},
): SubmissionEvent {
  const submissionId = opts.submissionId ?? nextId();
  return {
    type: 'submission',
    formId: 'self-evaluation',
    submissionId,
    id: submissionId,
    effectiveDate: date,
    recordedAt: at(date),
    by: 'village',
    score: score(total, opts.failedVetoes),
    facts: opts.facts ?? {},
  };
}

function review(date: string, of: SubmissionEvent, decision: ReviewEvent['decision']): ReviewEvent {
  return {
    type: 'review',
    formId: of.formId,
    submissionId: of.submissionId,
    decision,
    id: nextId(),
    effectiveDate: date,
    recordedAt: at(date),
    by: 'wsb',
  };
}

function acceptance(
  date: string,
  total: number,
  failedVetoes: string[] = [],
  recordedAt = at(date),
): AcceptanceEvent {
  return {
    type: 'acceptance',
    score: score(total, failedVetoes),
    id: nextId(),
    effectiveDate: date,
    recordedAt,
    by: 'wsb',
  };
}

function lookback(date: string, conclusion: LookbackEvent['conclusion'], rectifyBy?: string): LookbackEvent {
  return {
    type: 'lookback',
    conclusion,
    ...(rectifyBy !== undefined && { rectifyBy }),
    id: nextId(),
    effectiveDate: date,
    recordedAt: at(date),
    by: 'wsb',
  };
}

function roster(date: string, change: RosterEvent['change']): RosterEvent {
  return { type: 'roster', change, id: nextId(), effectiveDate: date, recordedAt: at(date), by: 'admin' };
}

const stageOn = (events: VillageEvent[], asOf: string) => villageStatus(events, asOf).stage;

describe('villageStatus: survey stages', () => {
  it('is not_started without events, surveyed after a baseline, self_evaluated after a self-evaluation', () => {
    const events = [baseline('2023-06-15'), selfEval('2023-11-01', 85)];
    expect(villageStatus([], '2023-06-01')).toEqual({
      asOf: '2023-06-01',
      stage: 'not_started',
      standardized: false,
      flags: [],
    });
    expect(stageOn(events, '2023-06-14')).toBe('not_started');
    expect(stageOn(events, '2023-06-15')).toBe('surveyed');
    const status = villageStatus(events, '2023-11-01');
    expect(status).toMatchObject({ stage: 'self_evaluated', standardized: false, selfScore: 85 });
    expect(status.since).toBeUndefined();
  });

  it('takes the self-score of the latest counted self-evaluation', () => {
    const events = [baseline('2023-06-15'), selfEval('2023-10-01', 70), selfEval('2023-11-01', 88)];
    expect(villageStatus(events, '2023-10-15').selfScore).toBe(70);
    expect(villageStatus(events, '2023-11-15').selfScore).toBe(88);
  });

  it('a returned submission stops counting on the review day; the resubmission counts', () => {
    const b = baseline('2023-06-15');
    const first = selfEval('2023-10-01', 85);
    const events = [b, first, review('2023-10-05', first, 'return'), selfEval('2023-10-10', 82)];
    expect(villageStatus(events, '2023-10-04')).toMatchObject({ stage: 'self_evaluated', selfScore: 85 });
    const returned = villageStatus(events, '2023-10-05');
    expect(returned.stage).toBe('surveyed');
    expect(returned.selfScore).toBeUndefined();
    expect(villageStatus(events, '2023-10-10')).toMatchObject({ stage: 'self_evaluated', selfScore: 82 });
  });

  it('a returned baseline alone leaves the village not_started; approving it later counts it again', () => {
    const b = baseline('2023-06-15');
    const events = [b, review('2023-06-16', b, 'return'), review('2023-06-20', b, 'approve')];
    expect(stageOn(events, '2023-06-15')).toBe('surveyed');
    expect(stageOn(events, '2023-06-16')).toBe('not_started');
    expect(stageOn(events, '2023-06-20')).toBe('surveyed');
  });

  it('an approve changes nothing', () => {
    const b = baseline('2023-06-15');
    expect(villageStatus([b, review('2023-06-16', b, 'approve')], '2023-07-01')).toEqual(
      villageStatus([b], '2023-07-01'),
    );
  });
});

describe('villageStatus: acceptance and look-back', () => {
  const prepared = [baseline('2023-06-15'), selfEval('2023-11-01', 86)];

  it('a standardized acceptance makes the village accepted from its date, with grade and scores', () => {
    const events = [...prepared, acceptance('2023-12-10', 91)];
    expect(stageOn(events, '2023-12-09')).toBe('self_evaluated');
    expect(villageStatus(events, '2023-12-10')).toEqual({
      asOf: '2023-12-10',
      stage: 'accepted',
      standardized: true,
      since: '2023-12-10',
      grade: '优秀',
      selfScore: 86,
      acceptanceScore: 91,
      scoreGap: -5,
      flags: [],
    });
  });

  it('a failed acceptance is not_accepted; a later self-evaluation does not move the stage back', () => {
    const events = [...prepared, acceptance('2023-12-10', 72), selfEval('2024-01-05', 90)];
    const status = villageStatus(events, '2024-02-01');
    expect(status).toMatchObject({ stage: 'not_accepted', standardized: false, since: '2023-12-10' });
    expect(status.grade).toBeUndefined();
    expect(status.selfScore).toBe(90);
  });

  it('the latest acceptance wins, in both directions', () => {
    const events = [...prepared, acceptance('2023-12-10', 72), acceptance('2024-03-01', 84)];
    expect(villageStatus(events, '2024-03-01')).toMatchObject({ stage: 'accepted', since: '2024-03-01' });
    const worse = [...events, acceptance('2024-09-01', 65)];
    expect(villageStatus(worse, '2024-09-01')).toMatchObject({ stage: 'not_accepted', standardized: false });
  });

  it('keep changes nothing', () => {
    const events = [...prepared, acceptance('2023-12-10', 85)];
    expect(villageStatus([...events, lookback('2024-06-01', 'keep')], '2024-07-01')).toEqual(
      villageStatus(events, '2024-07-01'),
    );
  });

  it('revoke, then re-accept', () => {
    const events = [...prepared, acceptance('2023-12-10', 85), lookback('2024-06-01', 'revoke')];
    expect(villageStatus(events, '2024-05-31')).toMatchObject({ stage: 'accepted', standardized: true });
    const revoked = villageStatus(events, '2024-06-01');
    expect(revoked).toMatchObject({ stage: 'revoked', standardized: false, since: '2024-06-01' });
    expect(revoked.grade).toBeUndefined();
    const again = villageStatus([...events, acceptance('2025-03-01', 88)], '2025-03-01');
    expect(again).toMatchObject({
      stage: 'accepted',
      standardized: true,
      since: '2025-03-01',
      grade: '达标',
    });
  });

  it('a lapsed rectification: standardized on the deadline, revoked (since the deadline) after it', () => {
    const events = [
      ...prepared,
      acceptance('2023-12-10', 85),
      lookback('2024-05-01', 'rectify', '2024-08-31'),
    ];
    expect(villageStatus(events, '2024-08-31')).toMatchObject({
      stage: 'rectifying',
      standardized: true,
      since: '2023-12-10',
      rectifyBy: '2024-08-31',
      grade: '达标',
    });
    const lapsed = villageStatus(events, '2024-09-01');
    expect(lapsed).toMatchObject({ stage: 'revoked', standardized: false, since: '2024-08-31' });
    expect(lapsed.rectifyBy).toBeUndefined();
    // A keep after the deadline finds nothing to keep; a later acceptance re-accepts.
    const later = [...events, lookback('2024-10-01', 'keep'), acceptance('2024-11-20', 83)];
    expect(villageStatus(later, '2024-10-01')).toMatchObject({ stage: 'revoked', since: '2024-08-31' });
    expect(villageStatus(later, '2024-11-20')).toMatchObject({
      stage: 'accepted',
      standardized: true,
      since: '2024-11-20',
    });
  });

  it('a rectification met in time (even on the deadline day) is accepted again and does not lapse', () => {
    const base = [...prepared, acceptance('2023-12-10', 85), lookback('2024-05-01', 'rectify', '2024-08-31')];
    for (const day of ['2024-07-15', '2024-08-31']) {
      const events = [...base, acceptance(day, 87)];
      const status = villageStatus(events, '2025-06-01');
      expect(status).toMatchObject({ stage: 'accepted', standardized: true, since: day });
      expect(status.rectifyBy).toBeUndefined();
    }
  });

  it('a failed acceptance during rectification ends the standardized status on its date', () => {
    const events = [
      ...prepared,
      acceptance('2023-12-10', 85),
      lookback('2024-05-01', 'rectify', '2024-08-31'),
      acceptance('2024-07-01', 70),
    ];
    expect(villageStatus(events, '2024-07-01')).toMatchObject({
      stage: 'not_accepted',
      standardized: false,
      since: '2024-07-01',
    });
  });

  it('a look-back of a village that is not standardized changes nothing', () => {
    const events = [...prepared, acceptance('2023-12-10', 70)];
    for (const conclusion of ['keep', 'rectify', 'revoke'] as const) {
      expect(
        villageStatus([...events, lookback('2024-05-01', conclusion, '2024-08-31')], '2024-09-30'),
      ).toEqual(villageStatus(events, '2024-09-30'));
    }
  });

  it('a back-dated acceptance (recorded after a look-back, effective before it) folds in effective order', () => {
    const backDated = acceptance('2024-03-01', 88, [], '2024-07-01T02:00:00.000Z');
    const events = [...prepared, acceptance('2023-12-10', 85), lookback('2024-06-01', 'revoke'), backDated];
    expect(villageStatus(events, '2024-04-01')).toMatchObject({ stage: 'accepted', since: '2024-03-01' });
    // In recorded order it would re-accept after the revocation; in effective order the revocation is last.
    expect(villageStatus(events, '2024-07-02')).toMatchObject({ stage: 'revoked', since: '2024-06-01' });
    expect(villageStatus([...events].reverse(), '2024-07-02')).toEqual(villageStatus(events, '2024-07-02'));
  });

  it('orders events of the same day by recorded time', () => {
    const morning = acceptance('2024-03-01', 85, [], '2024-03-01T01:00:00.000Z');
    const evening = { ...lookback('2024-03-01', 'revoke'), recordedAt: '2024-03-01T10:00:00.000Z' };
    expect(stageOn([evening, morning], '2024-03-01')).toBe('revoked');
    expect([evening, morning].sort(compareEvents)).toEqual([morning, evening]);
  });
});

describe('villageStatus: roster', () => {
  it('is not_in_roster before the joined date, then folds as usual', () => {
    const events = [roster('2024-01-01', 'joined'), baseline('2024-02-01')];
    expect(villageStatus(events, '2023-12-31')).toEqual({
      asOf: '2023-12-31',
      stage: 'not_in_roster',
      standardized: false,
      flags: [],
    });
    expect(stageOn(events, '2024-01-01')).toBe('not_started');
    expect(stageOn(events, '2024-02-01')).toBe('surveyed');
  });

  it('a retired village counts before the date, not from it, and keeps its history', () => {
    const events = [baseline('2023-06-15'), selfEval('2023-11-01', 86), acceptance('2023-12-10', 85)];
    const retired = [...events, roster('2024-03-01', 'retired')];
    expect(villageStatus(retired, '2024-02-29')).toMatchObject({ stage: 'accepted', standardized: true });
    const status = villageStatus(retired, '2024-03-01');
    expect(status).toMatchObject({
      stage: 'retired',
      standardized: false,
      since: '2024-03-01',
      selfScore: 86,
      acceptanceScore: 85,
    });
    expect(status.grade).toBeUndefined();
    expect(stageOn([...retired, acceptance('2024-05-01', 90)], '2024-06-01')).toBe('retired');
  });
});

describe('villageStatus: input', () => {
  it('ignores events effective after asOf', () => {
    const events = [baseline('2023-06-15'), acceptance('2023-12-10', 85)];
    expect(villageStatus(events, '2023-07-01')).toEqual(
      villageStatus([events[0] as VillageEvent], '2023-07-01'),
    );
  });

  it('rejects an asOf that is not a calendar date', () => {
    expect(() => villageStatus([], '2024-2-1')).toThrow(RangeError);
    expect(() => villageStatus([], '2023-02-30')).toThrow(RangeError);
  });
});

describe('villageStatus: flags', () => {
  const codes = (events: VillageEvent[], asOf = '2024-01-31') =>
    villageStatus(events, asOf).flags.map((f) => f.code);

  it('self_score_inflated by a gap of 10 or more, with the numbers in the message', () => {
    const events = [baseline('2023-06-15'), selfEval('2023-11-01', 92), acceptance('2023-12-10', 78)];
    const status = villageStatus(events, '2024-01-31');
    expect(status.scoreGap).toBe(14);
    expect(status.flags).toEqual([
      { code: 'self_score_inflated', message: '自评 92 分，验收 78 分，相差 14 分（自评虚高）' },
    ]);
    expect(codes([baseline('2023-06-15'), selfEval('2023-11-01', 88), acceptance('2023-12-10', 78)])).toEqual(
      ['self_score_inflated'],
    );
    expect(codes([baseline('2023-06-15'), selfEval('2023-11-01', 87), acceptance('2023-12-10', 78)])).toEqual(
      [],
    );
  });

  it('self_score_inflated by a veto item passed in the self-evaluation but failed in acceptance', () => {
    const events = [
      baseline('2023-06-15'),
      selfEval('2023-11-01', 84, { failedVetoes: ['office'] }),
      acceptance('2023-12-10', 80, ['charter', 'office']),
    ];
    const status = villageStatus(events, '2024-01-31', { labels: { charter: '章程' } });
    expect(status.flags).toEqual([
      { code: 'self_score_inflated', message: '否决项自评为满足、验收未满足：章程（自评虚高）' },
    ]);
  });

  it('facts_disagree beyond 20% of the larger number, not at exactly 20%', () => {
    const pair = (a: number, b: number) => [
      baseline('2023-06-15', { members: a }),
      selfEval('2023-11-01', 85, { facts: { members: b } }),
    ];
    const status = villageStatus(pair(100, 75), '2024-01-31', { labels: { members: '会员人数' } });
    expect(status.flags).toEqual([
      { code: 'facts_disagree', message: '摸底与自评填报不一致：会员人数（摸底 100，自评 75）' },
    ]);
    expect(codes(pair(100, 81))).toEqual([]);
    expect(codes(pair(100, 80))).toEqual([]);
    expect(codes(pair(80, 100))).toEqual([]);
    expect(codes(pair(100, 79))).toEqual(['facts_disagree']);
    expect(codes(pair(0, 0))).toEqual([]);
    expect(factsDiffer(50, 40)).toBe(false);
    expect(factsDiffer(50, 39.9)).toBe(true);
  });

  it('facts_disagree on differing booleans and strings, only for keys in both', () => {
    const events = [
      baseline('2023-06-15', { hasCharter: true, leader: '王芳', onlyHere: 1 }),
      selfEval('2023-11-01', 85, { facts: { hasCharter: false, leader: ' 王芳 ', onlyThere: 2 } }),
    ];
    expect(villageStatus(events, '2024-01-31').flags).toEqual([
      { code: 'facts_disagree', message: '摸底与自评填报不一致：hasCharter（摸底 是，自评 否）' },
    ]);
  });

  it('facts_disagree when the baseline says there is no association but a self-evaluation exists', () => {
    const events = [
      baseline('2023-06-15', { hasAssociation: false }),
      selfEval('2023-11-01', 85, { facts: { hasAssociation: true } }),
    ];
    expect(villageStatus(events, '2024-01-31').flags).toEqual([
      { code: 'facts_disagree', message: '摸底填报未成立老年协会，却已提交自评' },
    ]);
  });

  it('self_evaluation_without_baseline, also when the baseline was returned', () => {
    expect(codes([selfEval('2023-11-01', 85)])).toEqual(['self_evaluation_without_baseline']);
    const b = baseline('2023-06-15');
    expect(codes([b, selfEval('2023-11-01', 85)])).toEqual([]);
    expect(codes([b, review('2023-07-01', b, 'return'), selfEval('2023-11-01', 85)])).toEqual([
      'self_evaluation_without_baseline',
    ]);
  });

  it('a returned self-evaluation raises no flags', () => {
    const s = selfEval('2023-11-01', 99, { facts: { members: 1 } });
    const events = [baseline('2023-06-15', { members: 100 }), s, acceptance('2023-12-10', 60)];
    expect(codes(events)).toEqual(['self_score_inflated', 'facts_disagree']);
    expect(codes([...events, review('2023-11-05', s, 'return')])).toEqual([]);
  });
});
