import { z } from 'zod/mini';
import { AppError, type ErrorCode } from './errors';

// One place sets zod's messages to Simplified Chinese for every schema in the product.
z.config(z.locales.zhCN());

export { z };

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
export function parseOrThrow<S extends z.ZodMiniType>(
  schema: S,
  input: unknown,
  code: ErrorCode = 'request.invalid',
): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new AppError(code, { details: toFieldIssues(result.error) });
  return result.data;
}
