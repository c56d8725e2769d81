import { execFileSync, spawnSync } from 'node:child_process';

/**
 * poppler-utils (pdftotext, pdfinfo, pdffonts, pdftoppm) for reading back rendered PDFs.
 * CI installs it (.ci/run) and must fail without it; a laptop without it skips those tests
 * with a loud warning instead.
 */
export const popplerInstalled = ['pdftotext', 'pdfinfo', 'pdffonts', 'pdftoppm'].every(
  (tool) => spawnSync(tool, ['-v']).error === undefined,
);
export const runPopplerTests = popplerInstalled || Boolean(process.env.CI);

if (!popplerInstalled && !process.env.CI) {
  console.warn(
    '\n*** poppler-utils (pdftotext, pdfinfo, pdffonts, pdftoppm) not found: PDF read-back tests SKIPPED.\n' +
      '*** Install it (apt-get install poppler-utils); CI fails without it.\n',
  );
}

/** Runs a poppler tool and returns its standard output as UTF-8 text. */
export function poppler(tool: string, args: readonly string[]): string {
  return execFileSync(tool, args, { encoding: 'utf8', timeout: 30_000 });
}

/** The same, as bytes (for images written to standard output). */
export function popplerBytes(tool: string, args: readonly string[]): Buffer {
  return execFileSync(tool, args, { timeout: 30_000, maxBuffer: 64 * 1024 * 1024 });
}

/** Removes all whitespace: pdftotext breaks lines and drops or adds spaces at will. */
export const squash = (text: string): string => text.replace(/\s+/g, '');

/** A binary PGM (P5, 8-bit), as `pdftoppm -gray` writes it. */
export interface GrayImage {
  readonly width: number;
  readonly height: number;
  /** 0 = black, 255 = white, row-major. */
  readonly pixels: Uint8Array;
}

export function parsePgm(bytes: Buffer): GrayImage {
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(bytes.subarray(0, 64).toString('latin1'));
  if (header?.[3] !== '255') throw new Error('not an 8-bit binary PGM');
  const width = Number(header[1]);
  const height = Number(header[2]);
  const pixels = bytes.subarray(header[0].length);
  if (pixels.length !== width * height)
    throw new Error(`PGM has ${pixels.length} pixels, not ${width * height}`);
  return { width, height, pixels };
}
