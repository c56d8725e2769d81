import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { receiptCodeAlphabet, receiptCodeLength, receiptCodeOf } from '../../shared/submissions/receipt-code';

describe('receiptCodeOf', () => {
  it('uses 32 distinct characters none of which is easily misread or breaks a printed line', () => {
    expect(new Set(receiptCodeAlphabet).size).toBe(32);
    expect(receiptCodeAlphabet).toMatch(/^[2-9A-Z]+$/);
    for (const confusable of ['0', 'O', '1', 'I', '-', '_'])
      expect(receiptCodeAlphabet).not.toContain(confusable);
  });

  it('gives 8 characters of the alphabet, the same for the same id', () => {
    fc.assert(
      fc.property(fc.uuid(), (id) => {
        const code = receiptCodeOf(id);
        expect(code).toHaveLength(receiptCodeLength);
        expect([...code].every((ch) => receiptCodeAlphabet.includes(ch))).toBe(true);
        expect(receiptCodeOf(id)).toBe(code);
      }),
    );
  });

  it('keeps the codes already handed out: known ids give their known codes', () => {
    // Pinned: a change here changes codes people have written down.
    expect(receiptCodeOf('0b6c3f1e-9d55-4a61-8d0e-3c1f5b7a9e21')).toBe('B9P8FPWS');
    expect(receiptCodeOf('00000000-0000-4000-8000-000000000000')).toBe('V8C3VSQ5');
    expect(receiptCodeOf('sub-1')).toBe('NKYG3W68');
  });

  it('tells apart ids that differ in one character, and 20 000 random ids', () => {
    const base = '0b6c3f1e-9d55-4a61-8d0e-3c1f5b7a9e21';
    const neighbours = ['0b6c3f1e-9d55-4a61-8d0e-3c1f5b7a9e22', '1b6c3f1e-9d55-4a61-8d0e-3c1f5b7a9e21'];
    for (const id of neighbours) expect(receiptCodeOf(id)).not.toBe(receiptCodeOf(base));
    const codes = new Set<string>();
    for (let i = 0; i < 20_000; i++) codes.add(receiptCodeOf(randomUUID()));
    // 40 bits: a collision among 20 000 has a chance of about 2 in 10 000.
    expect(codes.size).toBeGreaterThanOrEqual(19_999);
  });

  it('spreads every position over the whole alphabet', () => {
    const counts = Array.from({ length: receiptCodeLength }, () => new Map<string, number>());
    for (let i = 0; i < 32_000; i++) {
      [...receiptCodeOf(randomUUID())].forEach((ch, at) => {
        const count = counts[at] as Map<string, number>;
        count.set(ch, (count.get(ch) ?? 0) + 1);
      });
    }
    for (const count of counts) {
      expect(count.size).toBe(32);
      // 1 000 expected per character; far outside 700–1 300 would mean a skewed lane.
      for (const n of count.values()) expect(n).toBeGreaterThan(700);
      for (const n of count.values()) expect(n).toBeLessThan(1300);
    }
  });
});
