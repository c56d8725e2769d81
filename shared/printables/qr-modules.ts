import { create } from 'qrcode';

/**
 * QR codes as vector geometry. The matrix comes from `qrcode`; it is drawn as filled
 * rectangles (no raster image), so the code stays sharp at any print resolution and adds
 * only a few hundred bytes to a PDF.
 */

/** The modules of a QR symbol: `size` × `size`, row-major, 1 = dark. */
export interface QrMatrix {
  readonly size: number;
  readonly dark: Uint8Array;
}

/** A horizontal run of dark modules in one row, in module units. */
export interface QrRun {
  readonly row: number;
  readonly col: number;
  readonly length: number;
}

/** The quiet zone around a symbol that scanners need, in modules (ISO/IEC 18004). */
export const qrQuietZone = 4;

/** The symbol of `text` at error-correction level M (15 % of the symbol may be damaged). */
export function qrMatrix(text: string): QrMatrix {
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  return { size: modules.size, dark: modules.data };
}

/**
 * The dark modules merged into maximal horizontal runs, row by row: about half as many
 * rectangles as dark modules, and one fill of one path leaves no seams between them.
 */
export function qrRuns(matrix: QrMatrix): QrRun[] {
  const runs: QrRun[] = [];
  for (let row = 0; row < matrix.size; row++) {
    let start = -1;
    for (let col = 0; col <= matrix.size; col++) {
      const dark = col < matrix.size && matrix.dark[row * matrix.size + col] === 1;
      if (dark && start < 0) start = col;
      if (!dark && start >= 0) {
        runs.push({ row, col: start, length: col - start });
        start = -1;
      }
    }
  }
  return runs;
}

/** Where a symbol's first module sits, in page units (points), and how big a module is. */
export interface QrPlacement {
  readonly x: number;
  readonly y: number;
  readonly module: number;
}

/**
 * The placement of a symbol whose quiet zone starts at (`x`, `y`) and which, quiet zone
 * included, is `side` points wide. Drawn in module units from there (`drawQr`), each run
 * is four small integers in the PDF instead of four six-decimal lengths.
 */
export function qrPlacement(matrix: QrMatrix, x: number, y: number, side: number): QrPlacement {
  const module = side / (matrix.size + 2 * qrQuietZone);
  return { x: x + qrQuietZone * module, y: y + qrQuietZone * module, module };
}
