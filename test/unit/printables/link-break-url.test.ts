import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linkPath, linkToken, newLinkId } from '../../../shared/links/link-token';
import { breakUrl, urlPieces } from '../../../shared/printables/break-url';
import { legacyLinkId } from './dong-linxi-links';

// Every character one unit wide: a line of width 10 holds 10 characters.
const monospace = (s: string) => Array.from(s).length;
const secret = randomBytes(48);
const base32Url = `https://survey.example.cn${linkPath(linkToken(secret, newLinkId()))}`;
const legacyUrl = `https://laoxie-survey.example.cn${linkPath(linkToken(secret, legacyLinkId))}`;
const tokenParts = (url: string) => (url.split('/f/')[1] ?? '').split('.');

describe('urlPieces', () => {
  it('cuts after a single / and before . ? # & =, nowhere else', () => {
    expect(urlPieces('https://a.example.cn/f/abc.def?x=1&y=2#z')).toEqual([
      'https://',
      'a',
      '.example',
      '.cn/',
      'f/',
      'abc',
      '.def',
      '?x',
      '=1',
      '&y',
      '=2',
      '#z',
    ]);
    expect(urlPieces('x')).toEqual(['x']);
  });

  it("keeps a token's id and mac whole, and - and _ inside their piece", () => {
    const [id, mac] = tokenParts(legacyUrl);
    expect(urlPieces(legacyUrl)).toEqual([
      'https://',
      'laoxie-survey',
      '.example',
      '.cn/',
      'f/',
      id,
      `.${mac}`,
    ]);
    expect(urlPieces(base32Url).slice(-2)).toEqual(tokenParts(base32Url).map((p, i) => (i ? `.${p}` : p)));
  });
});

describe('breakUrl', () => {
  it('keeps a short link on one line', () => {
    expect(breakUrl('https://a.cn/f/x', 40, monospace)).toEqual(['https://a.cn/f/x']);
  });

  it('fills a line with whole pieces: the token on its own lines, the dot starting the mac line', () => {
    const [id, mac] = tokenParts(base32Url);
    expect(breakUrl(base32Url, 27, monospace)).toEqual(['https://survey.example.cn/', `f/${id}`, `.${mac}`]);
    expect(breakUrl(base32Url, 48, monospace)).toEqual([`https://survey.example.cn/f/${id}`, `.${mac}`]);
    expect(breakUrl(base32Url, 47, monospace)).toEqual(['https://survey.example.cn/f/', `${id}.${mac}`]);
    expect(breakUrl('https://example.org/f/AbCdEf123456.xyz', 16, monospace)).toEqual([
      'https://example',
      '.org/f/',
      'AbCdEf123456.xyz',
    ]);
    expect(breakUrl('https://example.org/f/AbCdEf123456.xyz', 15, monospace)).toEqual([
      'https://example',
      '.org/f/',
      'AbCdEf123456',
      '.xyz',
    ]);
    // Even when the break place is early in the line: a short line beats a cut word.
    expect(breakUrl('ab/cdefghijklmn', 10, monospace)).toEqual(['ab/', 'cdefghijkl', 'mn']);
  });

  it('never cuts a token part, nor ends a line at - or _, when the widest piece fits', () => {
    for (const url of [base32Url, legacyUrl]) {
      const widest = Math.max(...urlPieces(url).map(monospace));
      const [id = '', mac = ''] = tokenParts(url);
      for (let width = widest; width <= url.length + 1; width++) {
        const lines = breakUrl(url, width, monospace);
        expect(lines.join('')).toBe(url);
        const text = lines.join('\n');
        expect(text, `${width}`).toContain(id);
        expect(text, `${width}`).toContain(mac);
        for (const line of lines) expect(line).not.toMatch(/[-_]$/);
      }
    }
  });

  it('cuts only a piece wider than a line, where it is full but not beside - or _', () => {
    expect(breakUrl('abcdefghijklmnopqrstuvwxyz', 10, monospace)).toEqual([
      'abcdefghij',
      'klmnopqrst',
      'uvwxyz',
    ]);
    // Not 'abcdefgh-_' nor 'abcdefgh' + '-_jklmn': a line neither ends nor starts with - or _.
    expect(breakUrl('abcdefgh-_jklmn', 10, monospace)).toEqual(['abcdefg', 'h-_jklmn']);
    expect(breakUrl('https://host/f/Lx-9_aQ2-Zb_7Kc3', 7, monospace)).toEqual([
      'https:/',
      '/host/',
      'f/',
      'Lx-9_aQ',
      '2-Zb_7K',
      'c3',
    ]);
  });

  it('joins back to the link, every line within the width, for any link and width', () => {
    const url = 'https://example.org/f/AbCdEf123456.xyzQ-w_E?r=t&y=u#i';
    for (let width = 1; width <= url.length + 1; width++) {
      const lines = breakUrl(url, width, monospace);
      expect(lines.join('')).toBe(url);
      for (const line of lines) expect(monospace(line)).toBeLessThanOrEqual(Math.max(1, width));
    }
    fc.assert(
      fc.property(fc.webUrl(), fc.integer({ min: 1, max: 80 }), (link, width) => {
        const lines = breakUrl(link, width, monospace);
        expect(lines.join('')).toBe(link);
        for (const line of lines) expect(monospace(line)).toBeLessThanOrEqual(width);
      }),
      { numRuns: 300 },
    );
  });
});
