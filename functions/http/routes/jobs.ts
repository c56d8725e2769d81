import { Hono } from 'hono';
import * as z from 'zod/mini';
import { type JobName, type JobTask, jobNameSchema, runJob } from '../../../shared/app/jobs/job-registry';
import { parseOrThrow } from '../../../shared/validation';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';
import { requireSession } from '../middleware/auth';
import { requireRole } from '../middleware/require-role';

const jobParamsSchema = z.object({ name: jobNameSchema });

/**
 * `POST /api/v1/jobs/{name}`: an administrator runs a job now, the very task the schedulers
 * run; 200 with the run's `JobResult`. The role is checked before the name, so nobody else
 * learns which jobs exist. Safe beside a scheduled run: every task is idempotent.
 */
export function jobRoutes(
  deps: Pick<AppDeps, 'sessions' | 'now'>,
  tasks: Readonly<Record<JobName, JobTask>>,
) {
  const p = '/api/v1/jobs/:name';
  return new Hono<AppEnv>().use(p, requireSession(deps.sessions), requireRole('admin')).post(p, async (c) => {
    const { name } = parseOrThrow(jobParamsSchema, { name: c.req.param('name') });
    const trigger = { source: `api:${c.get('principal').username}` };
    return c.json(await runJob(tasks, name, trigger, deps.now));
  });
}
