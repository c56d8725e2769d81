import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { cjkFontCandidates, loadCjkFont, readFirstFont } from '../../../shared/printables/font-file';

describe('CJK font file', () => {
  it('looks beside the running module first, then in the npm package', () => {
    const [beside, fromPackage] = cjkFontCandidates();
    expect(beside).toMatch(/shared[/\\]printables[/\\]NotoSansSC-Regular\.ttf$/);
    expect(fromPackage).toMatch(
      /node_modules[/\\]@expo-google-fonts[/\\]noto-sans-sc[/\\]400Regular[/\\]NotoSansSC_400Regular\.ttf$/,
    );
  });

  it('reads the TrueType font once per process', async () => {
    const first = loadCjkFont();
    expect(loadCjkFont()).toBe(first);
    const font = await first;
    expect(font.length).toBeGreaterThan(1024 * 1024);
    expect(font.readUInt32BE(0)).toBe(0x00010000); // sfnt version of a TrueType-outline font
  });

  it('takes the first file that exists and names every place tried when none does', async () => {
    const missing = join(import.meta.dirname, 'no-such-font.ttf');
    const [, fromPackage = ''] = cjkFontCandidates();
    expect((await readFirstFont([missing, fromPackage])).length).toBeGreaterThan(1024 * 1024);
    const failure = readFirstFont([missing, `${missing}.2`]);
    await expect(failure).rejects.toBeInstanceOf(AppError);
    await expect(failure).rejects.toThrow(`${missing}, ${missing}.2`);
  });
});
