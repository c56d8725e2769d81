import { describe, expect, it } from 'vitest';
import { AppError, errorCatalogue, toErrorBody } from '../../shared/errors';

describe('error catalogue', () => {
  it('has a Chinese message and an HTTP status for every code', () => {
    for (const [code, entry] of Object.entries(errorCatalogue)) {
      expect(code).toMatch(/^[a-z]+(\.[a-z_]+)?$/);
      expect(entry.message).toMatch(/[\u4e00-\u9fff]/);
      expect(entry.status).toBeGreaterThanOrEqual(400);
      expect(entry.status).toBeLessThan(600);
    }
  });

  it('shows code, message and details of a 4xx error', () => {
    const err = new AppError('request.invalid', { details: [{ field: 'a', message: '必填' }] });
    expect(toErrorBody(err)).toEqual({
      status: 400,
      body: {
        error: {
          code: 'request.invalid',
          message: '请求参数不正确',
          details: [{ field: 'a', message: '必填' }],
        },
      },
    });
  });

  it('hides message and details of 5xx AppErrors and of unknown errors', () => {
    const corrupt = toErrorBody(
      new AppError('store.corrupt_item', { message: 'pk=ORG#1 bad', details: { raw: 1 } }),
    );
    expect(corrupt).toEqual({
      status: 500,
      body: { error: { code: 'store.corrupt_item', message: '服务器内部错误，请稍后重试' } },
    });
    const unknown = toErrorBody(new TypeError('secret path /etc/passwd'));
    expect(unknown).toEqual({
      status: 500,
      body: { error: { code: 'internal', message: '服务器内部错误，请稍后重试' } },
    });
  });
});
