import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { AppError } from '../../errors';

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Draft answers: any JSON object. Checked, not copied through a record schema, so keys
 * such as `__proto__` are stored as sent.
 */
export const draftAnswersSchema = z.custom<Record<string, unknown>>(isPlainObject, '草稿内容必须是一个对象');

/** The body of `PUT /api/v1/fill/{token}/draft`. */
export const draftBodySchema = z.object({ answers: draftAnswersSchema });
/** The body of `POST /api/v1/fill/{token}/submissions`: answers are checked against the form. */
export const submissionBodySchema = z.object({ answers: z.unknown() });

/** The hash an idempotency claim keeps of its request: the same key with other answers is refused. */
export function requestHash(answers: unknown): string {
  try {
    return createHash('sha256')
      .update(JSON.stringify(answers) ?? '')
      .digest('base64url');
  } catch {
    throw new AppError('request.invalid', { details: [{ field: 'answers', message: '无法读取答案' }] });
  }
}
