import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import { type QrMatrix, qrPlacement, qrRuns } from './qr-modules';

declare global {
  namespace PDFKit {
    interface PDFDocument {
      // @types/pdfkit 0.17 types the `font` option as a path or standard-font name, but
      // pdfkit 0.20 hands it to doc.font(), which takes a Buffer too (initFonts →
      // PDFFontFactory.open in js/pdfkit.node.mjs). This overload says so; a construct
      // signature is how @types/pdfkit declares the constructor, so merging must use one.
      // biome-ignore lint/suspicious/noMisleadingInstantiator: declaration merging with the constructor @types/pdfkit declares
      new (
        options: Omit<PDFDocumentOptions, 'font'> & { font: Mixins.PDFFontSource | fontkit.Font },
      ): PDFDocument;
    }
  }
}

/** A4 portrait in points (1/72 inch). */
export const a4 = { width: 595.28, height: 841.89 } as const;

export interface PdfOptions {
  /** TTF/OTF bytes; becomes the document's default font (embedded as a subset). */
  readonly font: Buffer;
  readonly title: string;
  /** The document's creation date. Passed in, never the clock: same input, same bytes. */
  readonly createdAt: Date;
}

// Parsing the 10 MB CJK font is most of a document's cost: each font's bytes are parsed
// once per process and the parsed font is handed to pdfkit, which takes one wherever it
// takes bytes (PDFFontFactory.open: `typeof src.layout === 'function'`). Each document
// still embeds its own subset, so output is unchanged.
// Shaping is the other big cost, and the same strings (labels, names) recur in every
// document: the parsed font's layouts are memoised. pdfkit scales the positions of a
// layout in place, so each call gets fresh copies of them; glyphs are only read.
const parsedFonts = new WeakMap<Buffer, fontkit.Font>();
const layoutCacheSize = 20_000;

interface Layout {
  glyphs: unknown[];
  positions: Record<string, number>[];
}

function withMemoisedLayout(font: fontkit.Font): fontkit.Font {
  const layouts = new Map<string, Layout>();
  const shape = (text: string): Layout => font.layout(text) as Layout;
  const memoised: fontkit.Font = Object.create(font);
  memoised.layout = (text: string, ...rest: unknown[]) => {
    if (rest.some((r) => r !== undefined)) return font.layout(text, ...rest);
    let run = layouts.get(text);
    if (!run) {
      run = shape(text);
      if (layouts.size >= layoutCacheSize) layouts.clear();
      layouts.set(text, run);
    }
    const positions = run.positions.map((p) => ({ ...p }));
    return {
      glyphs: run.glyphs,
      positions,
      get advanceWidth() {
        return positions.reduce((width, p) => width + (p.xAdvance ?? 0), 0);
      },
    };
  };
  // Embedding a subset decodes every glyph it takes (to find compound glyphs' parts):
  // each glyph is decoded once per process instead of once per document.
  const glyphs = font as unknown as { getGlyph(id: number, chars?: unknown): { _decode(): unknown } | null };
  const patched = new WeakSet<object>();
  (memoised as unknown as typeof glyphs).getGlyph = (id: number, chars?: unknown) => {
    const glyph = glyphs.getGlyph.call(memoised, id, chars);
    if (glyph && !patched.has(glyph)) {
      const decode = glyph._decode.bind(glyph);
      let decoded: { value: unknown } | undefined;
      glyph._decode = () => {
        decoded ??= { value: decode() };
        return decoded.value;
      };
      patched.add(glyph);
    }
    return glyph;
  };
  return memoised;
}

function parsedFont(bytes: Buffer): fontkit.Font {
  let font = parsedFonts.get(bytes);
  if (!font) {
    font = withMemoisedLayout(fontkit.create(bytes));
    parsedFonts.set(bytes, font);
  }
  return font;
}

/**
 * A pdfkit document with the project's defaults: A4, zero margins (every element is placed
 * explicitly, so pdfkit never starts a page on its own), no automatic first page.
 *
 * The font is the default font from construction on: otherwise pdfkit loads Helvetica's
 * metrics from a file next to its own module, which is missing once esbuild has bundled it.
 * Add pages with `addA4Page`: `addPage()` without options would re-open the default font
 * from its bytes on every page.
 */
export function openPdf(options: PdfOptions): PDFKit.PDFDocument {
  return new PDFDocument({
    font: parsedFont(options.font),
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    pdfVersion: '1.7',
    lang: 'zh-CN',
    displayTitle: true,
    // The file ID is a hash of this dictionary, so it too is reproducible.
    info: { Title: options.title, Creator: 'elder-association-survey', CreationDate: options.createdAt },
  });
}

/** Starts a new A4 portrait page without re-opening the default font. */
export function addA4Page(doc: PDFKit.PDFDocument): void {
  doc.addPage({ size: 'A4', margin: 0 });
}

/** Ends the document and resolves with its bytes. */
export function pdfBytes(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/** The largest size from `preferred` down to `min` (in half points) at which `text` fits `width`. */
export function fitSize(
  doc: PDFKit.PDFDocument,
  text: string,
  width: number,
  preferred: number,
  min: number,
): number {
  const natural = doc.fontSize(preferred).widthOfString(text);
  if (natural <= width) return preferred;
  return Math.max(min, Math.floor(((preferred * width) / natural) * 2) / 2);
}

/**
 * Fills the dark modules of a QR symbol as one path of rectangles in module units (the
 * quiet zone starts at (`x`, `y`); the symbol with it is `side` points wide), so the code
 * stays vector and sharp at any print resolution. The graphics state is restored after.
 */
export function drawQr(
  doc: PDFKit.PDFDocument,
  matrix: QrMatrix,
  box: { x: number; y: number; side: number },
  color: string,
): void {
  const at = qrPlacement(matrix, box.x, box.y, box.side);
  doc.save().translate(at.x, at.y).scale(at.module);
  for (const run of qrRuns(matrix)) doc.rect(run.col, run.row, run.length, 1);
  doc.fill(color).restore();
}
