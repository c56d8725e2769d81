import type { Context } from 'hono';
import { AppError } from '../../shared/errors';

/**
 * Reads an HTML form post (urlencoded or multipart). 415 for any other body, 400 when it
 * does not parse (a multipart body without its boundary, a truncated upload…).
 */
export async function readFormBody(c: Context): Promise<Record<string, string | File | (string | File)[]>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) {
    throw new AppError('request.unsupported_type', {
      message: '请求体必须是表单（application/x-www-form-urlencoded）',
    });
  }
  try {
    return await c.req.parseBody({ all: true });
  } catch (err) {
    throw new AppError('request.malformed', { message: '表单内容无法解析，请刷新页面后重试', cause: err });
  }
}
