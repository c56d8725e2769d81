import type { Context } from 'hono';
import type * as z from 'zod/mini';
import { AppError } from '../../shared/errors';
import { parseOrThrow } from '../../shared/validation';

/** Deepest nesting a request body may have; deeper JSON is refused before anything walks it. */
export const maxJsonDepth = 64;

/** Whether `value` nests arrays/objects deeper than `limit` (iterative: no recursion to overflow). */
function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() ?? [null, 0];
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= limit) return true;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * Reads and validates a JSON body: 415 when it is not JSON, 400 when it does not parse,
 * nests deeper than `maxJsonDepth`, or does not match `schema` (with `[{field, message}]` details).
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
  if (nestsDeeperThan(json, maxJsonDepth))
    throw new AppError('request.invalid', {
      details: [{ field: '(根)', message: `JSON 嵌套层级过深（最多 ${maxJsonDepth} 层）` }],
    });
  return parseOrThrow(schema, json);
}
