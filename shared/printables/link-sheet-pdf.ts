import { chinaDateText, chinaDateTimeText } from '../lib/china-time';
import { breakUrl, urlPieces } from './break-url';
import type { LinkSheetHeader, LinkSheetRow } from './link-sheet';
import { cardBox, cardParts, cardsPerPage, sheetFrame, sheetPageCount } from './link-sheet-layout';
import { a4, addA4Page, drawQr, fitSize, openPdf, pdfBytes } from './pdf-document';
import { qrMatrix } from './qr-modules';

const ink = '#000000';
const muted = '#555555';
const rule = '#b4b4b4';

/** The sheet's title, e.g. 东临溪镇 · 城乡社区老年协会规范化建设自评表 填报链接. */
export function linkSheetTitle(header: LinkSheetHeader): string {
  return `${header.townshipName} · ${header.formTitle} 填报链接`;
}

export const linkSheetHint = '请用微信扫码或复制链接填报；链接仅限本村（居）使用，请勿转发';

/**
 * The printable link sheet of one township: A4 portrait, a card per village (name, QR code
 * of its link, the link as text, 有效期至; in the PDF the QR code and the text are links to
 * open), 8 cards a page, the title and issue date on every page (pages get handed out
 * separately), a hint and 第 n / N 页 in the footer. The link is broken into lines only
 * where `breakUrl` allows, in a font small enough that no piece of it is cut.
 *
 * `font` (a CJK TTF such as Noto Sans SC, see `loadCjkFont`) is embedded as a subset of the
 * glyphs used. Pure: the same arguments give the same bytes (the PDF's creation date is
 * `issuedAt`). No rows gives a one-page sheet saying 无村（居）.
 */
export async function renderLinkSheetPdf(
  header: LinkSheetHeader,
  rows: readonly LinkSheetRow[],
  font: Buffer,
): Promise<Buffer> {
  const title = linkSheetTitle(header);
  const doc = openPdf({ font, title, createdAt: header.issuedAt });
  const pages = sheetPageCount(rows.length);
  for (let page = 0; page < pages; page++) {
    addA4Page(doc);
    drawFrame(doc, header, title, rows.length, `第 ${page + 1} / ${pages} 页`);
    const onPage = rows.slice(page * cardsPerPage, (page + 1) * cardsPerPage);
    onPage.forEach((row, i) => {
      drawCard(doc, row, i);
    });
    if (rows.length === 0) {
      doc.fillColor(muted).fontSize(14);
      doc.text('无村（居）', sheetFrame.left, a4.height / 2 - 40, {
        width: sheetFrame.width,
        align: 'center',
        lineBreak: false,
      });
    }
  }
  return pdfBytes(doc);
}

function drawFrame(
  doc: PDFKit.PDFDocument,
  header: LinkSheetHeader,
  title: string,
  count: number,
  pageNo: string,
) {
  const { left, width } = sheetFrame;
  doc.fillColor(ink).fontSize(fitSize(doc, title, width, 16, 9));
  doc.text(title, left, sheetFrame.titleY, { width, align: 'center', lineBreak: false });
  const subtitle = `签发日期：${chinaDateText(header.issuedAt)}　乡镇代码：${header.townshipCode}　共 ${count} 个村（居）`;
  doc.fillColor(muted).fontSize(9);
  doc.text(subtitle, left, sheetFrame.subtitleY, { width, align: 'center', lineBreak: false });
  doc.strokeColor(rule).lineWidth(0.75);
  doc
    .moveTo(left, sheetFrame.headerRuleY)
    .lineTo(left + width, sheetFrame.headerRuleY)
    .stroke();
  doc
    .moveTo(left, sheetFrame.footerRuleY)
    .lineTo(left + width, sheetFrame.footerRuleY)
    .stroke();
  doc.fillColor(ink).fontSize(fitSize(doc, linkSheetHint, width, 9, 6));
  doc.text(linkSheetHint, left, sheetFrame.hintY, { width, align: 'center', lineBreak: false });
  doc.fillColor(muted).fontSize(8.5);
  doc.text(pageNo, left, sheetFrame.pageNumberY, { width, align: 'center', lineBreak: false });
}

function drawCard(doc: PDFKit.PDFDocument, row: LinkSheetRow, index: number) {
  const card = cardBox(index);
  const parts = cardParts(card);
  doc.strokeColor(rule).lineWidth(0.75).roundedRect(card.x, card.y, card.width, card.height, 6).stroke();

  doc.fillColor(ink).fontSize(fitSize(doc, row.orgName, parts.name.width, 13, 8));
  doc.text(row.orgName, parts.name.x, parts.name.y, { lineBreak: false });

  drawQr(doc, qrMatrix(row.url), parts.qr, ink);

  const { x, width } = parts.text;
  let y = parts.text.y;
  const line = (text: string, size: number, color: string, after = 2) => {
    doc.fillColor(color).fontSize(size);
    doc.text(text, x, y, { lineBreak: false });
    y += doc.currentLineHeight() + after;
  };
  line(`代码 ${row.orgCode}`, 8, muted, 5);
  line('有效期至', 8, muted);
  line(chinaDateTimeText(row.expiresAt), 9, ink, 7);
  line('填报链接', 8, muted);
  doc.fontSize(7.5);
  const widestPiece = urlPieces(row.url).reduce(
    (a, b) => (doc.widthOfString(b) > doc.widthOfString(a) ? b : a),
    '',
  );
  const size = fitSize(doc, widestPiece, width, 7.5, 5);
  doc.fontSize(size);
  const lines = breakUrl(row.url, width, (s) => doc.widthOfString(s));
  const top = y;
  const widest = Math.max(...lines.map((l) => doc.widthOfString(l)));
  for (const part of lines) line(part, size, ink, 0);

  // Tapping the printed link or the QR code in the PDF (opened on a phone or sent in
  // WeChat) opens the survey: one URI link annotation over each.
  doc.link(x, top, widest, y - top, row.url);
  doc.link(parts.qr.x, parts.qr.y, parts.qr.side, parts.qr.side, row.url);
}
