import { Hono } from 'hono';
import { certificateNumberSchema, typedCertificateNumber } from '../../../shared/certificates/certificate';
import { AppError } from '../../../shared/errors';
import { parseOrThrow } from '../../../shared/validation';
import { clientAddress } from '../client-address';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';
import { sendPage } from '../pages/send-page';
import { renderVerifyLookupPage, renderVerifyPage, verifyCsp } from '../pages/verify/verify-page';

/**
 * `GET /v/{number}`: the public verify page a certificate's QR code opens (the JSON twin
 * is `GET /api/v1/verify/{number}`). `GET /v`: the same by the number typed from the paper
 * (`?number=`, full-width digits and dashes accepted), redirected to its page. The status is read live, so the page is never
 * cached (`sendPage`: no-store) and never indexed. Unknown or malformed numbers (404) and
 * throttled clients (429) get their pages from the app's one `onError`.
 */
export function verifyPageRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .use('/v/*', async (c, next) => {
      await next();
      c.res.headers.set('X-Robots-Tag', 'noindex');
    })
    .get('/v', (c) => {
      const typed = c.req.query('number');
      if (typed === undefined || typed.trim() === '')
        return sendPage(c, renderVerifyLookupPage(), 200, verifyCsp);
      const number = certificateNumberSchema.safeParse(typedCertificateNumber(typed));
      if (number.success) return c.redirect(`/v/${number.data}`, 303);
      const error = number.error.issues[0]?.message ?? '证书编号格式不正确';
      // What was typed, shown back without its invisible characters (no bidi tricks in the box).
      const shown = typedCertificateNumber(typed).slice(0, 40);
      return sendPage(c, renderVerifyLookupPage({ typed: shown, error }), 400, verifyCsp);
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
