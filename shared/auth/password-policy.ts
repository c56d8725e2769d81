/**
 * The password rule for staff accounts: at least 10 characters, and not all of one kind
 * (digits, lower-case letters, upper-case letters, anything else such as Chinese or
 * punctuation). Returns the Chinese reason a password is refused, or undefined.
 */
export function passwordProblem(password: string): string | undefined {
  if ([...password].length < 10) return '密码至少 10 个字符';
  if ([...password].length > 128) return '密码最多 128 个字符';
  const kinds = new Set(
    [...password].map((ch) =>
      /\d/.test(ch) ? 'digit' : /[a-z]/.test(ch) ? 'lower' : /[A-Z]/.test(ch) ? 'upper' : 'other',
    ),
  );
  if (kinds.size < 2) return '密码不能全是同一类字符，请混合使用字母、数字或符号';
  return undefined;
}
