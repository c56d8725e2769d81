import { describe, expect, it } from 'vitest';
import { negotiateGzip } from '../../../functions/http/pages/gzip-body';
import { renderSurveyPage } from '../../../functions/http/pages/survey/survey-page';
import { surveyAssets } from '../../../functions/http/pages/survey-assets';
import { assetRoutes } from '../../../functions/http/routes/assets';
import { compileRaw, readForm } from '../forms/form-files';

/** First-load budget of a survey page (HTML + CSS + JS, gzipped), for weak rural networks. */
const budgetBytes = 30 * 1024;

/** Bytes on the wire for an asset, as the assets route serves it to a gzip-capable browser. */
async function assetBytes(url: string): Promise<number> {
  const res = await assetRoutes.request(url, { headers: { 'accept-encoding': 'gzip, deflate' } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-encoding')).toBe('gzip');
  return (await res.arrayBuffer()).byteLength;
}

describe('survey page weight', () => {
  it.each(['self-evaluation', 'baseline'])('first load of %s is under 30 KB gzipped', async (id) => {
    const form = compileRaw(readForm(id));
    const html = renderSurveyPage({
      token: 'AbCdEfGhIjKlMnOp.AbCdEfGhIjKlMnOpQrStUv',
      org: { code: '341022104204', name: '小阜村' },
      form,
      answers: {},
      idempotencyKey: '0b6c3f1e-9d55-4a61-8d0e-3c1f5b7a9e21',
      assets: surveyAssets,
    });
    const page = negotiateGzip(html, 'gzip');
    expect(page.encoding).toBe('gzip');
    const htmlBytes = typeof page.body === 'string' ? Buffer.byteLength(page.body) : page.body.byteLength;
    const jsBytes = await assetBytes(surveyAssets.scriptUrl);
    const cssBytes = await assetBytes(surveyAssets.styleUrl);
    const total = htmlBytes + jsBytes + cssBytes;
    console.log(
      `[page weight] ${id}: html ${htmlBytes} B + js ${jsBytes} B + css ${cssBytes} B = ${total} B gzipped ` +
        `(${(total / 1024).toFixed(1)} KB of ${budgetBytes / 1024} KB)`,
    );
    expect(total).toBeLessThan(budgetBytes);
  });
});
