import { browser } from './dom';

/** Outcome of a call to the fill API: a response (any status) or no response at all. */
export type ApiResult = { ok: boolean; status: number; body: unknown } | { ok: false; status: 0; body: null };

/** The JSON error body's `error` part, when there is one. */
export function errorOf(body: unknown): { code: string; message: string; details?: unknown } | null {
  if (typeof body !== 'object' || body === null || !('error' in body)) return null;
  const error: unknown = body.error;
  if (typeof error !== 'object' || error === null || !('message' in error) || !('code' in error)) return null;
  return {
    code: String(error.code),
    message: String(error.message),
    details: 'details' in error ? error.details : undefined,
  };
}

/**
 * Calls the API with a JSON body. Never throws: a network failure (weak signal, the
 * phone offline) is `status: 0` so callers can keep their data and retry.
 */
export async function callJson(
  url: string,
  method: string,
  payload: unknown,
  headers: Record<string, string> = {},
  keepalive = false,
): Promise<ApiResult> {
  try {
    const res = await browser.fetch(url, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(payload),
      credentials: 'same-origin',
      keepalive,
    });
    const text = await res.text();
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
    return { ok: res.ok, status: res.status, body };
  } catch {
    return { ok: false, status: 0, body: null };
  }
}

/** Waits `ms`, or less when the phone comes back online. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      browser.window.removeEventListener('online', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    browser.window.addEventListener('online', done);
  });
}

/** A random key for one submission attempt (crypto.randomUUID is missing in old WebViews). */
export function newKey(): string {
  const bytes = new Uint8Array(16);
  browser.crypto.getRandomValues(bytes);
  return Array.prototype.map.call(bytes, (b: number) => (b + 256).toString(16).slice(1)).join('');
}
