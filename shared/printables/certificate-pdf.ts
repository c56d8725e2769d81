import { chinaDateText } from '../lib/china-time';
import { a4, drawQr, fitSize, openPdf, pdfBytes } from './pdf-document';
import { qrMatrix } from './qr-modules';

/** What a certificate shows (no personal data: no leaders' names, no phone numbers). */
export interface CertificateContent {
  number: string;
  association: string;
  village: string;
  township: string;
  county: string;
  /** 达标 or 优秀 */
  grade: string;
  /** The acceptance date, `YYYY-MM-DD`. */
  acceptedOn: string;
  /** The issuing body, e.g. 东临溪镇人民政府. */
  issuer: string;
  /** When it was issued (the PDF's creation date: same content, same bytes). */
  issuedAt: Date;
  /** The public verify page, encoded in the QR code. */
  verifyUrl: string;
}

/** A4 landscape in points. */
const page = { width: a4.height, height: a4.width } as const;
const red = '#b91c1c';
const ink = '#111111';
const muted = '#555555';

const dateText = (iso: string) => chinaDateText(`${iso}T12:00:00+08:00`);

/**
 * The 达标证书 as a one-page A4 landscape PDF: a double red frame, the title, the
 * association's standard name, village and township, grade and acceptance date, the
 * issuing body and date, the number, and a QR code of the verify page, with a note that the
 * layout is a sample. The CJK font is embedded as a subset of the glyphs used.
 */
export async function renderCertificatePdf(content: CertificateContent, font: Buffer): Promise<Buffer> {
  const doc = openPdf({ font, title: `达标证书 ${content.number}`, createdAt: content.issuedAt });
  doc.addPage({ size: 'A4', layout: 'landscape', margin: 0 });
  const { width, height } = page;

  doc
    .lineWidth(6)
    .strokeColor(red)
    .rect(24, 24, width - 48, height - 48)
    .stroke();
  doc
    .lineWidth(1.2)
    .rect(36, 36, width - 72, height - 72)
    .stroke();

  // Every line is placed by its measured width, so pdfkit's line wrapper never runs (one
  // line each; `fitSize` already shrank what would not fit).
  const put = (text: string, x: number, y: number, box: number, align: 'left' | 'center' | 'right') => {
    const w = doc.widthOfString(text);
    const left = align === 'left' ? x : align === 'right' ? x + box - w : x + (box - w) / 2;
    doc.text(text, left, y, { lineBreak: false });
  };
  const inner = { x: 80, width: width - 160 };
  const centered = (text: string, y: number, size: number, color = ink) => {
    doc.fillColor(color).fontSize(fitSize(doc, text, inner.width, size, size / 2));
    put(text, inner.x, y, inner.width, 'center');
  };

  centered('城乡社区老年协会规范化建设', 70, 18, muted);
  centered('达 标 证 书', 100, 44, red);
  centered(content.association, 190, 26);
  centered('经评估验收，达到城乡社区老年协会规范化建设标准，', 250, 15);
  centered(`评定等级为“${content.grade}”。特发此证。`, 276, 15);

  const facts: [string, string][] = [
    ['村（居）', content.village],
    ['乡镇', content.township],
    ['评定等级', content.grade],
    ['验收日期', dateText(content.acceptedOn)],
    ['证书编号', content.number],
  ];
  doc.fontSize(12);
  facts.forEach(([label, value], i) => {
    const y = 325 + i * 22;
    doc.fillColor(muted);
    put(`${label}：`, 150, y, 90, 'right');
    doc.fillColor(ink);
    put(value, 244, y, 300, 'left');
  });

  // The QR code of the verify page, bottom right, with its caption.
  const side = 112;
  const qrX = width - 80 - side;
  const qrY = 318;
  drawQr(doc, qrMatrix(content.verifyUrl), { x: qrX, y: qrY, side }, ink);
  doc.fillColor(muted).fontSize(9);
  put('扫码查验证书真伪与状态', qrX - 20, qrY + side + 4, side + 40, 'center');

  doc.fillColor(ink).fontSize(15);
  put(content.issuer, width - 360, 470, 260, 'center');
  doc.fontSize(12);
  put(chinaDateText(content.issuedAt), width - 360, 494, 260, 'center');

  doc.fillColor(muted).fontSize(8);
  put(
    `本证书版式为示例，可按省、市规定调整。证书状态以查验页面为准：${content.verifyUrl}`,
    inner.x,
    height - 62,
    inner.width,
    'center',
  );
  return pdfBytes(doc);
}
