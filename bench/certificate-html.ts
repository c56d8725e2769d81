import { chinaDateText } from '../shared/lib/china-time';
import type { CertificateContent } from '../shared/printables/certificate-pdf';
import { qrMatrix, qrQuietZone, qrRuns } from '../shared/printables/qr-modules';

/**
 * The certificate of `renderCertificatePdf` as one HTML page, for the baseline of the
 * certificate bench (Chromium's `page.pdf()`): A4 landscape, the same texts at the same
 * places and sizes (points), the system CJK font, the QR code of the verify URL as an
 * inline SVG. Layout only as close as the comparison needs; no script, no external files.
 */
export function certificateHtml(content: CertificateContent): string {
  const esc = (text: string) =>
    text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const matrix = qrMatrix(content.verifyUrl);
  const modules = matrix.size + 2 * qrQuietZone;
  const qrPath = qrRuns(matrix)
    .map((r) => `M${r.col + qrQuietZone} ${r.row + qrQuietZone}h${r.length}v1h-${r.length}z`)
    .join('');
  const width = 841.89;
  const height = 595.28;
  const line = (text: string, top: number, size: number, cls = '') =>
    `<p class="c ${cls}" style="top:${top}pt;font-size:${size}pt">${esc(text)}</p>`;
  const facts: [string, string][] = [
    ['村（居）', content.village],
    ['乡镇', content.township],
    ['评定等级', content.grade],
    ['验收日期', chinaDateText(content.acceptedOn)],
    ['证书编号', content.number],
  ];
  const qrX = width - 80 - 112;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>达标证书 ${esc(content.number)}</title>
<style>
@page { size: A4 landscape; margin: 0 }
html, body { margin: 0; padding: 0 }
body { width: ${width}pt; height: ${height}pt; position: relative; overflow: hidden; color: #111;
  font-family: "Noto Sans CJK SC", "Noto Sans SC", sans-serif }
.frame { position: absolute; box-sizing: border-box; border: solid #b91c1c }
p { position: absolute; margin: 0; white-space: nowrap; line-height: 1.2 }
.c { left: 80pt; width: ${width - 160}pt; text-align: center }
.muted { color: #555 } .red { color: #b91c1c }
.label { left: 150pt; width: 90pt; text-align: right; font-size: 12pt; color: #555 }
.value { left: 244pt; width: 300pt; font-size: 12pt }
svg { position: absolute; left: ${qrX}pt; top: 318pt; width: 112pt; height: 112pt }
</style></head><body>
<div class="frame" style="left:21pt;top:21pt;width:${width - 42}pt;height:${height - 42}pt;border-width:6pt"></div>
<div class="frame" style="left:35.4pt;top:35.4pt;width:${width - 70.8}pt;height:${height - 70.8}pt;border-width:1.2pt"></div>
${line('城乡社区老年协会规范化建设', 70, 18, 'muted')}
${line('达 标 证 书', 100, 44, 'red')}
${line(content.association, 190, 26)}
${line('经评估验收，达到城乡社区老年协会规范化建设标准，', 250, 15)}
${line(`评定等级为“${content.grade}”。特发此证。`, 276, 15)}
${facts
  .map(
    ([label, value], i) =>
      `<p class="label" style="top:${325 + i * 22}pt">${esc(label)}：</p><p class="value" style="top:${325 + i * 22}pt">${esc(value)}</p>`,
  )
  .join('\n')}
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${modules} ${modules}" shape-rendering="crispEdges"><path fill="#111" d="${qrPath}"/></svg>
<p class="muted" style="left:${qrX - 20}pt;top:434pt;width:152pt;text-align:center;font-size:9pt">扫码查验证书真伪与状态</p>
<p style="left:${width - 360}pt;top:470pt;width:260pt;text-align:center;font-size:15pt">${esc(content.issuer)}</p>
<p style="left:${width - 360}pt;top:494pt;width:260pt;text-align:center;font-size:12pt">${esc(chinaDateText(content.issuedAt))}</p>
${line(`本证书版式为示例，可按省、市规定调整。证书状态以查验页面为准：${content.verifyUrl}`, height - 62, 8, 'muted')}
</body></html>`;
}
