import type { Context } from 'hono';

/**
 * The caller's network address, for login throttling: API Gateway's source IP on AWS,
 * the socket's peer locally. Never a request header (anyone can write those).
 */
export function clientAddress(c: Context): string {
  const env = c.env as
    | {
        event?: { requestContext?: { http?: { sourceIp?: string } } };
        incoming?: { socket?: { remoteAddress?: string } };
      }
    | undefined;
  return env?.event?.requestContext?.http?.sourceIp ?? env?.incoming?.socket?.remoteAddress ?? 'unknown';
}
