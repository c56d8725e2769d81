import { json } from './fill';
import { acceptanceAnswers, lookbackAnswers } from './rubric';
import { adminPassword, type TestStack } from './stack';

/** A certificate as `GET /api/v1/orgs/{code}/certificates` lists it (the fields tests read). */
export interface ListedCertificate {
  number: string;
  orgCode: string;
  sha256: string;
  status: 'valid' | 'revoked';
}

/** Posts a staff evaluation (评估验收 or 回头看) of a village as `token`; throws unless 201. */
export async function evaluate(
  t: TestStack,
  token: string,
  code: string,
  formId: 'acceptance' | 'lookback',
  answers: unknown,
) {
  const res = await t.request(
    `/api/v1/orgs/${code}/evaluations`,
    json({ formId, answers }, { method: 'POST', token }),
  );
  if (res.status !== 201) throw new Error(`evaluation failed: ${res.status} ${await res.text()}`);
}

/**
 * Two certified villages, one of them revoked: both accepted (优秀) on 2025-11-01 and
 * certified by the `certificates` job on 2025-11-03; `revoked` loses its status to a
 * look-back on 2026-01-30, with no job run after it. Leaves the clock at
 * 2026-02-01 10:00 China time and returns the two certificates and an admin token.
 */
export async function certifyTwoRevokeOne(t: TestStack, villages: { valid: string; revoked: string }) {
  t.clock.now = new Date('2025-11-03T02:00:00Z');
  let admin = await t.login('admin', adminPassword);
  for (const code of [villages.valid, villages.revoked])
    await evaluate(t, admin, code, 'acceptance', acceptanceAnswers('2025-11-01'));
  await t.stack.services.jobs.certificates({ source: 'test' }, t.clock.now);
  const res = await t.request(`/api/v1/orgs/${villages.valid.slice(0, 9)}/certificates`, { token: admin });
  const listed = (await res.json()) as ListedCertificate[];
  const of = (code: string) => {
    const found = listed.find((c) => c.orgCode === code);
    if (!found) throw new Error(`no certificate for ${code}`);
    return found;
  };
  t.clock.now = new Date('2026-02-01T02:00:00Z');
  admin = await t.login('admin', adminPassword);
  await evaluate(t, admin, villages.revoked, 'lookback', lookbackAnswers('2026-01-30', 'revoke'));
  return { valid: of(villages.valid), revoked: of(villages.revoked), admin };
}
