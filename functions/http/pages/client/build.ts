import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { minify as terser } from 'terser';
import { attachmentTypes } from '../../../../shared/forms/field-schema';

/**
 * Builds the survey page's script and stylesheet with esbuild and writes them into
 * `assets.generated.ts`, so neither the local server nor the Lambda needs esbuild at
 * run time. Run `npm run build:client` after changing the client, the CSS or the
 * shared form modules it bundles; a unit test fails while the file is stale.
 */

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/** Where the generated module is written. */
export const generatedPath = here('./assets.generated.ts');

/**
 * Old Android WebViews (WeChat's included) still in use: syntax newer than this is
 * lowered by esbuild; the few newer library calls the shared modules make are
 * polyfilled by the banner.
 */
const targets = ['es2019', 'chrome66', 'firefox68', 'safari14.1'];

// Library calls newer than the targets, made by the shared modules and zod:
// `Object.hasOwn` (Chrome 93), `Array.prototype.flatMap` (Chrome 69), `globalThis` (Chrome 71).
const polyfills = `(function(g){g.globalThis=g;var O=Object,A=Array.prototype;
O.hasOwn||(O.hasOwn=function(o,k){return O.prototype.hasOwnProperty.call(o,k)});
A.flatMap||(A.flatMap=function(f,t){return A.concat.apply([],this.map(f,t))})})(typeof globalThis!="undefined"?globalThis:self);`;

/** The built assets: contents and their sha256 (base64) for SRI and cache-busting names. */
export interface ClientAssets {
  js: string;
  css: string;
  jsHash: string;
  cssHash: string;
  /** The staff console's script and stylesheet. */
  consoleJs: string;
  consoleCss: string;
  consoleJsHash: string;
  consoleCssHash: string;
  /** The verify page's stylesheet (no script: the page works without one). */
  verifyCss: string;
  verifyCssHash: string;
  /** The survey page's `<noscript>` stylesheet: its layout without the script. */
  nojsCss: string;
  nojsCssHash: string;
}

/**
 * Keeps what the page never runs out of its script: `field-schema.ts` is the zod
 * meta-schema of form files (the page needs only its list of attachment types, taken
 * from the real module here), and `validation.ts` loads zod's zh-CN locale (see
 * `browser-validation.ts`). Everything else is bundled from the same shared modules
 * the server runs.
 */
const browserSwaps: esbuild.Plugin = {
  name: 'browser-swaps',
  setup(build) {
    build.onLoad({ filter: /[\\/]shared[\\/]forms[\\/]field-schema\.ts$/ }, () => ({
      contents: `export const attachmentTypes = ${JSON.stringify(attachmentTypes)};`,
      loader: 'js',
    }));
    build.onResolve({ filter: /[\\/]validation$/ }, (args) =>
      args.importer.endsWith('answers.ts') ? { path: here('./browser-validation.ts') } : undefined,
    );
  },
};

/**
 * The scripts pass through terser after esbuild: its two compress passes and mangler
 * take about 1.3 KB (5–6 %) more off the survey script's gzipped size than esbuild's
 * minifier alone. Output stays ES2019 (the targets above); names are not kept.
 */
async function squeeze(code: string): Promise<string> {
  const out = await terser(code, {
    ecma: 2019,
    compress: { passes: 2 },
    mangle: true,
    format: { comments: false, ascii_only: false },
  });
  if (out.code === undefined) throw new Error('terser produced nothing');
  return out.code;
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('base64');

async function bundle(entry: string, options: esbuild.BuildOptions): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    write: false,
    target: targets,
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'silent',
    ...options,
  });
  const [file] = result.outputFiles ?? [];
  if (!file) throw new Error(`esbuild produced nothing for ${entry}`);
  return file.text;
}

/** Bundles and minifies the client script and stylesheet in memory. */
export async function buildClientAssets(): Promise<ClientAssets> {
  const js = await squeeze(
    await bundle(here('./main.ts'), {
      format: 'iife',
      platform: 'browser',
      banner: { js: polyfills },
      plugins: [browserSwaps],
      define: { 'process.env.NODE_ENV': '"production"' },
    }),
  );
  const css = await bundle(here('../survey.css'), { loader: { '.css': 'css' } });
  const consoleJs = await squeeze(
    await bundle(here('./console-main.ts'), { format: 'iife', platform: 'browser' }),
  );
  const consoleCss = await bundle(here('../console.css'), { loader: { '.css': 'css' } });
  const verifyCss = await bundle(here('../verify.css'), { loader: { '.css': 'css' } });
  const nojsCss = await bundle(here('../nojs.css'), { loader: { '.css': 'css' } });
  return {
    js,
    css,
    jsHash: sha256(js),
    cssHash: sha256(css),
    consoleJs,
    consoleCss,
    consoleJsHash: sha256(consoleJs),
    consoleCssHash: sha256(consoleCss),
    verifyCss,
    verifyCssHash: sha256(verifyCss),
    nojsCss,
    nojsCssHash: sha256(nojsCss),
  };
}

/** The generated module's source (contents base64-encoded: no quoting issues), formatted as Biome would. */
export function generatedSource(assets: ClientAssets): string {
  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  return [
    '// Generated by functions/http/pages/client/build.ts: do not edit. Regenerate with `npm run build:client`.',
    "const decode = (text: string): string => Buffer.from(text, 'base64').toString('utf8');",
    '',
    '/** The survey page script (minified IIFE). */',
    'export const js = decode(',
    `  '${b64(assets.js)}',`,
    ');',
    '/** The survey page stylesheet (minified). */',
    'export const css = decode(',
    `  '${b64(assets.css)}',`,
    ');',
    '/** sha256 of `js`, base64. */',
    `export const jsHash = '${assets.jsHash}';`,
    '/** sha256 of `css`, base64. */',
    `export const cssHash = '${assets.cssHash}';`,
    '/** The staff console script (minified IIFE). */',
    'export const consoleJs = decode(',
    `  '${b64(assets.consoleJs)}',`,
    ');',
    '/** The staff console stylesheet (minified). */',
    'export const consoleCss = decode(',
    `  '${b64(assets.consoleCss)}',`,
    ');',
    `export const consoleJsHash = '${assets.consoleJsHash}';`,
    `export const consoleCssHash = '${assets.consoleCssHash}';`,
    '/** The verify page stylesheet (minified). */',
    'export const verifyCss = decode(',
    `  '${b64(assets.verifyCss)}',`,
    ');',
    `export const verifyCssHash = '${assets.verifyCssHash}';`,
    '/** The survey page stylesheet without JavaScript (linked in `<noscript>`). */',
    'export const nojsCss = decode(',
    `  '${b64(assets.nojsCss)}',`,
    ');',
    `export const nojsCssHash = '${assets.nojsCssHash}';`,
    '',
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const assets = await buildClientAssets();
  await writeFile(generatedPath, generatedSource(assets));
  const { gzipSync } = await import('node:zlib');
  const gz = (text: string) => gzipSync(text, { level: 9 }).length;
  console.log(
    `wrote ${generatedPath}\n  js  ${Buffer.byteLength(assets.js)} B (${gz(assets.js)} B gzipped)\n  css ${Buffer.byteLength(assets.css)} B (${gz(assets.css)} B gzipped)`,
  );
}
