import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { getRequestListener, type Http2Bindings, type HttpBindings } from '@hono/node-server';
import { KpxError } from '@kpx/domain';
import { problemOf, problemResponse } from '../http/problem.js';
import { isLoopbackHost, urlHost } from './loopback.js';

/** PEM text or bytes. */
export type Pem = string | Uint8Array;

/** Where and how to listen. */
export type ListenerOptions = {
  /** Interface to bind, e.g. `127.0.0.1`. Plain HTTP is refused unless it is loopback. */
  host: string;
  /** TCP port; `0` picks a free one. */
  port: number;
  /** Serve HTTPS with this certificate chain and key. */
  tls?: { cert: Pem; key: Pem };
  /**
   * Mutual TLS for `/exchange`: clients may present a certificate (the TLS handshake asks for
   * one but does not fail without it, so officers and the public reach the other routes), and
   * `/exchange/*` answers 401 unless the presented certificate chains to one of these CAs.
   */
  clientCa?: Pem;
  /** How long `close()` lets requests in flight finish before cutting connections. Default 10 s. */
  shutdownGraceMs?: number;
};

/** A fetch-shaped handler that also sees the Node request (for the TLS socket). */
export type BoundFetch = (request: Request, env: HttpBindings) => Response | Promise<Response>;

/** A bound socket; the handler can be attached after binding (the port is known first). */
export type Listener = {
  /** `http(s)://host:port` as bound. */
  readonly url: string;
  readonly port: number;
  /** Starts answering with `handler`; until then every request gets 503 (try again). */
  setHandler(handler: BoundFetch): void;
  /**
   * Graceful close: stops accepting, lets requests in flight finish (answering them with
   * `Connection: close`), closes idle keep-alive connections, and after the grace period cuts
   * what is left. Idempotent.
   */
  close(): Promise<void>;
};

/** The prefix of the partner-node routes that mutual TLS protects. */
export const exchangePrefix = '/exchange/';

function configError(path: string, message: string): KpxError {
  return new KpxError('KPX_CONFIG_INVALID', {
    detail: `invalid server configuration: ${path}: ${message}`,
    problems: [{ code: 'KPX_CONFIG_INVALID', path, message }],
  });
}

function unauthenticated(detail: string): Response {
  return problemResponse(problemOf(new KpxError('KPX_UNAUTHENTICATED', { detail })), {
    'www-authenticate': 'Mutual-TLS',
  });
}

const notReady = (): Response =>
  new Response(JSON.stringify({ type: 'about:blank', title: 'Starting', status: 503 }), {
    status: 503,
    headers: { 'content-type': 'application/problem+json', 'retry-after': '1' },
  });

/**
 * Binds an HTTP or HTTPS server. Refuses (`KPX_CONFIG_INVALID`) plain HTTP on anything but
 * loopback, and a client CA without TLS.
 */
export async function openListener(options: ListenerOptions): Promise<Listener> {
  if (options.tls === undefined && !isLoopbackHost(options.host)) {
    throw configError(
      '/server/host',
      `${options.host} is not a loopback address: plain HTTP is served on loopback only; configure server.tls (cert and key) or bind 127.0.0.1 behind a TLS proxy`,
    );
  }
  if (options.clientCa !== undefined && options.tls === undefined) {
    throw configError('/server/tls/clientCa', 'mutual TLS needs server.tls (cert and key) as well');
  }
  let handler: BoundFetch | undefined;
  let closing = false;
  const mutualTls = options.clientCa !== undefined;

  const listener = getRequestListener(
    async (request: Request, bindings: HttpBindings | Http2Bindings) => {
      // This server is HTTP/1.1 (node:http / node:https), never HTTP/2.
      const env = bindings as HttpBindings;
      if (mutualTls && new URL(request.url).pathname.startsWith(exchangePrefix)) {
        const socket = env.incoming.socket as TLSSocket;
        if (!socket.authorized) {
          const presented =
            typeof socket.getPeerCertificate === 'function' &&
            Object.keys(socket.getPeerCertificate()).length > 0;
          return unauthenticated(
            presented
              ? `The client certificate is not trusted (${String(socket.authorizationError)}): /exchange requires mutual TLS`
              : 'A client certificate is required: /exchange requires mutual TLS',
          );
        }
      }
      const response = handler === undefined ? notReady() : await handler(request, env);
      // Shutting down: tell keep-alive clients not to send another request on this connection.
      if (closing && !env.outgoing.headersSent) env.outgoing.setHeader('connection', 'close');
      return response;
    },
    { hostname: options.host },
  );

  const server: Server =
    options.tls === undefined
      ? createHttpServer(listener)
      : createHttpsServer(
          {
            cert:
              typeof options.tls.cert === 'string'
                ? options.tls.cert
                : Buffer.from(options.tls.cert),
            key:
              typeof options.tls.key === 'string' ? options.tls.key : Buffer.from(options.tls.key),
            minVersion: 'TLSv1.2',
            ...(options.clientCa === undefined
              ? {}
              : {
                  ca:
                    typeof options.clientCa === 'string'
                      ? options.clientCa
                      : Buffer.from(options.clientCa),
                  requestCert: true,
                  // Checked per route above: only /exchange needs a client certificate.
                  rejectUnauthorized: false,
                }),
          },
          listener,
        );
  server.keepAliveTimeout = 5000;

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? configError('/server/port', `${options.host}:${options.port} is already in use`)
          : error.code === 'EADDRNOTAVAIL'
            ? configError('/server/host', `${options.host} is not an address of this machine`)
            : error,
      );
    };
    server.once('error', onError);
    server.listen(options.port, options.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const url = `${options.tls === undefined ? 'http' : 'https'}://${urlHost(options.host)}:${address.port}`;
  const graceMs = options.shutdownGraceMs ?? 10_000;
  let closed: Promise<void> | undefined;

  return Object.freeze({
    url,
    port: address.port,
    setHandler(next: BoundFetch) {
      handler = next;
    },
    close() {
      closed ??= new Promise<void>((resolve) => {
        closing = true;
        const sweep = setInterval(() => server.closeIdleConnections(), 25);
        const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
        deadline.unref();
        server.close(() => {
          clearInterval(sweep);
          clearTimeout(deadline);
          resolve();
        });
        server.closeIdleConnections();
      });
      return closed;
    },
  });
}
