import * as z from 'zod/mini';

/**
 * The one schema of an idempotency key (the `Idempotency-Key` header of every write a
 * client may retry, and the hidden field of the survey page's form): 8–128 letters,
 * digits, `_` or `-`.
 */
export const idempotencyKeySchema = z
  .string()
  .check(z.regex(/^[A-Za-z0-9_-]{8,128}$/, '应为 8–128 位字母、数字、下划线或连字符'));

export type IdempotencyKey = z.infer<typeof idempotencyKeySchema>;
