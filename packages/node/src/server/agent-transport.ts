import { Agent, request } from 'undici';
import type { Transport } from '../outbox/transport.js';
import type { Pem } from './http-listener.js';

/** TLS settings of outgoing deliveries: CAs to trust beyond the system's, and a client certificate for mutual TLS. */
export type OutboundTls = { ca?: Pem; cert?: Pem; key?: Pem };

/** A {@link Transport} that owns its connection pool, so shutdown can close it. */
export type ClosableTransport = { transport: Transport; close(): Promise<void> };

/** Largest response read from a partner: a receipt or a problem document is a few KiB. */
const maxResponseBytes = 256 * 1024;

const pem = (value: Pem): string | Buffer =>
  typeof value === 'string' ? value : Buffer.from(value);

/**
 * The outbox transport over an undici `Agent` of its own: the same requests as
 * `createUndiciTransport`, plus TLS options (a private CA for partners' server certificates,
 * a client certificate for partners that require mutual TLS on `/exchange`), and a `close()`
 * that ends the keep-alive connections at shutdown instead of leaving them to time out.
 */
export function createAgentTransport(tls: OutboundTls = {}): ClosableTransport {
  const agent = new Agent({
    keepAliveTimeout: 4000,
    connect: {
      ...(tls.ca === undefined ? {} : { ca: pem(tls.ca) }),
      ...(tls.cert === undefined ? {} : { cert: pem(tls.cert) }),
      ...(tls.key === undefined ? {} : { key: pem(tls.key) }),
    },
  });
  const transport: Transport = async ({ url, body, headers, timeoutMs, signal }) => {
    const response = await request(url, {
      dispatcher: agent,
      method: 'POST',
      body,
      headers: { ...headers },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      ...(signal === undefined ? {} : { signal }),
    });
    const length = Number(response.headers['content-length'] ?? 0);
    if (length > maxResponseBytes) {
      await response.body.dump();
      throw new Error(`response of ${length} bytes exceeds ${maxResponseBytes}`);
    }
    const type = response.headers['content-type'];
    return {
      status: response.statusCode,
      contentType: Array.isArray(type) ? type[0] : type,
      body: await response.body.text(),
    };
  };
  return { transport, close: () => agent.close() };
}
