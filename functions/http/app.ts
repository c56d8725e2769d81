import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { AppError, toErrorBody } from '../../shared/errors';
import { logError } from '../../shared/log';
import type { AppDeps } from './deps';
import type { AppEnv } from './env';
import { defaultCsp } from './middleware/default-csp';
import { isPagePath, renderErrorPage } from './pages/error-page';
import { sendPage } from './pages/send-page';
import { surveyCsp } from './pages/survey/page-shell';
import { assetRoutes } from './routes/assets';
import { authRoutes } from './routes/auth';
import { fillRoutes, isDirectUpload } from './routes/fill';
import { formRoutes } from './routes/forms';
import { healthRoutes } from './routes/health';
import { homeRoutes } from './routes/home';
import { linkRoutes } from './routes/links';
import { orgRoutes } from './routes/orgs';
import { rosterRoutes } from './routes/roster';
import { surveyPageRoutes } from './routes/survey-pages';

/**
 * The one HTTP app, served by @hono/node-server locally and by API Gateway + Lambda on
 * AWS. Errors from anywhere end in the single `onError`, which maps catalogue codes to
 * statuses; unknown errors are logged and answered with a bare 500.
 */
export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use(secureHeaders(), defaultCsp);
  const globalLimit = bodyLimit({
    maxSize: deps.maxBodyBytes,
    onError: () => {
      throw new AppError('request.too_large', { details: { maxBytes: deps.maxBodyBytes } });
    },
  });
  // Attachment uploads through the app carry files: that route reads its body itself,
  // limited by the field's maxSizeMb instead of the JSON limit.
  app.use((c, next) => (isDirectUpload(c.req.method, c.req.path) ? next() : globalLimit(c, next)));
  app.route('/', homeRoutes);
  app.route('/', healthRoutes);
  app.route('/', authRoutes(deps));
  app.route('/', rosterRoutes(deps));
  app.route('/', orgRoutes(deps));
  app.route('/', formRoutes(deps));
  app.route('/', linkRoutes(deps));
  app.route('/', fillRoutes(deps));
  app.route('/', assetRoutes);
  app.route('/', surveyPageRoutes(deps, deps.uploadOrigin ? { uploadOrigin: deps.uploadOrigin } : {}));
  app.notFound((c) => {
    const { status, body } = toErrorBody(new AppError('route.not_found'));
    return c.json(body, status as 404);
  });
  const pageCsp = surveyCsp();
  app.onError((err, c) => {
    const { status, body } = toErrorBody(err);
    // The matched pattern, not the path: survey paths carry link tokens, which are credentials.
    if (status >= 500) logError('request failed', err, { method: c.req.method, route: c.req.routePath });
    // Pages answer with a page (a survey link's problem says what to do); the API with JSON.
    if (isPagePath(c.req.path))
      return sendPage(c, renderErrorPage(AppError.is(err) ? err : undefined, status), status, pageCsp);
    return c.json(body, status as 400);
  });
  return app;
}
