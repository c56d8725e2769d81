import { gzipSync } from 'node:zlib';

/**
 * Gzips a response body when the client accepts it. API Gateway's HTTP API does not
 * compress, so pages and assets compress themselves; hono's Lambda adapter
 * base64-encodes any body with a `content-encoding`, and @hono/node-server sends the bytes.
 * Small bodies are left alone (gzip would not pay for its header).
 */
export function negotiateGzip(
  body: string,
  acceptEncoding: string | undefined,
): { body: string | Uint8Array<ArrayBuffer>; encoding: 'gzip' | null } {
  const size = Buffer.byteLength(body);
  if (size < 1024 || !/\bgzip\b/i.test(acceptEncoding ?? '')) return { body, encoding: null };
  return { body: new Uint8Array(gzipSync(body)), encoding: 'gzip' };
}
