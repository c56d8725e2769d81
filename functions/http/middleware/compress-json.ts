import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { createMiddleware } from 'hono/factory';

/** Below this many bytes a JSON body goes out as is: compression would not pay for itself. */
export const compressThresholdBytes = 1024;

const isJson = (type: string | null) => /^application\/([\w.+-]*\+)?json\b/i.test(type ?? '');

const encoders = {
  // Quality 5, not the default 11: about gzip's speed with smaller output (11 is for static files).
  br: (bytes: Uint8Array) =>
    promisify(brotliCompress)(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 5,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength,
      },
    }),
  gzip: (bytes: Uint8Array) => promisify(gzip)(bytes),
} as const;
type Encoding = keyof typeof encoders;

/**
 * The encoding to use for an `Accept-Encoding` value: brotli, then gzip, among those the
 * client accepts with a non-zero q (`*` counts for both); none when it accepts neither.
 */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding | undefined {
  const q = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const weight = params.map((p) => p.trim().match(/^q=([\d.]+)$/)?.[1]).find((v) => v !== undefined);
    if (name) q.set(name, weight === undefined ? 1 : Number(weight));
  }
  const accepts = (name: Encoding) => (q.get(name) ?? q.get('*') ?? 0) > 0;
  return (['br', 'gzip'] as const).find(accepts);
}

/**
 * Compresses JSON responses of at least `compressThresholdBytes` for clients that accept
 * brotli or gzip. API Gateway's HTTP API does not compress, so the app does, for both
 * runtimes (hono's Lambda adapter base64-encodes a body with a `content-encoding`). Pages
 * and assets compress themselves and already carry `content-encoding`: they, other
 * content types, HEAD and `no-transform` responses are left alone.
 */
export const compressJson = createMiddleware(async (c, next) => {
  await next();
  const res = c.res;
  if (!res.body || c.req.method === 'HEAD' || !isJson(res.headers.get('content-type'))) return;
  if (res.headers.has('content-encoding') || /\bno-transform\b/i.test(res.headers.get('cache-control') ?? ''))
    return;
  const bytes = new Uint8Array(await res.arrayBuffer());
  const encoding =
    bytes.byteLength < compressThresholdBytes ? undefined : chooseEncoding(c.req.header('accept-encoding'));
  const body = encoding ? new Uint8Array(await encoders[encoding](bytes)) : bytes;
  // Hono copies the old response's headers onto the new one: adjust them after the swap.
  c.res = new Response(body, res);
  if (bytes.byteLength < compressThresholdBytes) return;
  // Large JSON differs by Accept-Encoding: a shared cache must not give gzip to a client without it.
  const vary = c.res.headers.get('vary');
  if (!/\baccept-encoding\b/i.test(vary ?? ''))
    c.res.headers.set('vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
  if (encoding) {
    c.res.headers.set('content-encoding', encoding);
    c.res.headers.delete('content-length');
  }
});
