import type { KpxNode } from '../create-node.js';
import { openListener, type Listener, type Pem } from './http-listener.js';

/** Options of {@link startNodeServer}. */
export type NodeServerOptions = {
  /** Interface to bind. Plain HTTP (no `tls`) is refused unless it is loopback. */
  host: string;
  /** TCP port; `0` picks a free one. */
  port: number;
  /** Serve HTTPS with this certificate chain and key (PEM). */
  tls?: { cert: Pem; key: Pem };
  /** Require a client certificate from one of these CAs on `/exchange/*` (mutual TLS). */
  clientCa?: Pem;
  /** How long `close()` lets requests in flight finish. Default 10 s. */
  shutdownGraceMs?: number;
  /** Start the node's workers (outbox dispatcher, expiry sweep). Default true. */
  startWorkers?: boolean;
  /** Closes the server when aborted (SIGINT/SIGTERM in `kpx node start`). */
  signal?: AbortSignal;
};

/** A node served on a socket. */
export type NodeServer = {
  /** `http(s)://host:port` as bound. */
  readonly url: string;
  readonly port: number;
  /**
   * Graceful shutdown, in this order: stop accepting and finish the requests in flight, then
   * stop the node (the dispatcher pass in flight finishes, the database closes). Never exits
   * the process. Idempotent; resolves when everything is closed.
   */
  close(): Promise<void>;
};

/**
 * Serves `node` with @hono/node-server on `host:port` — HTTPS when `tls` is given, plain HTTP
 * only on loopback — and starts its workers.
 *
 * @example
 * ```ts
 * const node = await createNode(config, { signer });
 * const server = await startNodeServer(node, { host: '127.0.0.1', port: 8443 });
 * process.once('SIGTERM', () => void server.close());
 * ```
 */
export async function startNodeServer(
  node: KpxNode,
  options: NodeServerOptions,
): Promise<NodeServer> {
  const listener = await openListener({
    host: options.host,
    port: options.port,
    ...(options.tls === undefined ? {} : { tls: options.tls }),
    ...(options.clientCa === undefined ? {} : { clientCa: options.clientCa }),
    ...(options.shutdownGraceMs === undefined ? {} : { shutdownGraceMs: options.shutdownGraceMs }),
  });
  return serveNodeOn(listener, node, options);
}

/** Attaches `node` to a listener bound earlier (a network binds every port before it builds the trust list). */
export function serveNodeOn(
  listener: Listener,
  node: KpxNode,
  options: { startWorkers?: boolean; signal?: AbortSignal } = {},
): NodeServer {
  // The bindings (Node request and socket) go along: the console reads the client address there.
  listener.setHandler((request, env) => node.fetch(request, env));
  if (options.startWorkers ?? true) node.start();
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      try {
        await listener.close();
      } finally {
        await node.stop();
      }
    })();
    return closed;
  };
  if (options.signal !== undefined) {
    if (options.signal.aborted) void close();
    else options.signal.addEventListener('abort', () => void close(), { once: true });
  }
  return Object.freeze({ url: listener.url, port: listener.port, close });
}
