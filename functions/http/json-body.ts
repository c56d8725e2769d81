import type { Context } from 'hono';
import type * as z from 'zod/mini';
import { AppError } from '../../shared/errors';
import { parseOrThrow } from '../../shared/validation';

/**
 * Reads and validates a JSON body: 415 when it is not JSON, 400 when it does not parse
 * or does not match `schema` (with `[{field, message}]` details).
 */
export async function readJson<S extends z.ZodMiniType>(c: Context, schema: S): Promise<z.infer<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/([\w.+-]*\+)?json\b/i.test(type)) throw new AppError('request.unsupported_type');
  const text = await c.req.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('request.malformed');
  }
  return parseOrThrow(schema, json);
}
