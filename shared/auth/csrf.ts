import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The console's CSRF token of a session: an HMAC of its id, so a page from another site
 * cannot know it and no store item is needed. Every console form posts it back
 * (`_csrf`); the session cookie is SameSite=Strict as well.
 */
export function csrfToken(secret: Buffer, sessionId: string): string {
  return createHmac('sha256', secret).update(`csrf:${sessionId}`).digest('base64url');
}

/** Whether `given` is the session's CSRF token (compared as text, in constant time). */
export function isCsrfToken(secret: Buffer, sessionId: string, given: string | undefined): boolean {
  const expected = Buffer.from(csrfToken(secret, sessionId));
  const actual = Buffer.from(given ?? '');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
