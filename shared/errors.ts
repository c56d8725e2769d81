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
  'auth.session_ended': { status: 401, message: '登录已失效（已退出、密码已修改或账号已停用），请重新登录' },
  'auth.disabled': { status: 403, message: '该账号已停用，请联系上级管理员' },
  'auth.throttled': { status: 429, message: '登录失败次数过多，请 15 分钟后再试' },
  'auth.csrf': { status: 403, message: '页面已过期或来源不正确，请刷新页面后重试' },
  'auth.forbidden': { status: 403, message: '没有权限执行此操作' },
  'user.not_found': { status: 404, message: '未找到该账号' },
  'user.exists': { status: 409, message: '该用户名已被使用，请换一个' },
  'user.weak_password': { status: 422, message: '密码强度不够：至少 10 个字符，且不能全是同一类字符' },
  'auth.out_of_scope': { status: 403, message: '该区划不在您的管辖范围内' },
  'org.not_found': { status: 404, message: '未找到该区划' },
  'org.code_invalid': { status: 400, message: '区划代码格式不正确（应为 2、4、6、9 或 12 位数字）' },
  'import.columns_missing': { status: 400, message: '导入文件缺少必需的列' },
  'import.invalid': { status: 422, message: '导入文件有错误，未导入任何数据，请按提示修改后重新导入' },
  'import.unsupported_type': { status: 415, message: '请上传 CSV 或 Excel（.xlsx）文件' },
  'import.unreadable': {
    status: 400,
    message: '无法打开该 Excel 文件，请在 Excel 或 WPS 中另存为 .xlsx 或 CSV 后重试',
  },
  'import.too_large': { status: 413, message: '导入文件过大，请分批导入' },
  'org.not_village': { status: 422, message: '只有村（居）可以撤并' },
  'org.already_retired': { status: 409, message: '该村（居）已撤并，不能重复撤并' },
  'org.merge_invalid': { status: 422, message: '并入的村（居）须是本辖区内另一个未撤并的村（居）' },
  'form.not_found': { status: 404, message: '未找到该表单' },
  'form.invalid': { status: 422, message: '表单定义不正确' },
  'form.version_conflict': { status: 409, message: '该表单版本已存在，请刷新后重试' },
  'link.invalid': { status: 404, message: '链接无效，请向乡镇索取正确的填报链接' },
  'link.expired': { status: 410, message: '链接已过期，请向乡镇索取新的填报链接' },
  'link.revoked': { status: 410, message: '链接已停用，请向乡镇索取新的填报链接' },
  'link.no_villages': { status: 400, message: '所选范围内没有村（居）' },
  'link.not_found': { status: 404, message: '未找到该链接' },
  'link.none_active': {
    status: 404,
    message: '该范围内还没有可用的填报链接（未下发，或已停用、已过期），请先下发链接再打印或导出',
  },
  'link.orgs_invalid': { status: 422, message: '以下区划不是可下发链接的村（居），请核对后重试' },
  'submission.not_found': { status: 404, message: '未找到该提交记录' },
  'submission.invalid': { status: 422, message: '填写内容有误，请按提示修改后再提交' },
  'submission.duplicate': { status: 409, message: '该提交正在处理中，请稍候刷新' },
  'submission.key_reused': {
    status: 409,
    message: '该提交编号已用于另一份不同的内容，请刷新页面后重新提交',
  },
  'answers.too_large': { status: 413, message: '填写内容过多，请精简后再保存或提交' },
  'draft.invalid': { status: 422, message: '草稿内容必须是一个对象' },
  'fill.throttled': { status: 429, message: '操作过于频繁，请稍等一分钟再试；已填写的内容不会丢失' },
  'attachment.invalid': { status: 422, message: '附件类型或大小不符合要求' },
  'attachment.exists': { status: 409, message: '该附件已上传，不能覆盖；如需更换请重新选择文件' },
  'attachment.not_found': { status: 404, message: '未找到该附件' },
  'attachment.too_large': { status: 413, message: '文件超过允许的大小' },
  'review.comment_required': { status: 422, message: '退回时请填写退回意见，村（居）会看到这条意见' },
  'review.conflict': { status: 409, message: '这条提交刚被其他人审核过，请刷新后再审核' },
  'evaluation.invalid': { status: 422, message: '评估内容有误，请按提示修改后再提交' },
  'evaluation.future_date': { status: 422, message: '评估日期不能晚于今天' },
  'evaluation.key_reused': {
    status: 409,
    message: '该评估已用不同的内容提交过，请刷新页面后重新填写',
  },
  'evaluation.not_found': { status: 404, message: '未找到该评估记录' },
  'evaluation.not_allowed': { status: 422, message: '该村（居）不能评估' },
  'certificate.not_found': { status: 404, message: '未找到该证书，请核对证书编号' },
  'certificate.none': { status: 404, message: '本村（居）暂无有效的达标证书' },
  'certificate.throttled': { status: 429, message: '查询过于频繁，请稍后再试' },
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
