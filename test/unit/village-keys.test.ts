import { describe, expect, it } from 'vitest';
import { draftKeys, linkKeys, orgKeys, submissionKeys } from '../../shared/store/keys';

const link = {
  id: 'AAAAAAAAAAAAAAAA',
  orgCode: '341022104204',
  formId: 'baseline',
  issuedAt: '2026-01-01T00:00:00.000Z',
};
const submission = {
  orgCode: '341022104204',
  formId: 'baseline',
  receivedAt: '2026-02-01T00:00:00.000Z',
  id: 'x1',
};

describe('village partition keys', () => {
  it('keep links, drafts, submissions and claims of one village in its partition, apart from orgs', () => {
    const pk = 'VILLAGE#341022104204';
    expect(linkKeys.current('341022104204', 'baseline')).toEqual({ pk, sk: 'LINK#baseline' });
    expect(draftKeys.item('341022104204', 'baseline')).toEqual({ pk, sk: 'DRAFT#baseline' });
    expect(submissionKeys.item(submission).pk).toBe(pk);
    expect(submissionKeys.claim('341022104204', 'baseline', 'k')).toEqual({ pk, sk: 'SUBKEY#baseline#k' });
    expect(orgKeys.item('341022104204').pk).not.toBe(pk);
    expect(linkKeys.item(link.id)).toEqual({ pk: 'LINK#AAAAAAAAAAAAAAAA', sk: 'LINK' });
  });

  it('list a village’s submissions of one form by prefix, never its claims or other forms', () => {
    const { skPrefix } = submissionKeys.ofVillage('341022104204', 'baseline');
    expect(submissionKeys.item(submission).sk.startsWith(skPrefix)).toBe(true);
    expect(submissionKeys.claim('341022104204', 'baseline', 'k').sk.startsWith(skPrefix)).toBe(false);
    const other = submissionKeys.item({ ...submission, formId: 'baseline-2' });
    expect(other.sk.startsWith(skPrefix)).toBe(false);
  });

  it('put links and submissions of a subtree under one scope partition, addressed by prefix', () => {
    const township = linkKeys.scope('baseline', '341022104');
    const indexed = linkKeys.indexes(link);
    expect(indexed.gsi2pk).toBe(township.gsi2pk);
    expect(indexed.gsi2sk.startsWith(township.gsi2sk)).toBe(true);
    expect(linkKeys.scope('lookback', '341022104').gsi2pk).not.toBe(township.gsi2pk);
    const scope = submissionKeys.scope('3410');
    const sub = submissionKeys.indexes(submission);
    expect(sub.gsi2pk).toBe(scope.gsi2pk);
    expect(sub.gsi2sk.startsWith(scope.gsi2sk)).toBe(true);
    expect(sub.gsi2sk.startsWith(submissionKeys.scope('341022105').gsi2sk)).toBe(false);
  });
});
