import { Hono } from 'hono';
import { reviewQueueQuerySchema } from '../../../shared/app/submissions/submission-queries';
import { evaluationBodySchema } from '../../../shared/app/villages/evaluation-service';
import { reviewBodySchema } from '../../../shared/app/villages/review-service';
import { statusQuerySchema } from '../../../shared/app/villages/status-service';
import { idempotencyKeySchema } from '../../../shared/lib/idempotency-key';
import { divisionCodeSchema } from '../../../shared/org/division';
import { parseOrThrow } from '../../../shared/validation';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';
import { readHeader, readJson } from '../json-body';
import { requireSession } from '../middleware/auth';

/** Review of village submissions, the township's evaluations, and the dated status of a village. */
export function villageRoutes(deps: AppDeps) {
  const code = (raw: string) => parseOrThrow(divisionCodeSchema, raw, 'org.code_invalid');
  return new Hono<AppEnv>()
    .use('/api/v1/orgs/*', requireSession(deps.sessions))
    .get('/api/v1/orgs/:code/review-queue', async (c) => {
      const query = parseOrThrow(reviewQueueQuerySchema, c.req.query());
      const queue = await deps.submissions.reviewQueue(c.get('principal'), code(c.req.param('code')), query);
      if (queue.truncated) c.header('X-Truncated', 'true');
      return c.json(queue.items);
    })
    .get('/api/v1/orgs/:code/submissions/:id', async (c) =>
      c.json(await deps.reviews.get(c.get('principal'), code(c.req.param('code')), c.req.param('id'))),
    )
    .post('/api/v1/orgs/:code/submissions/:id/review', async (c) => {
      const body = await readJson(c, reviewBodySchema);
      const village = code(c.req.param('code'));
      return c.json(
        await deps.reviews.review(c.get('principal'), village, c.req.param('id'), body, deps.now()),
      );
    })
    .post('/api/v1/orgs/:code/evaluations', async (c) => {
      const body = await readJson(c, evaluationBodySchema);
      const key = readHeader(c, 'Idempotency-Key', idempotencyKeySchema);
      const village = code(c.req.param('code'));
      return c.json(await deps.evaluations.record(c.get('principal'), village, body, key, deps.now()), 201);
    })
    .get('/api/v1/orgs/:code/status', async (c) => {
      const { asOf } = parseOrThrow(statusQuerySchema, c.req.query());
      const village = code(c.req.param('code'));
      const { view } = await deps.statuses.status(c.get('principal'), village, asOf, deps.now());
      return c.json(view);
    });
}
