import { describe, expect, it } from 'vitest';
import { fileNamePartMaxLength, safeFileNamePart } from '../../shared/lib/file-name';

const safe = (text: string) => safeFileNamePart(text, '341022104201');

describe('safeFileNamePart', () => {
  it('keeps an ordinary name as it is', () => {
    expect(safe('临溪村')).toBe('临溪村');
    expect(safe('溪头·新村（示例）')).toBe('溪头·新村（示例）');
    expect(safe('v1.2 名单')).toBe('v1.2 名单');
  });

  it('turns path separators and the characters Windows refuses into _', () => {
    expect(safe('../../../../../tmp/x')).toBe('_.._.._.._.._tmp_x');
    expect(safe('C:\\Users\\Public\\x')).toBe('C__Users_Public_x');
    for (const c of ['/', '\\', ':', '*', '?', '"', '<', '>', '|']) expect(safe(`甲${c}乙`)).toBe('甲_乙');
  });

  it('drops control characters, bidi controls and other invisible characters', () => {
    for (const c of ['\u0000', '\u0007', '\t', '\n', '\r', '\u001f', '\u007f', '\u0085', '\u009b'])
      expect(safe(`甲${c}乙`)).toBe('甲乙');
    const bidi = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'];
    for (const c of [...bidi, '\u200e', '\u200f', '\u061c', '\u200b', '\ufeff', '\u2028', '\u2029'])
      expect(safe(`甲${c}乙`)).toBe('甲乙');
    // With the override this displays as "证书exe.pdf"; without it, as what it is.
    expect(safe('证书\u202efdp.exe')).toBe('证书fdp.exe');
  });

  it('removes leading dots and trims; never empty, falling back to the given code', () => {
    expect(safe('.hidden')).toBe('hidden');
    expect(safe(' . . 甲村 ')).toBe('甲村');
    expect(safe('甲村...')).toBe('甲村');
    for (const empty of ['', '   ', '.', '..', '...', '\u202e', '\u200b\u200f', ' .\t. '])
      expect(safe(empty)).toBe('341022104201');
  });

  it('is at most the maximum length, never splitting a character outside the BMP', () => {
    expect([...safe('村'.repeat(200))]).toHaveLength(fileNamePartMaxLength);
    const wide = '\u{20000}'.repeat(fileNamePartMaxLength + 5);
    expect(safe(wide)).toBe('\u{20000}'.repeat(fileNamePartMaxLength));
    expect(safeFileNamePart('甲乙丙丁', 'x', 2)).toBe('甲乙');
    // A cut that ends in dots loses them too.
    expect(safeFileNamePart('甲...乙', 'x', 3)).toBe('甲');
  });

  it('does not make a Windows device name', () => {
    expect(safe('CON')).toBe('_CON');
    expect(safe('nul.txt')).toBe('_nul.txt');
    expect(safe('com1')).toBe('_com1');
    expect(safe('CONSOLE')).toBe('CONSOLE');
  });
});
