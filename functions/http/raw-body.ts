import type { Context } from 'hono';
import { AppError, type ErrorCode } from '../../shared/errors';

/**
 * Reads a raw request body of at most `maxBytes`, failing with 413 (`tooLargeCode`) as
 * soon as the declared length or the bytes received pass it (the rest is never buffered).
 * For the upload routes, which are exempt from the app's global JSON body limit.
 */
export async function readBodyLimited(
  c: Context,
  maxBytes: number,
  tooLargeCode: ErrorCode = 'attachment.too_large',
): Promise<Uint8Array> {
  const tooLarge = (limit: number) => new AppError(tooLargeCode, { details: { maxBytes: limit } });
  const declared = c.req.header('content-length');
  if (declared !== undefined && Number(declared) > maxBytes) throw tooLarge(maxBytes);
  const body = c.req.raw.body;
  if (!body) return new Uint8Array();
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}
