import type { Context } from 'hono';
import type * as z from 'zod/mini';
import { AppError, type ErrorCode } from '../../shared/errors';
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
 * Reads and validates a JSON body: 415 when it is not JSON, 400 when it does not parse or
 * nests deeper than `maxJsonDepth`, and `invalidCode` (400 `request.invalid` unless the
 * route names its own) when it does not match `schema`, with `[{field, message}]` details.
 */
export async function readJson<S extends z.ZodMiniType>(
  c: Context,
  schema: S,
  invalidCode: ErrorCode = 'request.invalid',
): Promise<z.infer<S>> {
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
  return parseOrThrow(schema, json, invalidCode);
}

/**
 * Reads an optional request header with its schema: undefined when absent, 400
 * `request.invalid` naming the header when present but invalid.
 */
export function readHeader<S extends z.ZodMiniType>(
  c: Context,
  name: string,
  schema: S,
): z.infer<S> | undefined {
  const value = c.req.header(name);
  if (value === undefined) return undefined;
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new AppError('request.invalid', {
      details: parsed.error.issues.map((issue) => ({ field: name, message: issue.message })),
    });
  return parsed.data;
}
