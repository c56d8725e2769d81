import * as z from 'zod/mini';
import zhCN from 'zod/v4/locales/zh-CN.js';
import { AppError, type ErrorCode } from './errors';

// One place sets zod's messages to Simplified Chinese for every schema in the product.
// Imported by path: `z.locales` would pull all 64 locales into every Lambda bundle.
z.config(zhCN());

// Schemas import `* as z from 'zod/mini'` themselves: re-exporting the namespace from
// here would defeat esbuild's tree shaking (~420 KB of zod in every Lambda bundle).

export interface FieldIssue {
  field: string;
  message: string;
}

/** Flattens zod issues into `[{field, message}]`, the shape of `error.details`. */
export function toFieldIssues(error: z.core.$ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || '(根)',
    message: issue.message,
  }));
}

/**
 * Parses external data with a schema; on failure throws an `AppError` with `code`
 * (a 4xx for request input, `store.corrupt_item` for items read back) and the field issues.
 */
export function safeParse<S extends z.ZodMiniType>(schema: S, input: unknown) {
  return schema.safeParse(input);
}

export function parseOrThrow<S extends z.ZodMiniType>(
  schema: S,
  input: unknown,
  code: ErrorCode = 'request.invalid',
): z.infer<S> {
  const result = safeParse(schema, input);
  if (!result.success) throw new AppError(code, { details: toFieldIssues(result.error) });
  return result.data;
}
