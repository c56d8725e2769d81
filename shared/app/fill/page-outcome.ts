import type { AppError } from '../../errors';
import type { FieldIssue } from '../../validation';

/** A step of a use case: its value, or the refusal to report. */
export type Attempt<T> = { ok: true; value: T } | { ok: false; error: AppError };

/** A page post refused: the status, what to show beside the form, and (429) when to try again. */
export interface PageRefusal {
  ok: false;
  status: 413 | 422 | 429;
  issues: FieldIssue[];
  retryAfterSeconds?: number;
}

/** The answer of a page post: saved or submitted, or refused with what to show beside the form. */
export type PageOutcome<T> = { ok: true; value: T } | PageRefusal;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const isFieldIssue = (d: unknown): d is FieldIssue =>
  isPlainObject(d) && typeof d.field === 'string' && typeof d.message === 'string';

/**
 * What a page shows for a refusal: its field issues, or its message as one issue without
 * a field; past a link's limit (429) also the seconds to wait.
 */
export function refusal(error: AppError): PageRefusal {
  const details: unknown = error.details;
  const issues =
    Array.isArray(details) && details.length > 0 && details.every(isFieldIssue)
      ? details
      : [{ field: '', message: error.message }];
  if (error.code === 'fill.throttled') {
    const wait = isPlainObject(details) ? details.retryAfterSeconds : undefined;
    return {
      ok: false,
      status: 429,
      issues,
      ...(typeof wait === 'number' ? { retryAfterSeconds: wait } : {}),
    };
  }
  return { ok: false, status: error.status === 413 ? 413 : 422, issues };
}
