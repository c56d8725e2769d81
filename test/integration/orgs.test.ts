import { beforeAll, describe, expect, it } from 'vitest';
import { adminPassword, errorOf, useTestStack } from '../support/stack';

const t = useTestStack();
let admin: string;
let township: string;

beforeAll(async () => {
  admin = await t.login('admin', adminPassword);
  await t.addUser('dlx', 'township', '341022104', 'township-pass-1');
  township = await t.login('dlx', 'township-pass-1');
});

type Unit = { code: string; name: string; level: string; parentCode: string | null; illustrative?: boolean };
const units = async (res: Response) => (await res.json()) as Unit[];

describe('GET /api/v1/orgs/{code}', () => {
  it('returns the unit', async () => {
    const res = await t.request('/api/v1/orgs/341022', { token: admin });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ code: '341022', name: '休宁县', level: 'county', parentCode: '3410' });
  });

  it('404s an unknown unit inside the scope', async () => {
    const res = await t.request('/api/v1/orgs/341022999', { token: admin });
    expect(res.status).toBe(404);
    expect((await errorOf(res)).code).toBe('org.not_found');
  });

  it('400s a code that is not a division code', async () => {
    for (const code of ['3410221', 'abc', '34102210420412']) {
      const res = await t.request(`/api/v1/orgs/${code}`, { token: admin });
      expect(res.status).toBe(400);
      expect((await errorOf(res)).code).toBe('org.code_invalid');
    }
  });
});

describe('GET /api/v1/orgs/{code}/children', () => {
  it('lists the 21 townships of 休宁县 in code order', async () => {
    const res = await t.request('/api/v1/orgs/341022/children', { token: admin });
    expect(res.status).toBe(200);
    const list = await units(res);
    expect(list).toHaveLength(21);
    expect(list.every((u) => u.level === 'township' && u.parentCode === '341022')).toBe(true);
    expect(list.map((u) => u.code)).toEqual([...list.map((u) => u.code)].sort());
    expect(list.map((u) => u.name)).toContain('东临溪镇');
    expect(list.filter((u) => u.name.endsWith('乡'))).toHaveLength(10);
  });

  it('lists the 12 units of 东临溪镇, only 小阜村 with an official code', async () => {
    const list = await units(await t.request('/api/v1/orgs/341022104/children', { token: admin }));
    expect(list).toHaveLength(12);
    expect(list.map((u) => u.name)).toEqual(
      expect.arrayContaining(['心安社区', '临溪村', '小阜村', '大阜村']),
    );
    expect(list.filter((u) => !u.illustrative).map((u) => u.code)).toEqual(['341022104204']);
  });

  it('lists the 7 counties of 黄山市 and the example villages of other 休宁县 townships', async () => {
    expect(await units(await t.request('/api/v1/orgs/3410/children', { token: admin }))).toHaveLength(7);
    const examples = await units(await t.request('/api/v1/orgs/341022100/children', { token: admin }));
    expect(examples.length).toBeGreaterThan(0);
    expect(examples.every((u) => u.illustrative && u.name.includes('示例'))).toBe(true);
  });
});

describe('scope', () => {
  it('lets a township user see its own township and villages', async () => {
    expect((await t.request('/api/v1/orgs/341022104', { token: township })).status).toBe(200);
    expect(await units(await t.request('/api/v1/orgs/341022104/children', { token: township }))).toHaveLength(
      12,
    );
    expect((await t.request('/api/v1/orgs/341022104204', { token: township })).status).toBe(200);
  });

  it('refuses units outside the scope with 403 and no data', async () => {
    for (const path of [
      '/api/v1/orgs/341022',
      '/api/v1/orgs/341022105',
      '/api/v1/orgs/341022/children',
      '/api/v1/orgs/34',
    ]) {
      const res = await t.request(path, { token: township });
      expect(res.status).toBe(403);
      const error = await errorOf(res);
      expect(error.code).toBe('auth.out_of_scope');
      expect(JSON.stringify(error)).not.toContain('休宁县');
    }
  });

  it('answers an unknown route with a JSON 404', async () => {
    const res = await t.request('/api/v1/nothing-here', { token: admin });
    expect(res.status).toBe(404);
    expect((await errorOf(res)).code).toBe('route.not_found');
  });
});

describe('org repository subtree', () => {
  it('returns a unit and everything below it, in code order, from one scope query', async () => {
    const tree = await t.stack.repos.orgs.subtree('341022104');
    expect(tree[0]?.code).toBe('341022104');
    expect(tree).toHaveLength(13);
    expect(tree.every((u) => u.code.startsWith('341022104'))).toBe(true);
    const county = await t.stack.repos.orgs.subtree('341022');
    expect(county.filter((u) => u.level === 'township')).toHaveLength(21);
    expect(county.filter((u) => u.level === 'village')).toHaveLength(12 + 20 * 3);
    expect(await t.stack.repos.orgs.subtree('3410229')).toEqual([]);
  });
});
