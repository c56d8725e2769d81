import {
  consoleCss,
  consoleCssHash,
  consoleJs,
  consoleJsHash,
  css,
  cssHash,
  js,
  jsHash,
  nojsCss,
  nojsCssHash,
  verifyCss,
  verifyCssHash,
} from './client/assets.generated';
import type { PageAssets, StyleAsset } from './survey/page-shell';

/** A short URL-safe tag of a base64 sha256, for cache-busting file names. */
const tagOf = (hash: string): string =>
  hash.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '').slice(0, 16);

/** The files `GET /assets/{name}` serves: content-hashed names, so they can be cached forever. */
export const assetFiles: ReadonlyMap<string, { body: string; type: string }> = new Map([
  [`survey-${tagOf(jsHash)}.js`, { body: js, type: 'text/javascript; charset=utf-8' }],
  [`survey-${tagOf(cssHash)}.css`, { body: css, type: 'text/css; charset=utf-8' }],
  [`console-${tagOf(consoleJsHash)}.js`, { body: consoleJs, type: 'text/javascript; charset=utf-8' }],
  [`console-${tagOf(consoleCssHash)}.css`, { body: consoleCss, type: 'text/css; charset=utf-8' }],
  [`verify-${tagOf(verifyCssHash)}.css`, { body: verifyCss, type: 'text/css; charset=utf-8' }],
  [`nojs-${tagOf(nojsCssHash)}.css`, { body: nojsCss, type: 'text/css; charset=utf-8' }],
]);

/** Links of the current survey assets, for `renderSurveyPage` and `renderLinkErrorPage`. */
export const surveyAssets: PageAssets = {
  scriptUrl: `/assets/survey-${tagOf(jsHash)}.js`,
  styleUrl: `/assets/survey-${tagOf(cssHash)}.css`,
  scriptIntegrity: `sha256-${jsHash}`,
  styleIntegrity: `sha256-${cssHash}`,
  noscriptStyle: { url: `/assets/nojs-${tagOf(nojsCssHash)}.css`, integrity: `sha256-${nojsCssHash}` },
};

/** Links of the staff console's assets. */
export const consoleAssets: PageAssets = {
  scriptUrl: `/assets/console-${tagOf(consoleJsHash)}.js`,
  styleUrl: `/assets/console-${tagOf(consoleCssHash)}.css`,
  scriptIntegrity: `sha256-${consoleJsHash}`,
  styleIntegrity: `sha256-${consoleCssHash}`,
};

/** The verify page's stylesheet (the page has no script). */
export const verifyAssets: StyleAsset = {
  styleUrl: `/assets/verify-${tagOf(verifyCssHash)}.css`,
  styleIntegrity: `sha256-${verifyCssHash}`,
};
