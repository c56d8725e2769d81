import { randomUUID } from 'node:crypto';
import { type Context, Hono } from 'hono';
import type { PageCertificate } from '../../../shared/app/certificates/certificate-service';
import type { PageRefusal } from '../../../shared/app/fill/fill-service';
import type { ResolvedLink } from '../../../shared/app/links/link-service';
import { formatChinaTime } from '../../../shared/lib/china-time';
import { logError } from '../../../shared/log';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';
import { readFormBody } from '../form-body';
import { requireLink } from '../middleware/require-link';
import { sendPage } from '../pages/send-page';
import { surveyCsp } from '../pages/survey/page-shell';
import { parseFormPost, readPostMeta } from '../pages/survey/parse-form-post';
import { turnPage } from '../pages/survey/render-model';
import { renderSurveyPage, type SurveyPageInput } from '../pages/survey/survey-page';
import { surveyAssets } from '../pages/survey-assets';

/** A refused page post: the form again with what was typed, and `Retry-After` past the link's limit (429). */
function sendRefusal(c: Context, refusal: PageRefusal, html: string, csp: string): Response {
  if (refusal.retryAfterSeconds !== undefined) c.header('Retry-After', String(refusal.retryAfterSeconds));
  return sendPage(c, html, refusal.status, csp);
}

/**
 * `GET /f/{token}`: the survey page (the village's server draft filled in). `POST
 * /f/{token}`: the page's plain form post, so filling works without JavaScript —
 * “保存并刷新” saves the draft and shows the page again with conditional questions
 * updated; “上一部分”/“下一部分” (posted only when the script never ran) save it and show
 * the neighbouring section; “提交” submits (the policy is the fill use case's), a refusal shows the form
 * again with every error inline. A link that cannot be used (404, 410) gets its page
 * from the app's one `onError`. While the village has a valid 达标证书, every render
 * (form, re-render, receipt) offers its download. `uploadOrigin`: where attachments go
 * when not to this site (presigned S3), added to the page's `connect-src`.
 */
export function surveyPageRoutes(deps: AppDeps, options: { uploadOrigin?: string } = {}) {
  const csp = surveyCsp(options.uploadOrigin);

  /** The page inputs every render shares: the link's village and form. */
  const basics = (link: ResolvedLink) => ({
    token: link.token,
    org: { code: link.org.code, name: link.org.name },
    form: link.form,
    assets: surveyAssets,
    idempotencyKey: randomUUID(),
  });

  /**
   * The village's certificate (the page's download button, or the notice that it was
   * revoked), read alongside the page's own work. Only a button or a notice: a failed
   * check leaves them out rather than failing the page.
   */
  const alongside = <T,>(link: ResolvedLink, now: Date, work: Promise<T>) =>
    Promise.all([
      work,
      deps.certificates.forPage(link.org, now).catch((err: unknown): PageCertificate => {
        logError('certificate check failed', err, { route: '/f/:token' });
        return { state: 'none' };
      }),
    ]);

  return new Hono<AppEnv>()
    .use('/f/:token', requireLink(deps.links, deps.now))
    .get('/f/:token', async (c) => {
      const link = c.get('link');
      const [{ lastSubmission, start }, certificate] = await alongside(
        link,
        deps.now(),
        deps.fill.pageState(link),
      );
      const page = renderSurveyPage({
        ...basics(link),
        certificate,
        answers: start?.answers ?? {},
        restoredFrom: start ? (start.from === 'draft' ? 'server' : 'submission') : null,
        draftSavedAt: start?.at ?? null,
        lastSubmission,
      });
      return sendPage(c, page, 200, csp);
    })
    .post('/f/:token', async (c) => {
      const link = c.get('link');
      const now = deps.now();
      const body = await readFormBody(c);
      const answers = parseFormPost(link.form, body);
      const meta = readPostMeta(body);
      const page = { ...basics(link), answers, section: meta.section };
      const again = (extra: Partial<SurveyPageInput>) => renderSurveyPage({ ...page, ...extra });
      // “上一部分”/“下一部分” posted: the script did not run, so the server turns the page.
      const turn =
        meta.action === 'next' || meta.action === 'prev'
          ? turnPage(link.form, answers, {
              section: meta.section,
              delta: meta.action === 'next' ? 1 : -1,
              ...(meta.warned ? { warned: meta.warned } : {}),
              checked: meta.checked,
            })
          : undefined;
      if (meta.action === 'save' || turn?.kind === 'show') {
        const [saved, certificate] = await alongside(link, now, deps.fill.saveFromPage(link, answers, now));
        if (!saved.ok) return sendRefusal(c, saved, again({ errors: saved.issues, certificate }), csp);
        if (turn?.kind === 'show') {
          const { section, issues, warned } = turn;
          const notice = warned?.notice ?? `已保存（${formatChinaTime(saved.value)}）`;
          const shown = { section, errors: issues, notice, certificate, checked: meta.checked };
          return sendPage(c, again({ ...shown, ...(warned ? { warned: warned.key } : {}) }), 200, csp);
        }
        const notice = `草稿已保存（${formatChinaTime(saved.value)}），页面已按您的回答更新。`;
        return sendPage(c, again({ notice, certificate }), 200, csp);
      }
      // “提交”, or “下一部分” past the last section (Enter in a box there, as with the script).
      const [result, certificate] = await alongside(
        link,
        now,
        deps.fill.submitFromPage(link, answers, meta.idempotencyKey, now),
      );
      if (!result.ok)
        return sendRefusal(c, result, again({ errors: result.issues, certificate, checked: true }), csp);
      const receipt = renderSurveyPage({ ...basics(link), answers, receipt: result.value, certificate });
      return sendPage(c, receipt, 200, csp);
    });
}
