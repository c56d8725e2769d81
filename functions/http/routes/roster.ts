import { Hono } from 'hono';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';

/** The village roster: `POST /api/v1/orgs/import`, `POST /api/v1/orgs/{code}/retire`. */
export function rosterRoutes(_deps: AppDeps) {
  return new Hono<AppEnv>();
}
