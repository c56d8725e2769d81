import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { json } from '../support/fill';
import { acceptanceAnswers } from '../support/rubric';
import { adminPassword, useTestStack } from '../support/stack';

const t = useTestStack();
const township = '341022104';
let admin = '';

/**
 * Names an import now refuses, stored directly as data from before that check was there:
 * the ZIP must still name their certificates safely.
 */
const hostile = ['../../../../../tmp/x', 'C:\\Users\\Public\\x', '\u202e..'];

beforeAll(async () => {
  t.clock.now = new Date('2025-11-03T02:00:00Z');
  admin = await t.login('admin', adminPassword);
  const villages = (await t.stack.repos.orgs.children(township)).filter((u) => u.level === 'village');
  const renamed = villages.slice(0, hostile.length).map((u, i) => ({ ...u, name: hostile[i] ?? u.name }));
  // Written before any request reads these villages, so no instance cache holds the old names.
  await t.stack.repos.orgs.putMany(renamed);
  for (const unit of renamed) {
    const res = await t.request(
      `/api/v1/orgs/${unit.code}/evaluations`,
      json(
        { formId: 'acceptance', answers: acceptanceAnswers('2025-11-01') },
        { method: 'POST', token: admin },
      ),
    );
    if (res.status !== 201) throw new Error(`evaluation failed: ${res.status} ${await res.text()}`);
  }
  await t.stack.services.jobs.certificates({ source: 'test' }, t.clock.now);
});

describe('GET /api/v1/orgs/{code}/certificates/zip', () => {
  it('names every entry from a safe file-name part: no path, no drive, no invisible characters', async () => {
    const res = await t.request(`/api/v1/orgs/${township}/certificates/zip`, { token: admin });
    expect(res.status).toBe(200);
    const names = Object.keys(unzipSync(new Uint8Array(await res.arrayBuffer())));
    expect(names).toHaveLength(hostile.length);
    for (const name of names) {
      expect(name).not.toMatch(/[/\\:*?"<>|\p{Cc}\p{Cf}]/u);
      expect(name).not.toMatch(/^\./);
      expect(name).toMatch(/-341022-2025-\d{4}\.pdf$/);
    }
    const villagePart = names.map((n) => n.replace(/-341022-2025-\d{4}\.pdf$/, '')).sort();
    const codes = (await t.stack.repos.orgs.children(township)).map((u) => u.code);
    expect(villagePart).toEqual(['C__Users_Public_x', '_.._.._.._.._tmp_x', expect.any(String)].sort());
    // Nothing was left of the third name: the village code stands in for it.
    expect(codes).toContain(villagePart.find((p) => /^\d{12}$/.test(p)));
  });
});
