import { create } from 'qrcode';
import { describe, expect, it } from 'vitest';
import { qrMatrix, qrPlacement, qrQuietZone, qrRuns } from '../../../shared/printables/qr-modules';
import { dongLinxiRows } from './dong-linxi-links';

const url = dongLinxiRows[0]?.url ?? '';

describe('QR geometry', () => {
  it('uses error-correction level M and the modules qrcode computes', () => {
    const qr = create(url, { errorCorrectionLevel: 'M' });
    const matrix = qrMatrix(url);
    expect(matrix.size).toBe(qr.modules.size);
    expect(Array.from(matrix.dark)).toEqual(Array.from(qr.modules.data));
    // A level-L symbol of the same text differs: the level really is M.
    const low = create(url, { errorCorrectionLevel: 'L' }).modules;
    expect(Array.from(low.data)).not.toEqual(Array.from(matrix.dark));
  });

  it('runs cover exactly the dark modules, each run maximal', () => {
    const matrix = qrMatrix(url);
    const painted = new Uint8Array(matrix.size * matrix.size);
    const runs = qrRuns(matrix);
    for (const { row, col, length } of runs) {
      for (let c = col; c < col + length; c++) {
        expect(painted[row * matrix.size + c]).toBe(0);
        painted[row * matrix.size + c] = 1;
      }
      // Maximal: the modules just before and after a run are light (or outside).
      expect(col === 0 || matrix.dark[row * matrix.size + col - 1] === 0).toBe(true);
      expect(col + length === matrix.size || matrix.dark[row * matrix.size + col + length] === 0).toBe(true);
    }
    expect(Array.from(painted)).toEqual(Array.from(matrix.dark));
    expect(runs.length).toBeLessThan(matrix.dark.filter((d) => d === 1).length * 0.6);
  });

  it('places the first module inside the quiet zone, modules sized to fill the side', () => {
    const matrix = { size: 3, dark: Uint8Array.from([1, 1, 0, 0, 0, 0, 1, 0, 1]) };
    const side = 110; // (3 + 2 * 4) modules of 10 points
    expect(qrQuietZone).toBe(4);
    expect(qrPlacement(matrix, 100, 200, side)).toEqual({ x: 140, y: 240, module: 10 });
  });
});
