import { randomUUID } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { AppError, type ErrorCode } from '../../../shared/errors';
import { formatChinaTime } from '../../../shared/lib/china-time';
import type { FieldIssue } from '../../../shared/validation';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';
import { readFormBody } from '../form-body';
import { negotiateGzip } from '../pages/gzip-body';
import { type LinkErrorCode, linkErrorStatus, renderLinkErrorPage } from '../pages/survey/link-error-page';
import { type PageAssets, surveyCsp } from '../pages/survey/page-shell';
import { parseFormPost, readPostMeta } from '../pages/survey/parse-form-post';
import { renderSurveyPage, type SurveyPageInput } from '../pages/survey/survey-page';
import { surveyAssets } from '../pages/survey-assets';

/** Options of the survey page routes. */
export interface SurveyPageOptions {
  /**
   * Origin attachment uploads go to when it is not this site (presigned S3 URLs, e.g.
   * `https://bucket.s3.cn-north-1.amazonaws.com.cn`), added to the page's `connect-src`.
   * Leave it out when uploads go through the app (the local blob store).
   */
  uploadOrigin?: string;
  assets?: PageAssets;
}

const isLinkError = (code: ErrorCode): code is LinkErrorCode => Object.hasOwn(linkErrorStatus, code);

/**
 * The outcome of a service call whose 4xx this route shows on the page itself (a 422
 * re-renders the form with its errors) instead of leaving it to `app.onError`.
 */
async function outcome<T>(
  call: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: AppError }> {
  try {
    return { ok: true, value: await call() };
  } catch (err) {
    if (err instanceof AppError && err.status < 500 && !isLinkError(err.code))
      return { ok: false, error: err };
    throw err;
  }
}

const isFieldIssue = (d: unknown): d is FieldIssue =>
  typeof d === 'object' &&
  d !== null &&
  typeof (d as Partial<FieldIssue>).field === 'string' &&
  typeof (d as Partial<FieldIssue>).message === 'string';

/** The field issues of a refusal, or its message as one issue without a field. */
const issuesOf = (error: AppError): FieldIssue[] => {
  const details: unknown = error.details;
  return Array.isArray(details) && details.length > 0 && details.every(isFieldIssue)
    ? details
    : [{ field: '', message: error.message }];
};

/**
 * `GET /f/{token}`: the survey page (the village's server draft filled in), or a clear
 * page for an invalid (404), expired or revoked (410) link. `POST /f/{token}`: the
 * page's plain form post, so filling works without JavaScript — “保存并刷新” saves the
 * draft and shows the page again with conditional questions updated; “提交” submits
 * with the page's idempotency key (a repeated post shows the same receipt), a 422
 * shows the form again with every error inline.
 */
export function surveyPageRoutes(deps: AppDeps, options: SurveyPageOptions = {}) {
  const assets = options.assets ?? surveyAssets;
  const csp = surveyCsp(options.uploadOrigin);

  const send = (c: Context, html: string, status: 200 | 404 | 410 | 413 | 422) => {
    const { body, encoding } = negotiateGzip(html, c.req.header('accept-encoding'));
    c.header('content-type', 'text/html; charset=utf-8');
    c.header('content-security-policy', csp);
    // The page carries the village's answers and the link token: never store it in shared caches.
    c.header('cache-control', 'no-store');
    c.header('vary', 'accept-encoding');
    if (encoding) c.header('content-encoding', encoding);
    return c.body(body, status);
  };

  /** The page inputs every render shares: the link's village and form. */
  const basics = async (token: string, now: Date) => {
    const { org, form } = await deps.links.resolveLink(token, now);
    return { token, org: { code: org.code, name: org.name }, form, assets, idempotencyKey: randomUUID() };
  };

  return new Hono<AppEnv>()
    .get('/f/:token', async (c) => {
      const token = c.req.param('token');
      const now = deps.now();
      const page = await basics(token, now);
      const { draft, submissions } = await deps.fill.view(token, now);
      return send(
        c,
        renderSurveyPage({
          ...page,
          answers: draft?.answers ?? {},
          restoredFrom: draft ? 'server' : null,
          draftSavedAt: draft?.savedAt ?? null,
          lastSubmission: submissions[0] ?? null,
        }),
        200,
      );
    })
    .post('/f/:token', async (c) => {
      const token = c.req.param('token');
      const now = deps.now();
      const page = await basics(token, now);
      const body = await readFormBody(c);
      const answers = parseFormPost(page.form, body);
      const meta = readPostMeta(body);
      const again = (extra: Partial<SurveyPageInput>) =>
        renderSurveyPage({ ...page, answers, section: meta.section, ...extra });
      if (meta.action === 'save') {
        const saved = await outcome(() => deps.fill.saveDraft(token, answers, now));
        if (!saved.ok) return send(c, again({ errors: issuesOf(saved.error) }), 422);
        return send(
          c,
          again({ notice: `草稿已保存（${formatChinaTime(now.toISOString())}），页面已按您的回答更新。` }),
          200,
        );
      }
      let result = await outcome(() =>
        deps.fill.submit(token, answers, meta.idempotencyKey ?? undefined, now),
      );
      if (!result.ok && result.error.code === 'submission.key_reused') {
        // This page was submitted before and its answers have changed since: a new submission.
        result = await outcome(() => deps.fill.submit(token, answers, randomUUID(), now));
      }
      if (result.ok) return send(c, renderSurveyPage({ ...page, answers, receipt: result.value }), 200);
      // Keep what was typed as the draft, so leaving now loses nothing.
      await outcome(() => deps.fill.saveDraft(token, answers, now));
      const status = result.error.status === 413 ? 413 : 422;
      return send(c, again({ errors: issuesOf(result.error) }), status);
    })
    .onError((err, c) => {
      if (err instanceof AppError && isLinkError(err.code)) {
        return send(c, renderLinkErrorPage(err.code, assets), linkErrorStatus[err.code]);
      }
      throw err;
    });
}
