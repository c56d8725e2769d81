import { callJson, errorOf, newKey, pause } from './api';

/** How a submission ended. */
export type SubmitOutcome =
  | { kind: 'stored'; body: unknown }
  | { kind: 'invalid'; details: { field: string; message: string }[] }
  | { kind: 'refused'; message: string };

const issuesOf = (details: unknown) =>
  Array.isArray(details)
    ? details.filter(
        (d): d is { field: string; message: string } =>
          typeof d === 'object' && d !== null && typeof d.field === 'string' && typeof d.message === 'string',
      )
    : [];

/**
 * Submits answers as one attempt: one `Idempotency-Key` for the attempt, reused on
 * every retry, so a weak network never stores two submissions. No response, a 5xx or
 * a 409 `submission.duplicate` (the same key still being stored) is retried with growing pauses (1 s … 30 s,
 * sooner when back online) until the server answers; 422 ends the attempt with the
 * server's field errors; another 4xx (link expired or revoked, key reused) with its message.
 */
export async function submitAnswers(
  url: string,
  answers: Record<string, unknown>,
  onRetry: (attempt: number) => void,
): Promise<SubmitOutcome> {
  const key = newKey();
  for (let attempt = 1; ; attempt++) {
    const res = await callJson(url, 'POST', { answers }, { 'idempotency-key': key });
    if (res.ok) return { kind: 'stored', body: res.body };
    const error = errorOf(res.body);
    if (res.status === 422 && error) return { kind: 'invalid', details: issuesOf(error.details) };
    // 409 `submission.duplicate`: the same key is still being stored; any other 409 (key reused) is final.
    const retry =
      res.status === 0 || res.status >= 500 || res.status === 429 || error?.code === 'submission.duplicate';
    if (!retry) {
      return { kind: 'refused', message: error?.message ?? `提交失败（${res.status}）` };
    }
    onRetry(attempt);
    await pause(Math.min(30_000, 1000 * 2 ** Math.min(attempt - 1, 5)));
  }
}
