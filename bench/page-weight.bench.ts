import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { type Bench, type BenchResult, ratio } from './harness';
import { benchTownship, startSeededStack } from './seeded-stack';

const FORM_ID = 'self-evaluation';
/** 小阜村, the village the integration tests open. */
const VILLAGE = `${benchTownship}204`;
const TARGET_BYTES = 30 * 1024;
const TARGET_LIGHTER = 14;
const ORIGIN = 'http://localhost';
/** What a current mobile browser sends. */
const BROWSER_ACCEPT_ENCODING = 'gzip, deflate, br';
const BASELINE_LABEL = 'SurveyJS runtime (survey-core + survey-js-ui + CSS)';

/** The SurveyJS files a vanilla-JS page loads (survey-js-ui has no stylesheet of its own). */
const SURVEYJS_FILES = [
  'survey-core/survey.core.min.js',
  'survey-js-ui/survey-js-ui.min.js',
  'survey-core/survey-core.min.css',
] as const;
/** Not added to the baseline: shown in the note only. */
const SURVEYJS_ZH = 'survey-core/i18n/simplified-chinese.min.js';

interface Sizes {
  raw: number;
  gzip: number;
  brotli: number;
}

const gzip9 = (b: Uint8Array) => gzipSync(b, { level: 9 }).length;
const brotli11 = (b: Uint8Array) =>
  brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const sizesOf = (b: Uint8Array): Sizes => ({ raw: b.length, gzip: gzip9(b), brotli: brotli11(b) });
const sum = (list: readonly Sizes[], k: keyof Sizes) => list.reduce((n, s) => n + s[k], 0);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

const decodeEntities = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  const value = m?.[1] ?? m?.[2] ?? m?.[3];
  return value === undefined ? undefined : decodeEntities(value);
}

interface Subresource {
  url: string;
  integrity: string | undefined;
  kind: 'script' | 'stylesheet' | 'other';
}

/**
 * Everything the HTML makes a browser fetch on first load: `<script src>`, stylesheet,
 * preload and icon `<link href>`s and non-data `<img src>`s.
 */
function subresourcesOf(html: string, pageUrl: string): Subresource[] {
  const found: Subresource[] = [];
  for (const [tag] of html.matchAll(/<script\b[^>]*>/gi)) {
    const src = attr(tag, 'src');
    if (src) found.push({ url: src, integrity: attr(tag, 'integrity'), kind: 'script' });
  }
  for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) {
    const rel = (attr(tag, 'rel') ?? '').toLowerCase();
    const href = attr(tag, 'href');
    if (!href || !/\b(stylesheet|preload|modulepreload|icon)\b/.test(rel)) continue;
    found.push({
      url: href,
      integrity: attr(tag, 'integrity'),
      kind: rel.includes('stylesheet') ? 'stylesheet' : 'other',
    });
  }
  for (const [tag] of html.matchAll(/<img\b[^>]*>/gi)) {
    const src = attr(tag, 'src');
    if (src && !src.startsWith('data:')) found.push({ url: src, integrity: undefined, kind: 'other' });
  }
  return found.map((r) => {
    const url = new URL(r.url, pageUrl);
    if (url.origin !== ORIGIN) throw new Error(`the page loads a cross-origin resource: ${url.href}`);
    return { ...r, url: `${url.pathname}${url.search}` };
  });
}

export const bench: Bench = {
  name: 'page-weight',
  async run(ctx) {
    ctx.log('measuring the SurveyJS files from node_modules');
    const nm = join(ctx.root, 'node_modules');
    const baseFiles = await Promise.all(
      SURVEYJS_FILES.map(async (f) => ({ name: f, sizes: sizesOf(await readFile(join(nm, f))) })),
    );
    const zh = sizesOf(await readFile(join(nm, SURVEYJS_ZH)));
    const { version } = JSON.parse(await readFile(join(nm, 'survey-core/package.json'), 'utf8')) as {
      version: string;
    };

    ctx.log('starting the in-memory local stack and issuing self-evaluation links for 东临溪镇');
    const s = await startSeededStack(await ctx.tmpDir(), [FORM_ID]);
    try {
      const links = s.tokens[FORM_ID] ?? [];
      const link = links.find((l) => l.orgCode === VILLAGE) ?? links[0];
      if (!link) throw new Error('no self-evaluation link was issued');
      const pagePath = `/f/${link.token}`;
      const get = async (path: string, acceptEncoding?: string) => {
        const res = await s.stack.app.request(path, {
          headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {},
        });
        return { res, body: new Uint8Array(await res.arrayBuffer()) };
      };

      ctx.log(`GET ${pagePath.slice(0, 12)}…`);
      const page = await get(pagePath);
      const type = page.res.headers.get('content-type') ?? '';
      if (page.res.status !== 200 || !type.startsWith('text/html')) {
        const text = new TextDecoder().decode(page.body).slice(0, 200);
        throw new Error(
          `GET /f/{token} answered ${page.res.status} ${type} (${text}): the survey page route is missing ` +
            'or broken in functions/http/app.ts, so there is no page to weigh',
        );
      }
      const html = new TextDecoder().decode(page.body);
      const subresources = subresourcesOf(html, `${ORIGIN}${pagePath}`);
      if (
        !subresources.some((r) => r.kind === 'script') ||
        !subresources.some((r) => r.kind === 'stylesheet')
      ) {
        ctx.log(
          `note: the page references ${subresources.length} subresource(s), not both a script and a stylesheet`,
        );
      }

      const ours: { name: string; sizes: Sizes; served: number; encoding: string }[] = [];
      const served = await get(pagePath, BROWSER_ACCEPT_ENCODING);
      ours.push({
        name: 'HTML',
        sizes: sizesOf(page.body),
        served: served.body.length,
        encoding: served.res.headers.get('content-encoding') ?? 'identity',
      });
      for (const r of subresources) {
        const plain = await get(r.url);
        if (plain.res.status !== 200) throw new Error(`GET ${r.url} answered ${plain.res.status}`);
        if (r.integrity) {
          const [algo, expected] = r.integrity.split('-', 2);
          const actual = createHash(algo ?? 'sha256')
            .update(plain.body)
            .digest('base64');
          if (actual !== expected) throw new Error(`${r.url} does not match its integrity attribute`);
        }
        const wire = await get(r.url, BROWSER_ACCEPT_ENCODING);
        ours.push({
          name: r.url,
          sizes: sizesOf(plain.body),
          served: wire.body.length,
          encoding: wire.res.headers.get('content-encoding') ?? 'identity',
        });
      }

      const oursGzip = sum(
        ours.map((o) => o.sizes),
        'gzip',
      );
      const oursBrotli = sum(
        ours.map((o) => o.sizes),
        'brotli',
      );
      const oursRaw = sum(
        ours.map((o) => o.sizes),
        'raw',
      );
      const oursServed = ours.reduce((n, o) => n + o.served, 0);
      const baseSizes = baseFiles.map((f) => f.sizes);
      const baseGzip = sum(baseSizes, 'gzip');
      const baseBrotli = sum(baseSizes, 'brotli');
      const baseRaw = sum(baseSizes, 'raw');

      const lighter = baseGzip / oursGzip;
      const underTarget = oursGzip < TARGET_BYTES;
      const lighterMet = lighter >= TARGET_LIGHTER;
      ctx.log(
        `ours ${kb(oursGzip)} gzip (target < ${kb(TARGET_BYTES)}: ${underTarget ? 'met' : 'NOT met'}); ` +
          `${lighter.toFixed(2)}× lighter than SurveyJS (target ≥ ${TARGET_LIGHTER}×: ${lighterMet ? 'met' : 'NOT met'})`,
      );

      const breakdown = (files: readonly { name: string; sizes: Sizes }[], k: keyof Sizes) =>
        files.map((f) => `${f.name} ${kb(f.sizes[k])}`).join(' + ');
      const common = { benchmark: 'page-weight', unit: 'bytes', better: 'lower' } as const;
      const results: BenchResult[] = [
        {
          ...common,
          metric: 'self-evaluation first load, HTML+CSS+JS (gzip -9)',
          value: oursGzip,
          baseline: { label: `${BASELINE_LABEL} ${version}`, value: baseGzip },
          ratio: ratio(oursGzip, baseGzip),
          note:
            `target < ${kb(TARGET_BYTES)}: ${underTarget ? 'met' : 'NOT met'} (${kb(oursGzip)}); ` +
            `target ≥ ${TARGET_LIGHTER}× lighter: ${lighterMet ? 'met' : 'NOT met'} (${lighter.toFixed(2)}× lighter: ` +
            `${oursGzip} vs ${baseGzip} bytes; ${Math.floor(baseGzip / TARGET_LIGHTER) - oursGzip} bytes of headroom ` +
            `to ${TARGET_LIGHTER}×, ${TARGET_BYTES - 1 - oursGzip} to ${kb(TARGET_BYTES)}); ` +
            `ours = GET /f/{token} (self-evaluation page of village ${link.orgCode}, status 200) + the ${subresources.length} same-origin ` +
            `file(s) its HTML references, fetched through the app and gzipped at level 9: ${breakdown(ours, 'gzip')}; ` +
            `SurveyJS = ${breakdown(baseFiles, 'gzip')}, from node_modules in the same run. ` +
            `The SurveyJS side has no form JSON, no page HTML and no zh-CN strings added ` +
            `(${SURVEYJS_ZH} would be ${kb(zh.gzip)} more gzipped); ours includes the whole rendered form`,
        },
        {
          ...common,
          metric: 'self-evaluation first load, HTML+CSS+JS (brotli q11)',
          value: oursBrotli,
          baseline: { label: `${BASELINE_LABEL} ${version}`, value: baseBrotli },
          ratio: ratio(oursBrotli, baseBrotli),
          note: `${(baseBrotli / oursBrotli).toFixed(1)}× lighter; ${breakdown(ours, 'brotli')}`,
        },
        {
          ...common,
          metric: `self-evaluation first load, as served (accept-encoding: ${BROWSER_ACCEPT_ENCODING})`,
          value: oursServed,
          baseline: { label: `${BASELINE_LABEL} ${version}, gzip -9`, value: baseGzip },
          ratio: ratio(oursServed, baseGzip),
          note:
            `bytes of the response bodies the app sends a browser: ` +
            ours.map((o) => `${o.name} ${kb(o.served)} (${o.encoding})`).join(' + '),
        },
        {
          ...common,
          metric: 'self-evaluation first load, HTML+CSS+JS (uncompressed)',
          value: oursRaw,
          baseline: { label: `${BASELINE_LABEL} ${version}`, value: baseRaw },
          ratio: ratio(oursRaw, baseRaw),
        },
      ];
      return results;
    } finally {
      await s.close();
    }
  },
};
