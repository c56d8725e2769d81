import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../functions/http/app';
import type { JobName, JobTask, JobTrigger } from '../../shared/app/jobs/job-registry';
import { tasksWith } from '../support/jobs';
import { adminPassword, errorOf, useTestStack } from '../support/stack';

const t = useTestStack();
const password = 'Jobs-route-2026';
let admin = '';
let county = '';
let township = '';

/** The real app over `tasks` (its `deps.jobs`), as app.ts registers the route. */
function appWith(tasks: Readonly<Record<JobName, JobTask>>) {
  const app = createApp({ ...t.stack.deps, jobs: tasks });
  return (path: string, token?: string) =>
    Promise.resolve(
      app.request(path, { method: 'POST', headers: token ? { authorization: `Bearer ${token}` } : {} }),
    );
}

afterEach(() => {
  vi.restoreAllMocks();
});

beforeAll(async () => {
  admin = await t.login('admin', adminPassword);
  await t.addUser('jobs-county', 'county', '341022', password);
  await t.addUser('jobs-clerk', 'township', '341022104', password);
  county = await t.login('jobs-county', password);
  township = await t.login('jobs-clerk', password);
});

describe('POST /api/v1/jobs/{name}', () => {
  it('is for administrators only: 401 without a session, 403 auth.forbidden for county and township', async () => {
    const calls: JobTrigger[] = [];
    const post = appWith(
      tasksWith({
        aggregate: async (trigger) => {
          calls.push(trigger);
          return {};
        },
      }),
    );
    expect((await post('/api/v1/jobs/aggregate')).status).toBe(401);
    for (const token of [county, township]) {
      const res = await post('/api/v1/jobs/aggregate', token);
      expect(res.status).toBe(403);
      expect((await errorOf(res)).code).toBe('auth.forbidden');
      // The role is checked first: nobody else learns which job names exist.
      expect((await post('/api/v1/jobs/no-such-job', token)).status).toBe(403);
    }
    expect(calls).toEqual([]);
  });

  it('answers 400 with a Chinese message naming the jobs for an unknown name', async () => {
    const post = appWith(tasksWith({ aggregate: async () => ({}) }));
    const res = await post('/api/v1/jobs/rebuild', admin);
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('request.invalid');
    expect(error.details).toEqual([{ field: 'name', message: '任务名应为 aggregate、certificates 之一' }]);
  });

  it('runs the task once with an api trigger and answers 200 with its JobResult', async () => {
    const calls: JobTrigger[] = [];
    const post = appWith(
      tasksWith({
        aggregate: async (trigger) => {
          calls.push(trigger);
          return { townships: 4, villagesRead: 37 };
        },
      }),
    );
    const res = await post('/api/v1/jobs/aggregate', admin);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      job: 'aggregate',
      startedAt: t.clock.now.toISOString(),
      finishedAt: t.clock.now.toISOString(),
      townships: 4,
      villagesRead: 37,
    });
    expect(calls).toEqual([{ source: 'api:admin' }]);
  });

  it('a task that fails answers a bare 500: nothing of the failure leaves the server', async () => {
    const post = appWith(
      tasksWith({
        aggregate: async () => {
          throw new Error('table arn:aws:dynamodb:secret throttled');
        },
      }),
    );
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = await post('/api/v1/jobs/aggregate', admin);
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(body).not.toContain('arn:aws');
    expect(JSON.parse(body)).toEqual({ error: { code: 'internal', message: expect.any(String) } });
    // Logged once on the server, with the route pattern.
    expect(logged).toHaveBeenCalledTimes(1);
    expect(String(logged.mock.calls[0]?.[0])).toContain('/api/v1/jobs/:name');
  });

  it('runs the real aggregate task (services.jobs), also twice at once', async () => {
    const post = appWith(t.stack.services.jobs);
    const runs = await Promise.all([
      post('/api/v1/jobs/aggregate', admin),
      post('/api/v1/jobs/aggregate', admin),
    ]);
    for (const res of runs) {
      expect(res.status).toBe(200);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toMatchObject({
        job: 'aggregate',
        startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        finishedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      const counts = Object.entries(body).filter(([k]) => !['job', 'startedAt', 'finishedAt'].includes(k));
      expect(counts.length).toBeGreaterThan(0);
      for (const [key, value] of counts) expect(Number.isInteger(value), key).toBe(true);
    }
  });
});
