/** Structured logs, one JSON line each: CloudWatch on AWS, the terminal locally. */
export function logError(msg: string, err: unknown, fields: Record<string, unknown> = {}): void {
  const e =
    err instanceof Error
      ? { name: err.name, message: err.message, stack: err.stack }
      : { value: String(err) };
  console.error(JSON.stringify({ level: 'error', msg, ...fields, err: e }));
}
