import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { AppError } from '../../shared/errors';
import { parseOrThrow } from '../../shared/validation';

describe('parseOrThrow', () => {
  it('returns the parsed value', () => {
    expect(parseOrThrow(z.object({ n: z.number() }), { n: 1 })).toEqual({ n: 1 });
  });

  it('throws request.invalid with [{field, message}] in Chinese, zod defaults included', () => {
    const schema = z.object({ n: z.number(), rows: z.array(z.object({ name: z.string() })) });
    let caught: unknown;
    try {
      parseOrThrow(schema, { n: 'x', rows: [{ name: 1 }] });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(AppError);
    const details = (caught as AppError).details as { field: string; message: string }[];
    expect(details.map((d) => d.field)).toEqual(['n', 'rows.0.name']);
    for (const d of details) expect(d.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('uses the given code for items read back from the table', () => {
    expect(() => parseOrThrow(z.string(), 1, 'store.corrupt_item')).toThrow(
      expect.objectContaining({ code: 'store.corrupt_item', status: 500 }),
    );
  });
});
