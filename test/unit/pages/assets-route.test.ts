import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { nojsCss } from '../../../functions/http/pages/client/assets.generated';
import { surveyAssets } from '../../../functions/http/pages/survey-assets';
import { assetRoutes } from '../../../functions/http/routes/assets';

const get = (url: string, encoding?: string) =>
  assetRoutes.request(url, { headers: encoding ? { 'accept-encoding': encoding } : {} });

describe('the favicon and the no-JS stylesheet', () => {
  it('serves /favicon.ico (no 404 in any page’s console): a small SVG, cached for a year', async () => {
    const res = await get('/favicon.ico');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const svg = await res.text();
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 32 32">.*<\/svg>$/);
    expect(svg.length).toBeLessThan(300);
    const zipped = await get('/favicon.ico', 'gzip');
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString()).toBe(svg);
  });

  it('serves the <noscript> stylesheet under its hashed name', async () => {
    const url = surveyAssets.noscriptStyle?.url ?? '';
    expect(url).toMatch(/^\/assets\/nojs-[\w-]{16}\.css$/);
    const res = await get(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await res.text()).toBe(nojsCss);
  });

  it('undoes the paged layout: every section and the no-JS parts shown, script-only controls hidden', () => {
    expect(nojsCss).toContain('.paged .sec:not(.cur),.nojs{display:block}');
    expect(nojsCss).toContain('.js{display:none}');
    expect(nojsCss).toContain('.paged .submit{display:block!important}');
  });
});
