import type { Hono } from 'hono';
import { defaultIsContentTypeBinary, handle } from 'hono/aws-lambda';

/**
 * The app as a Lambda handler behind API Gateway. CSV goes out base64-encoded like other
 * binary bodies: as text the adapter would decode it and drop the UTF-8 byte-order mark
 * that Excel and WPS on Chinese Windows need to read it as UTF-8 rather than GBK.
 */
// biome-ignore lint/suspicious/noExplicitAny: any Hono app, whatever its env and schema.
export function lambdaHandlerFor(app: Hono<any, any, any>) {
  return handle(app, {
    isContentTypeBinary: (contentType) =>
      defaultIsContentTypeBinary(contentType) || /^text\/csv\b/i.test(contentType),
  });
}
