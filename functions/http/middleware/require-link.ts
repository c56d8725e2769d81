import { createMiddleware } from 'hono/factory';
import type { LinkService } from '../../../shared/app/links/link-service';
import type { AppEnv } from '../env';

/**
 * Resolves the survey token of the path (`:token`) once and puts the link — its village
 * and form — on the context for the handler. 404 `link.invalid`, 410 `link.expired` /
 * `link.revoked` otherwise, before the body is read.
 */
export function requireLink(links: LinkService, now: () => Date) {
  return createMiddleware<AppEnv>(async (c, next) => {
    c.set('link', await links.resolveLink(c.req.param('token') ?? '', now()));
    await next();
  });
}
