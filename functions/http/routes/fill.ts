import { Hono } from 'hono';
import { uploadRequestSchema } from '../../../shared/app/fill/attachment-service';
import { draftBodySchema, submissionBodySchema } from '../../../shared/app/fill/fill-service';
import { AppError } from '../../../shared/errors';
import { idempotencyKeySchema } from '../../../shared/lib/idempotency-key';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';
import { readHeader, readJson } from '../json-body';
import { requireLink } from '../middleware/require-link';
import { readBodyLimited } from '../raw-body';

const base = '/api/v1/fill/:token';

/** The one route that takes a raw (non-JSON) body: it has its own per-field size limit. */
export const isDirectUpload = (method: string, path: string): boolean =>
  method === 'PUT' && /^\/api\/v1\/fill\/[^/]+\/attachments\/[^/]+$/.test(path);

/** The seconds a refusal says to wait (`details.retryAfterSeconds`), if any. */
const retryAfterOf = (err: unknown): number | undefined => {
  if (!AppError.is(err, 'fill.throttled')) return undefined;
  const wait = (err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  return typeof wait === 'number' ? wait : undefined;
};

/**
 * The survey link holder's API. The token in the path is the only credential, resolved
 * once per request by `requireLink` (404 `link.invalid`, 410 `link.expired` / `link.revoked`).
 * Draft saves and submissions are limited per link and minute: 429 `fill.throttled` with
 * `Retry-After`.
 */
export function fillRoutes(deps: AppDeps) {
  const link = requireLink(deps.links, deps.now);
  return new Hono<AppEnv>()
    .use('/api/v1/fill/*', async (c, next) => {
      await next();
      // Answers and tokens must not linger in shared caches.
      c.res.headers.set('cache-control', 'no-store');
      const wait = retryAfterOf(c.error);
      if (wait !== undefined) c.res.headers.set('retry-after', String(wait));
    })
    .use(base, link)
    .use(`${base}/*`, link)
    .get(base, async (c) => c.json(await deps.fill.view(c.get('link'))))
    .put(`${base}/draft`, async (c) => {
      const { answers } = await readJson(c, draftBodySchema, 'draft.invalid');
      await deps.fill.saveDraft(c.get('link'), answers, deps.now());
      return c.body(null, 204);
    })
    .post(`${base}/submissions`, async (c) => {
      const { answers } = await readJson(c, submissionBodySchema);
      const key = readHeader(c, 'Idempotency-Key', idempotencyKeySchema);
      return c.json(await deps.fill.submit(c.get('link'), answers, key, deps.now()), 201);
    })
    .post(`${base}/attachments`, async (c) => {
      const request = await readJson(c, uploadRequestSchema);
      return c.json(await deps.attachments.requestUpload(c.get('link'), request, deps.now()), 201);
    })
    .put(`${base}/attachments/:blobId`, async (c) => {
      const type = c.req.header('content-type') ?? '';
      const read = (maxBytes: number) => readBodyLimited(c, maxBytes);
      await deps.attachments.receiveUpload(c.get('link'), c.req.param('blobId'), type, read, deps.now());
      return c.body(null, 204);
    });
}
