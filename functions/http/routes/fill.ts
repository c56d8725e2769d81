import { Hono } from 'hono';
import * as z from 'zod/mini';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';
import { readJson } from '../json-body';
import { readBodyLimited } from '../raw-body';

const answersBody = z.object({ answers: z.unknown() });
const base = '/api/v1/fill/:token';

/** The one route that takes a raw (non-JSON) body: it has its own per-field size limit. */
export const isDirectUpload = (method: string, path: string): boolean =>
  method === 'PUT' && /^\/api\/v1\/fill\/[^/]+\/attachments\/[^/]+$/.test(path);

/**
 * The survey link holder's API. The token in the path is the only credential; every
 * service call resolves it first (404 `link.invalid`, 410 `link.expired` / `link.revoked`).
 */
export function fillRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .use('/api/v1/fill/*', async (c, next) => {
      await next();
      // Answers and tokens must not linger in shared caches.
      c.res.headers.set('cache-control', 'no-store');
    })
    .get(base, async (c) => c.json(await deps.fill.view(c.req.param('token'), deps.now())))
    .put(`${base}/draft`, async (c) => {
      const { answers } = await readJson(c, answersBody);
      await deps.fill.saveDraft(c.req.param('token'), answers, deps.now());
      return c.body(null, 204);
    })
    .post(`${base}/submissions`, async (c) => {
      const { answers } = await readJson(c, answersBody);
      const key = c.req.header('idempotency-key');
      return c.json(await deps.fill.submit(c.req.param('token'), answers, key, deps.now()), 201);
    })
    .post(`${base}/attachments`, async (c) => {
      const request = await readJson(c, z.unknown());
      return c.json(await deps.attachments.requestUpload(c.req.param('token'), request, deps.now()), 201);
    })
    .put(`${base}/attachments/:blobId`, async (c) => {
      const { token, blobId } = c.req.param();
      const type = c.req.header('content-type') ?? '';
      const read = (maxBytes: number) => readBodyLimited(c, maxBytes);
      await deps.attachments.receiveUpload(token, blobId, type, read, deps.now());
      return c.body(null, 204);
    });
}
