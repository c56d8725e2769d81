import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { AppError, toErrorBody } from '../../shared/errors';
import { logError } from '../../shared/log';
import type { AppDeps } from './deps';
import type { AppEnv } from './env';
import { compressJson } from './middleware/compress-json';
import { defaultCsp } from './middleware/default-csp';
import { pageErrorResponse } from './pages/error-page';
import { assetRoutes } from './routes/assets';
import { authRoutes } from './routes/auth';
import { certificateRoutes } from './routes/certificates';
import { consoleRoutes } from './routes/console';
import { fillRoutes, isDirectUpload } from './routes/fill';
import { formRoutes } from './routes/forms';
import { healthRoutes } from './routes/health';
import { homeRoutes } from './routes/home';
import { jobRoutes } from './routes/jobs';
import { linkRoutes } from './routes/links';
import { openApiRoutes } from './routes/openapi';
import { orgRoutes } from './routes/orgs';
import { isRosterUpload, rosterRoutes } from './routes/roster';
import { statsRoutes } from './routes/stats';
import { surveyPageRoutes } from './routes/survey-pages';
import { userRoutes } from './routes/users';
import { verifyPageRoutes } from './routes/verify-pages';
import { villageRoutes } from './routes/villages';

/**
 * The one HTTP app, served by @hono/node-server locally and by API Gateway + Lambda on
 * AWS. Errors from anywhere end in the single `onError`, which maps catalogue codes to
 * statuses; unknown errors are logged and answered with a bare 500.
 */
export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  // One frame policy: CSP frame-ancestors 'none' (defaultCsp, and every page's own CSP)
  // and X-Frame-Options DENY for browsers that predate it; never SAMEORIGIN.
  app.use(secureHeaders({ xFrameOptions: 'DENY' }), defaultCsp);
  app.use(compressJson);
  const globalLimit = bodyLimit({
    maxSize: deps.maxBodyBytes,
    onError: () => {
      throw new AppError('request.too_large', { details: { maxBytes: deps.maxBodyBytes } });
    },
  });
  // Attachment uploads through the app and roster imports carry files: those routes read
  // their bodies themselves, limited by the field's maxSizeMb or the roster file limit.
  const readsOwnBody = (method: string, path: string) =>
    isDirectUpload(method, path) || isRosterUpload(method, path);
  app.use((c, next) => (readsOwnBody(c.req.method, c.req.path) ? next() : globalLimit(c, next)));
  app.route('/', homeRoutes);
  app.route('/', healthRoutes);
  app.route('/', authRoutes(deps));
  app.route('/', userRoutes(deps));
  app.route('/', rosterRoutes(deps));
  app.route('/', orgRoutes(deps));
  app.route('/', villageRoutes(deps));
  app.route('/', statsRoutes(deps));
  app.route('/', jobRoutes(deps, deps.jobs));
  app.route('/', formRoutes(deps));
  app.route('/', linkRoutes(deps));
  app.route('/', certificateRoutes(deps));
  app.route('/', openApiRoutes());
  app.route('/', verifyPageRoutes(deps));
  app.route('/', fillRoutes(deps));
  app.route('/', consoleRoutes(deps));
  app.route('/', assetRoutes);
  app.route('/', surveyPageRoutes(deps, deps.uploadOrigin ? { uploadOrigin: deps.uploadOrigin } : {}));
  app.notFound((c) => {
    const error = new AppError('route.not_found');
    const { status, body } = toErrorBody(error);
    // A mistyped console address gets a page with a way back, like any console error.
    return pageErrorResponse(c, error, status) ?? c.json(body, status as 404);
  });
  app.onError((err, c) => {
    const { status, body } = toErrorBody(err);
    // Every "too many" refusal says when to come back, on the API as on the pages.
    const wait = (AppError.is(err) ? (err.details as { retryAfterSeconds?: unknown }) : undefined)
      ?.retryAfterSeconds;
    if (status === 429 && typeof wait === 'number' && wait > 0 && !c.res.headers.has('retry-after')) {
      c.header('Retry-After', String(Math.ceil(wait)));
    }
    // The matched pattern, not the path: survey paths carry link tokens, which are credentials.
    if (status >= 500) logError('request failed', err, { method: c.req.method, route: c.req.routePath });
    // Pages answer with a page (a survey link's problem says what to do); the API with JSON.
    return pageErrorResponse(c, err, status) ?? c.json(body, status as 400);
  });
  return app;
}
