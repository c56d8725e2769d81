import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCjkFont } from '../../../shared/printables/font-file';
import { cardBox, cardParts, cardsPerPage } from '../../../shared/printables/link-sheet-layout';
import { linkSheetHint, linkSheetTitle, renderLinkSheetPdf } from '../../../shared/printables/link-sheet-pdf';
import { a4 } from '../../../shared/printables/pdf-document';
import { qrMatrix, qrQuietZone } from '../../../shared/printables/qr-modules';
import {
  parsePgm,
  poppler,
  popplerBytes,
  popplerInstalled,
  runPopplerTests,
  squash,
} from '../../support/poppler';
import { dongLinxiHeader, dongLinxiRows, legacyLinkId, legacyVillage } from './dong-linxi-links';

/**
 * The link annotations of a PDF in file order, with the URI each opens and its rectangle
 * in top-left page coordinates (as the layout and pdftotext -x/-y use). pdfkit writes
 * annotation and action dictionaries uncompressed, one object each.
 */
function linkAnnotations(bytes: Buffer): { uri: string; rect: number[] }[] {
  const objects = new Map<string, string>();
  for (const chunk of bytes.toString('latin1').split('endobj')) {
    // Objects with a stream end in `endstream`, not `>>`: they are left out.
    const m = /(\d+) 0 obj\s*<<([\s\S]*)>>\s*$/.exec(chunk);
    if (m) objects.set(m[1] ?? '', m[2] ?? '');
  }
  return [...objects.values()]
    .filter((body) => /\/Subtype \/Link\b/.test(body))
    .map((body) => {
      const action = objects.get(/\/A (\d+) 0 R/.exec(body)?.[1] ?? '') ?? '';
      const [x1 = 0, y1 = 0, x2 = 0, y2 = 0] = (/\/Rect \[([^\]]*)\]/.exec(body)?.[1] ?? '')
        .split(' ')
        .map(Number);
      expect(action).toMatch(/\/S \/URI\b/);
      return {
        uri: /\/URI \(([^)]*)\)/.exec(action)?.[1] ?? '',
        rect: [x1, a4.height - y2, x2, a4.height - y1],
      };
    });
}

const dir = mkdtempSync(join(tmpdir(), 'link-sheet-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let pdf: Buffer;
let file: string;
let font: Buffer;
beforeAll(async () => {
  font = await loadCjkFont();
  pdf = await renderLinkSheetPdf(dongLinxiHeader, dongLinxiRows, font);
  file = join(dir, 'dong-linxi.pdf');
  writeFileSync(file, pdf);
});

describe('renderLinkSheetPdf without a PDF reader', () => {
  it('is a PDF, under 200 KB for 12 villages, byte-identical for the same input', async () => {
    expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');
    expect(pdf.length).toBeLessThan(200 * 1024);
    const again = await renderLinkSheetPdf(dongLinxiHeader, dongLinxiRows, font);
    expect(again.equals(pdf)).toBe(true);
    const later = await renderLinkSheetPdf(
      { ...dongLinxiHeader, issuedAt: new Date('2024-01-02T00:00:00Z') },
      dongLinxiRows,
      font,
    );
    expect(later.equals(pdf)).toBe(false);
  });
});

describe.skipIf(!runPopplerTests)('renderLinkSheetPdf read back with poppler-utils', () => {
  it('has poppler-utils to read with (CI must not skip these)', () => {
    expect(popplerInstalled, 'apt-get install poppler-utils').toBe(true);
  });

  it('has 2 A4 pages, the title and the issue date as metadata', () => {
    const info = poppler('pdfinfo', ['-isodates', file]);
    expect(info).toMatch(/^Pages:\s+2$/m);
    expect(info).toMatch(/^Page size:\s+595\.28 x 841\.89 pts \(A4\)$/m);
    expect(info).toContain(`Title:           ${linkSheetTitle(dongLinxiHeader)}`);
    expect(info).toMatch(/^CreationDate:\s+2023-10-08T01:30:00Z$/m);
  });

  it('embeds one font, a subset of Noto Sans SC (no standard font)', () => {
    const fonts = poppler('pdffonts', [file]).trim().split('\n').slice(2);
    expect(fonts).toHaveLength(1);
    expect(fonts[0]).toMatch(/^[A-Z]{6}\+NotoSansSC-Regular\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes\s/);
  });

  it('shows the title, issue date, every village, the hint and 第 n / N 页 on each page', () => {
    const pages = [1, 2].map((p) =>
      squash(poppler('pdftotext', ['-layout', '-f', `${p}`, '-l', `${p}`, file, '-'])),
    );
    expect(squash('东临溪镇 · 城乡社区老年协会规范化建设自评表 填报链接')).toBe(
      squash(linkSheetTitle(dongLinxiHeader)),
    );
    pages.forEach((text, i) => {
      expect(text).toContain(squash(linkSheetTitle(dongLinxiHeader)));
      expect(text).toContain('签发日期：2023年10月8日');
      expect(text).toContain('共12个村（居）');
      expect(text).toContain(squash(linkSheetHint));
      expect(text).toContain(`第${i + 1}/2页`);
    });
    dongLinxiRows.forEach((row, i) => {
      expect(pages[Math.floor(i / cardsPerPage)]).toContain(row.orgName);
    });
  });

  it("prints each village's name, code, link and expiry (China time) on its own card", () => {
    dongLinxiRows.forEach((row, i) => {
      const box = cardBox(i);
      const page = `${Math.floor(i / cardsPerPage) + 1}`;
      const crop = ['-x', box.x, '-y', box.y, '-W', box.width, '-H', box.height].map((v) =>
        typeof v === 'number' ? `${Math.round(v)}` : v,
      );
      const text = squash(poppler('pdftotext', ['-layout', '-f', page, '-l', page, ...crop, file, '-']));
      expect(text).toContain(row.orgName);
      expect(text).toContain(`代码${row.orgCode}`);
      expect(text).toContain(row.url);
      expect(text).toContain('有效期至2023年12月31日23:59');
    });
  });

  it('makes the QR code and the printed link of each card a clickable link to its URL', () => {
    // pdfinfo -url (poppler >= 21) lists every URI a page's annotations open.
    const listed = poppler('pdfinfo', ['-url', file])
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/));
    const expected = dongLinxiRows.flatMap((row, i) => {
      const page = `${Math.floor(i / cardsPerPage) + 1}`;
      return [
        [page, 'Annotation', row.url],
        [page, 'Annotation', row.url],
      ];
    });
    expect(listed).toEqual(expected);

    const annotations = linkAnnotations(pdf);
    expect(annotations).toHaveLength(2 * dongLinxiRows.length);
    dongLinxiRows.forEach((row, i) => {
      const [overText, overQr] = annotations.slice(2 * i, 2 * i + 2);
      const { qr, text } = cardParts(cardBox(i));
      expect(overQr?.uri).toBe(row.url);
      expect(overQr?.rect.map((v) => v.toFixed(2))).toEqual(
        [qr.x, qr.y, qr.x + qr.side, qr.y + qr.side].map((v) => v.toFixed(2)),
      );
      // The other covers the link as printed, inside the card's text column: the text
      // under it is exactly the URL (and nothing else of the card).
      expect(overText?.uri).toBe(row.url);
      const [x1 = 0, y1 = 0, x2 = 0, y2 = 0] = overText?.rect ?? [];
      expect(x1).toBeCloseTo(text.x, 2);
      expect(x2).toBeLessThanOrEqual(text.x + text.width + 0.01);
      expect(y2).toBeLessThanOrEqual(text.y + text.height);
      const page = `${Math.floor(i / cardsPerPage) + 1}`;
      // pdftotext takes whole points: shrink the box a little so no neighbour line creeps in.
      const crop = ['-x', x1, '-y', y1 + 1, '-W', x2 - x1 + 1, '-H', y2 - y1 - 2].map((v) =>
        typeof v === 'number' ? `${Math.round(v)}` : v,
      );
      const under = poppler('pdftotext', ['-f', page, '-l', page, ...crop, file, '-']);
      expect(squash(under), row.orgName).toBe(row.url);
    });
  });

  it('breaks each printed link only after / or before the . of the mac, legacy tokens too', () => {
    const legacy = dongLinxiRows.find((row) => row.orgCode === legacyVillage);
    expect(legacy?.url).toContain(`/f/${legacyLinkId}.`);
    dongLinxiRows.forEach((row, i) => {
      const box = cardBox(i);
      const page = `${Math.floor(i / cardsPerPage) + 1}`;
      const crop = ['-x', box.x, '-y', box.y, '-W', box.width, '-H', box.height].map((v) =>
        typeof v === 'number' ? `${Math.round(v)}` : v,
      );
      const lines = poppler('pdftotext', ['-layout', '-f', page, '-l', page, ...crop, file, '-'])
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => row.url.includes(l) && l.length > 0 && /^(https:|[0-9a-zA-Z.])/.test(l));
      const [id, mac] = (row.url.split('/f/')[1] ?? '').split('.');
      expect(lines, row.orgName).toEqual(['https://example.org/f/', id, `.${mac}`]);
    });
  });

  it('draws the QR code of each link: every module as rendered matches qrcode.create', () => {
    const scale = 4; // 288 dpi: a module is about 11 px
    const pages = [1, 2].map((p) =>
      parsePgm(
        popplerBytes('pdftoppm', [
          '-gray',
          '-r',
          `${72 * scale}`,
          '-f',
          `${p}`,
          '-l',
          `${p}`,
          '-singlefile',
          file,
        ]),
      ),
    );
    dongLinxiRows.forEach((row, i) => {
      const image = pages[Math.floor(i / cardsPerPage)];
      if (!image) throw new Error('page missing');
      const { qr } = cardParts(cardBox(i));
      const matrix = qrMatrix(row.url);
      const module = qr.side / (matrix.size + 2 * qrQuietZone);
      const isDark = (r: number, c: number) => {
        const px = Math.floor((qr.x + (c + qrQuietZone + 0.5) * module) * scale);
        const py = Math.floor((qr.y + (r + qrQuietZone + 0.5) * module) * scale);
        return (image.pixels[py * image.width + px] ?? 255) < 128;
      };
      const drawn: number[] = [];
      const expected: number[] = [];
      for (let r = -1; r <= matrix.size; r++) {
        for (let c = -1; c <= matrix.size; c++) {
          const inside = r >= 0 && c >= 0 && r < matrix.size && c < matrix.size;
          expected.push(inside ? (matrix.dark[r * matrix.size + c] ?? 0) : 0);
          drawn.push(isDark(r, c) ? 1 : 0);
        }
      }
      expect(drawn, row.orgName).toEqual(expected);
    });
  });

  it('renders no villages as one valid page saying 无村（居）', async () => {
    const empty = join(dir, 'empty.pdf');
    writeFileSync(empty, await renderLinkSheetPdf(dongLinxiHeader, [], font));
    expect(poppler('pdfinfo', [empty])).toMatch(/^Pages:\s+1$/m);
    const text = squash(poppler('pdftotext', ['-layout', empty, '-']));
    expect(text).toContain('无村（居）');
    expect(text).toContain('共0个村（居）');
    expect(text).toContain('第1/1页');
  });
});
