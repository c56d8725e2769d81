/**
 * The one error catalogue. Every failure the product reports to a caller is an
 * `AppError` with a code from this table; the HTTP status and the Chinese message
 * come from here, so routes never pick statuses themselves.
 */
export const errorCatalogue = {
  'request.malformed': { status: 400, message: '请求体不是有效的 JSON' },
  'request.invalid': { status: 400, message: '请求参数不正确' },
  'request.too_large': { status: 413, message: '请求体过大' },
  'request.unsupported_type': { status: 415, message: '请求体必须是 JSON（Content-Type: application/json）' },
  'route.not_found': { status: 404, message: '请求的地址不存在' },
  'auth.invalid_credentials': { status: 401, message: '用户名或密码错误' },
  'auth.token_missing': { status: 401, message: '请先登录' },
  'auth.token_invalid': { status: 401, message: '登录凭证无效，请重新登录' },
  'auth.token_expired': { status: 401, message: '登录已过期，请重新登录' },
  'auth.forbidden': { status: 403, message: '没有权限执行此操作' },
  'auth.out_of_scope': { status: 403, message: '该区划不在您的管辖范围内' },
  'org.not_found': { status: 404, message: '未找到该区划' },
  'org.code_invalid': { status: 400, message: '区划代码格式不正确（应为 2、4、6、9 或 12 位数字）' },
  'import.columns_missing': { status: 400, message: '导入文件缺少必需的列' },
  'form.not_found': { status: 404, message: '未找到该表单' },
  'form.invalid': { status: 422, message: '表单定义不正确' },
  'form.version_conflict': { status: 409, message: '该表单版本已存在，请刷新后重试' },
  'link.invalid': { status: 404, message: '链接无效，请向乡镇索取正确的填报链接' },
  'link.expired': { status: 410, message: '链接已过期，请向乡镇索取新的填报链接' },
  'link.revoked': { status: 410, message: '链接已停用，请向乡镇索取新的填报链接' },
  'link.no_villages': { status: 400, message: '所选范围内没有村（居）' },
  'link.not_found': { status: 404, message: '未找到该链接' },
  'link.orgs_invalid': { status: 422, message: '以下区划不是可下发链接的村（居），请核对后重试' },
  'submission.invalid': { status: 422, message: '填写内容有误，请按提示修改后再提交' },
  'submission.duplicate': { status: 409, message: '该提交正在处理中，请稍候刷新' },
  'submission.key_reused': {
    status: 409,
    message: '该提交编号已用于另一份不同的内容，请刷新页面后重新提交',
  },
  'answers.too_large': { status: 413, message: '填写内容过多，请精简后再保存或提交' },
  'draft.invalid': { status: 422, message: '草稿内容必须是一个对象' },
  'attachment.invalid': { status: 422, message: '附件类型或大小不符合要求' },
  'attachment.exists': { status: 409, message: '该附件已上传，不能覆盖；如需更换请重新选择文件' },
  'attachment.not_found': { status: 404, message: '未找到该附件' },
  'attachment.too_large': { status: 413, message: '文件超过允许的大小' },
  'store.conflict': { status: 409, message: '数据已被修改或已存在，请刷新后重试' },
  'store.corrupt_item': { status: 500, message: '服务器内部错误' },
  internal: { status: 500, message: '服务器内部错误，请稍后重试' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

/** A failure with a catalogue code; `details` is shown to callers only for codes below 500. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;

  constructor(code: ErrorCode, options: { message?: string; details?: unknown; cause?: unknown } = {}) {
    const entry = errorCatalogue[code];
    super(options.message ?? entry.message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = entry.status;
    this.details = options.details;
  }

  /** Whether `err` is an `AppError`, optionally with one of `codes`. */
  static is(err: unknown, ...codes: ErrorCode[]): err is AppError {
    return err instanceof AppError && (codes.length === 0 || codes.includes(err.code));
  }
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

/**
 * Turns anything thrown into the public error body. Unknown errors and 5xx codes
 * become the generic internal error: their message and details never leave the server.
 */
export function toErrorBody(err: unknown): { status: number; body: ErrorBody } {
  if (AppError.is(err) && err.status < 500) {
    const error: ErrorBody['error'] = { code: err.code, message: err.message };
    if (err.details !== undefined) error.details = err.details;
    return { status: err.status, body: { error } };
  }
  const code: ErrorCode = AppError.is(err) ? err.code : 'internal';
  const status = AppError.is(err) ? err.status : 500;
  return { status, body: { error: { code, message: errorCatalogue.internal.message } } };
}
