import { Hono } from 'hono';
import { certificateNumberSchema } from '../../../shared/certificates/certificate';
import { AppError } from '../../../shared/errors';
import { parseOrThrow } from '../../../shared/validation';
import { clientAddress } from '../client-address';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';
import { sendPage } from '../pages/send-page';
import { renderVerifyPage, verifyCsp } from '../pages/verify/verify-page';

/**
 * `GET /v/{number}`: the public verify page a certificate's QR code opens (the JSON twin
 * is `GET /api/v1/verify/{number}`). The status is read live, so the page is never
 * cached (`sendPage`: no-store) and never indexed. Unknown or malformed numbers (404) and
 * throttled clients (429) get their pages from the app's one `onError`.
 */
export function verifyPageRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .use('/v/*', async (c, next) => {
      await next();
      c.res.headers.set('X-Robots-Tag', 'noindex');
    })
    .get('/v/:number', async (c) => {
      const number = parseOrThrow(certificateNumberSchema, c.req.param('number'), 'certificate.not_found');
      const now = deps.now();
      const view = await deps.certificates.verify(number, clientAddress(c), now);
      return sendPage(c, renderVerifyPage(view, now), 200, verifyCsp);
    })
    .get('/v/*', () => {
      throw new AppError('certificate.not_found');
    });
}
