import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import writeXlsxFile from 'write-excel-file/node';

/** A valid two-row XLSX, as write-excel-file (the project's own exports) writes it. */
export const smallXlsx = async (): Promise<Uint8Array> =>
  new Uint8Array(
    await writeXlsxFile([
      ['code', 'name'],
      ['341022104201', '临溪村'],
    ]).toBuffer(),
  );

/**
 * A zip bomb: a valid XLSX whose sheet is padded with `unit` repeated to `megabytes` MB,
 * built in memory (50 MB of spaces compress to ~55 KB).
 */
export async function xlsxBomb(unit: string, megabytes = 50): Promise<Uint8Array> {
  const parts = unzipSync(await smallXlsx());
  const sheet = strFromU8(parts['xl/worksheets/sheet1.xml'] ?? new Uint8Array());
  const padding = unit.repeat(Math.ceil((megabytes * 1024 * 1024) / unit.length));
  parts['xl/worksheets/sheet1.xml'] = strToU8(sheet.replace('<sheetData>', `<sheetData>${padding}`));
  return zipSync(parts, { level: 1 });
}
