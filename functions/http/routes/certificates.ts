import { Hono } from 'hono';
import { certificateNumberSchema } from '../../../shared/certificates/certificate';
import { divisionCodeSchema } from '../../../shared/org/division';
import { parseOrThrow } from '../../../shared/validation';
import { clientAddress } from '../client-address';
import { contentDisposition } from '../content-disposition';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';
import { requireSession } from '../middleware/auth';
import { requireLink } from '../middleware/require-link';

const pdfHeaders = (fileName: string) => ({
  'Content-Type': 'application/pdf',
  'Content-Disposition': contentDisposition(fileName),
  'Cache-Control': 'private, no-store',
});

/**
 * Certificates: staff list and download them in scope, a village downloads its current one
 * through any of its links, and anyone verifies a number (JSON here; the page is /v/{number}).
 */
export function certificateRoutes(deps: AppDeps) {
  const session = requireSession(deps.sessions);
  const code = (raw: string) => parseOrThrow(divisionCodeSchema, raw, 'org.code_invalid');
  const number = (raw: string) => parseOrThrow(certificateNumberSchema, raw, 'certificate.not_found');
  return new Hono<AppEnv>()
    .use('/api/v1/orgs/:code/certificates', session)
    .use('/api/v1/orgs/:code/certificates/*', session)
    .use('/api/v1/certificates/*', session)
    .get('/api/v1/orgs/:code/certificates', async (c) =>
      c.json(await deps.certificates.list(c.get('principal'), code(c.req.param('code')), deps.now())),
    )
    .get('/api/v1/orgs/:code/certificates/zip', async (c) => {
      const unit = code(c.req.param('code'));
      const zip = await deps.certificates.zip(c.get('principal'), unit, deps.now());
      return c.body(zip as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': 'application/zip',
        'Content-Disposition': contentDisposition(`达标证书-${unit}.zip`),
        'Cache-Control': 'private, no-store',
      });
    })
    .get('/api/v1/certificates/:number/pdf', async (c) => {
      const file = await deps.certificates.pdf(c.get('principal'), number(c.req.param('number')));
      return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, pdfHeaders(file.fileName));
    })
    .use('/api/v1/fill/:token/certificate', requireLink(deps.links, deps.now))
    .get('/api/v1/fill/:token/certificate', async (c) => {
      const file = await deps.certificates.current(c.get('link').org, deps.now());
      return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, pdfHeaders(file.fileName));
    })
    .get('/api/v1/verify/:number', async (c) => {
      const view = await deps.certificates.verify(
        number(c.req.param('number')),
        clientAddress(c),
        deps.now(),
      );
      const { orgCode: _o, orgName: _n, ...shown } = view;
      return c.json(shown);
    });
}
