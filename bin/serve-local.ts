import type { AddressInfo } from 'node:net';
import { type Http2Bindings, type HttpBindings, serve } from '@hono/node-server';

type Fetch = (request: Request, env: HttpBindings | Http2Bindings) => Response | Promise<Response>;

/**
 * Wraps the app's fetch for @hono/node-server: an answer given before the request body has
 * fully arrived (an early 413 or 415, a 401 on an upload) goes out with `Connection: close`.
 *
 * Why: the app refuses such a request without reading its body, and the server cannot
 * reliably read the rest later — @hono/node-server's own drain stalls behind the web stream
 * the app looked at and then, after 500 ms, closes the socket while the response said
 * keep-alive, so a keep-alive client saw its next request reset. Closing on purpose, and
 * saying so, lets the client open a fresh connection instead. Draining a large refused body
 * would only spend bandwidth on bytes nobody wants; a small body has usually arrived whole
 * by the next turn of the event loop and keeps the connection. Lambda never sees this: API
 * Gateway owns the client connection, so no hop-by-hop header is added there.
 */
export function closeWhenBodyUnread(fetch: Fetch): Fetch {
  return async (request, env) => {
    const res = await fetch(request, env);
    // A small body often follows its headers a moment later: let bytes already here be parsed.
    if (!env.incoming.complete) await new Promise((resolve) => setImmediate(resolve));
    if (env.incoming.complete) return res;
    const closing = new Response(res.body, res);
    closing.headers.set('connection', 'close');
    return closing;
  };
}

/** Serves `fetch` the way `npm start` does: on `hostname:port`, refusals closing as above. */
export function serveLocal(
  fetch: Fetch,
  options: { port: number; hostname: string },
  onListening?: (info: AddressInfo) => void,
) {
  return serve({ fetch: closeWhenBodyUnread(fetch), ...options }, onListening);
}
