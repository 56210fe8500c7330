import type { Transport } from './transport.js';

/** Anything with the shape of `fetch` over a `Request`: `app.fetch` of a Hono app, or `fetch`. */
export type FetchHandler = (request: Request) => Response | Promise<Response>;

/**
 * A {@link Transport} over a fetch-shaped function. With a node's `app.fetch` it wires nodes
 * together in one process (tests, simulations) without sockets.
 *
 * @example
 * ```ts
 * const transport = createFetchTransport((req) => eu.app.fetch(req));
 * ```
 */
export function createFetchTransport(handler: FetchHandler): Transport {
  return async ({ url, body, headers, timeoutMs, signal }) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const response = await handler(
      new Request(url, {
        method: 'POST',
        body,
        headers,
        signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]),
      }),
    );
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? undefined,
      body: await response.text(),
    };
  };
}

/**
 * A fetch handler that routes by URL origin to in-process handlers (`{ 'http://eu.test':
 * eu.app.fetch }`); an unknown origin fails like a refused connection.
 */
export function routeByOrigin(routes: Readonly<Record<string, FetchHandler>>): FetchHandler {
  return (request) => {
    const handler = routes[new URL(request.url).origin];
    if (handler === undefined)
      return Promise.reject(new Error(`connect ECONNREFUSED ${new URL(request.url).origin}`));
    return handler(request);
  };
}
