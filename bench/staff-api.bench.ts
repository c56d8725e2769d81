import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { orgKeys } from '../shared/store/keys';
import { type Bench, median, ratio } from './harness';
import { benchNow, countCommands, startSeededStack } from './seeded-stack';

const ROUNDS = 9;
const OPS = 200;

/** Runs `n` operations one after another; returns operations per second. */
async function timeOps(n: number, op: () => Promise<void>): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < n; i++) await op();
  return (n / (performance.now() - start)) * 1000;
}

/**
 * The cost of checking a session on every staff request (one read of the user, so that
 * logout, a password change and a disable end sessions at once): `GET /api/v1/orgs/{code}`
 * with a bearer token against a bare GetItem of the same org item, and the store calls
 * per request (the data's read plus the session's).
 */
export const bench: Bench = {
  name: 'staff-api',
  async run(ctx) {
    ctx.log('starting the in-memory local stack (dynalite), seeded like the tests');
    const s = await startSeededStack(await ctx.tmpDir(), []);
    try {
      const { stack } = s;
      const { client, name: TableName } = stack.table;
      const session = await stack.services.sessions.login('admin', 'bench-admin-password', 'bench');
      const headers = { authorization: `Bearer ${session.token}` };
      const code = '341022104';
      const api = async () => {
        const res = await stack.app.request(`/api/v1/orgs/${code}`, { headers });
        if (res.status !== 200) throw new Error(`GET /api/v1/orgs/${code}: ${res.status}`);
        await res.arrayBuffer();
      };
      const bare = async () => {
        const out = await client.send(new GetCommand({ TableName, Key: orgKeys.item(code) }));
        if (!out.Item) throw new Error('org item missing');
      };
      const counter = countCommands(client);
      await api();
      counter.reset();
      await api();
      const calls = counter.reset();
      const apiSamples: number[] = [];
      const bareSamples: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        ctx.log(`round ${round + 1}/${ROUNDS}`);
        const order = round % 2 === 0 ? [api, bare] : [bare, api];
        for (const op of order) {
          const perSecond = await timeOps(OPS, op);
          (op === api ? apiSamples : bareSamples).push(perSecond);
        }
      }
      const ours = median(apiSamples);
      const baseline = median(bareSamples);
      const total = Object.values(calls).reduce((a, b) => a + b, 0);
      return [
        {
          benchmark: 'staff-api',
          metric: 'GET /api/v1/orgs/{code} with a session, requests/s (median, 1 in flight)',
          value: ours,
          unit: 'req/s',
          baseline: { label: 'bare GetItem of the same org item (GetItem/s)', value: baseline },
          ratio: ratio(ours, baseline),
          better: 'higher',
          note:
            `store calls per request: ${JSON.stringify(calls)} = ${total} (the org read + the session's user read); ` +
            `ratio per store call ${((ours * total) / baseline).toFixed(2)}. Method: in-memory dynalite, ${ROUNDS} rounds of ` +
            `${OPS} sequential requests, order alternated per round, clock ${benchNow.toISOString()}`,
        },
      ];
    } finally {
      await s.close();
    }
  },
};
