import { type AppError, errorCatalogue } from '../../../shared/errors';
import { isLinkError, renderLinkErrorPage } from './survey/link-error-page';
import { type PageAssets, renderDocument } from './survey/page-shell';
import { surveyAssets } from './survey-assets';

/** Paths whose errors are answered with a page, not JSON: the survey pages. */
export const isPagePath = (path: string): boolean => path.startsWith('/f/');

/**
 * The page for an error on a page route: a survey link's problem gets its own page (what
 * happened, what to do); anything else its catalogue message (5xx: the generic one).
 */
export function renderErrorPage(
  error: AppError | undefined,
  status: number,
  assets: PageAssets = surveyAssets,
): string {
  if (error && isLinkError(error.code)) return renderLinkErrorPage(error.code, assets);
  const message = error && status < 500 ? error.message : errorCatalogue.internal.message;
  const title = status < 500 ? '无法完成操作' : '系统繁忙';
  return renderDocument({
    title,
    assets,
    script: false,
    children: (
      <main class="le" data-error-code={status < 500 && error ? error.code : 'internal'}>
        <h1>{title}</h1>
        <p>{message}</p>
        <p>请返回上一页重试；如果问题一直存在，请联系乡镇（镇卫健办或民政办）。</p>
      </main>
    ),
  });
}
