import type { Context } from 'hono';
import { verifyThrottle } from '../../../shared/auth/throttle';
import { AppError, errorCatalogue } from '../../../shared/errors';
import type { AppEnv } from '../env';
import { loginNext, renderLogin } from './console/login';
import { consoleCsp } from './console/shell';
import { sendPage } from './send-page';
import { isLinkError, renderLinkErrorPage } from './survey/link-error-page';
import { renderDocument, type StyleAsset, surveyCsp } from './survey/page-shell';
import { consoleAssets, surveyAssets, verifyAssets } from './survey-assets';
import { isVerifyError, renderVerifyErrorPage, verifyCsp } from './verify/verify-page';

const surveyPageCsp = surveyCsp();

/** Codes that mean "sign in (again)". */
const signInAgain = [
  'auth.token_missing',
  'auth.token_invalid',
  'auth.token_expired',
  'auth.session_ended',
] as const;

/** A page for an error: its catalogue message (5xx: the generic one) and a way back. */
function renderErrorPage(
  error: AppError | undefined,
  status: number,
  assets: StyleAsset,
  back?: string,
): string {
  const message = error && status < 500 ? error.message : errorCatalogue.internal.message;
  const title = status < 500 ? '无法完成操作' : '系统繁忙';
  // The details list what to fix, field by field; one that only restates the message (a
  // malformed code in the address) is left out.
  const listed = error && status < 500 && Array.isArray(error.details) ? (error.details as unknown[]) : [];
  const details = listed.length === 1 && error?.code.endsWith('code_invalid') ? [] : listed;
  return renderDocument({
    title,
    assets,
    script: false,
    children: (
      <main class="le card" data-error-code={status < 500 && error ? error.code : 'internal'}>
        <h1>{title}</h1>
        <p role="alert">{message}</p>
        {details.length > 0 ? (
          <ul class="errors">
            {details.map((d) => (
              <li>{typeof d === 'object' && d !== null && 'message' in d ? String(d.message) : String(d)}</li>
            ))}
          </ul>
        ) : null}
        {back ? (
          <p>
            <a href={back}>返回上一页</a>
          </p>
        ) : (
          <p>请返回上一页重试；如果问题一直存在，请联系乡镇（镇卫健办或民政办）。</p>
        )}
      </main>
    ),
  });
}

/** Where "back" goes from a console error: the page the form was on, when it is ours. */
function consoleBack(c: Context): string {
  const referer = c.req.header('referer');
  try {
    const url = referer ? new URL(referer) : undefined;
    if (url && url.origin === new URL(c.req.url).origin && url.pathname.startsWith('/console'))
      return url.pathname + url.search;
  } catch {
    // an unreadable Referer: fall back
  }
  return '/console';
}

/** Seconds a throttled verify client waits: what the error says, else the whole lock. */
const retryAfterOf = (error: AppError): number => {
  const wait = (error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  return typeof wait === 'number' && wait > 0 ? Math.ceil(wait) : verifyThrottle.lockSeconds;
};

/** The verify page's errors: an unknown number (404) or too many lookups (429, with Retry-After). */
function verifyErrorResponse(c: Context<AppEnv>, error: AppError | undefined, status: number): Response {
  if (!error || !isVerifyError(error.code))
    return sendPage(c, renderErrorPage(error, status, verifyAssets), status, verifyCsp);
  const wait = error.code === 'certificate.throttled' ? retryAfterOf(error) : 0;
  if (wait > 0) c.header('Retry-After', String(wait));
  return sendPage(c, renderVerifyErrorPage(error.code, wait), status, verifyCsp);
}

/**
 * The answer to an error on a page route, by route kind: survey pages (`/f/…`) say what
 * to do with a bad link; the verify page (`/v/…`) says how to check a number; the login
 * page shows itself again with the reason; the console sends a signed-out visitor to the
 * login page and shows other refusals with a way back. Undefined for API routes (JSON).
 */
/**
 * A browser opening an address itself (a download link clicked in the console or on the
 * survey page), not a script's fetch: it is shown whatever comes back, so an error must be
 * a page. Only what the browser itself says (Fetch Metadata), and never with a bearer
 * token: an API client that happens to ask for HTML keeps its JSON errors, and an old
 * browser without Fetch Metadata gets the JSON it always got.
 */
function isNavigation(c: Context): boolean {
  return (
    c.req.method === 'GET' &&
    c.req.header('sec-fetch-mode') === 'navigate' &&
    c.req.header('authorization') === undefined
  );
}

/** Where "back" goes from a survey link's download: the survey page of that link. */
const surveyBack = (path: string): string | undefined => /^\/api\/v1\/fill\/([^/]+)\//.exec(path)?.[1];

export function pageErrorResponse(c: Context<AppEnv>, err: unknown, status: number): Response | undefined {
  const error = AppError.is(err) ? err : undefined;
  const path = c.req.path;
  const token = surveyBack(path);
  if (token && isNavigation(c)) {
    const html = renderErrorPage(error, status, surveyAssets, `/f/${token}`);
    return sendPage(c, html, status, surveyPageCsp);
  }
  if (path.startsWith('/f/')) {
    const html =
      error && isLinkError(error.code)
        ? renderLinkErrorPage(error.code, surveyAssets)
        : renderErrorPage(error, status, surveyAssets);
    return sendPage(c, html, status, surveyPageCsp);
  }
  // The public verify page, and its JSON twin opened in a browser: the verify page's own errors.
  if (path.startsWith('/v/') || (path.startsWith('/api/v1/verify/') && isNavigation(c)))
    return verifyErrorResponse(c, error, status);
  if (path === '/login') {
    const message = error && status < 500 ? error.message : errorCatalogue.internal.message;
    const next = loginNext(c.req.query('next'));
    return sendPage(c, renderLogin({ error: message, ...(next ? { next } : {}) }), status, consoleCsp);
  }
  // The console's pages, and the API's downloads (tables, link sheets, certificates) the
  // console links to, opened after the session ended or for something gone.
  if (path.startsWith('/console') || path === '/logout' || (path.startsWith('/api/') && isNavigation(c))) {
    if (error && (signInAgain as readonly string[]).includes(error.code)) {
      // A page or download opened: back to it after signing in.
      const next = c.req.method === 'GET' ? loginNext(path + new URL(c.req.url).search) : undefined;
      const back = next && next !== '/console' ? `/login?${new URLSearchParams({ next })}` : '/login';
      return c.redirect(back, 303);
    }
    return sendPage(c, renderErrorPage(error, status, consoleAssets, consoleBack(c)), status, consoleCsp);
  }
  // Any other address a browser opened (a typo, an old bookmark): a page, not JSON.
  if (!path.startsWith('/api/') && isNavigation(c))
    return sendPage(c, renderErrorPage(error, status, surveyAssets), status, surveyPageCsp);
  return undefined;
}
