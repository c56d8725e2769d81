import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { json, tokenOf } from '../support/fill';
import { adminPassword, type TestStack } from '../support/stack';

/** Serves the app on a free port of 127.0.0.1, like `npm start` does. */
export async function startServer(app: { fetch: (req: Request) => Response | Promise<Response> }) {
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What `GET /api/v1/fill/{token}` answers, as far as these tests read it. */
export interface FillView {
  draft: { answers: Record<string, unknown>; savedAt: string } | null;
  submissions: { id: string; receivedAt: string }[];
}

/** Issues a link of `formId` for one village (as the administrator) and returns its token and id. */
export async function issueLink(t: TestStack, formId: string, orgCode: string) {
  const admin = await t.login('admin', adminPassword);
  const res = await t.request(
    '/api/v1/links',
    json({ formId, orgCodes: [orgCode] }, { method: 'POST', token: admin }),
  );
  if (res.status !== 201) throw new Error(`issue failed: ${res.status} ${await res.text()}`);
  const [row] = (await res.json()) as { id: string; url: string }[];
  if (!row) throw new Error('no link issued');
  return { token: tokenOf(row.url), id: row.id, url: row.url, admin };
}
