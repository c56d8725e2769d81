import { Hono } from 'hono';
import type { AppEnv } from '../env';

/**
 * `GET /api/v1/openapi.json`: the OpenAPI 3.1 description of the API, public. The
 * document is built on the first request (not at cold start) and then kept per process.
 */
export function openApiRoutes() {
  return new Hono<AppEnv>().get('/api/v1/openapi.json', async (c) => {
    const { openApiJson } = await import('../openapi/document');
    return c.body(openApiJson(), 200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'public, max-age=300',
    });
  });
}
