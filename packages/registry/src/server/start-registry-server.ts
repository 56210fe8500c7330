import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import {
  openRegistry,
  type OpenRegistryOptions,
  type Registry,
} from '../registry/open-registry.js';

/** Options of {@link startRegistryServer}. */
export type StartRegistryServerOptions = OpenRegistryOptions & {
  /** TCP port; `0` (default) picks a free one. */
  port?: number;
  /** Interface to listen on; default `127.0.0.1`. */
  host?: string;
};

/** A running registry server. */
export type RegistryServer = {
  /** Base URL, e.g. `http://127.0.0.1:8700`. */
  url: string;
  port: number;
  registry: Registry;
  /** Stops accepting connections, then closes the registry. */
  close(): Promise<void>;
};

/**
 * Opens the registry in `dir` and serves its HTTP app on `host:port`. The root private key is
 * not needed (and should not be on this machine).
 *
 * @example
 * ```ts
 * const server = await startRegistryServer({ dir, port: 8700 });
 * const res = await fetch(`${server.url}/trust-list.json`);
 * await server.close();
 * ```
 */
export async function startRegistryServer(
  options: StartRegistryServerOptions,
): Promise<RegistryServer> {
  const registry = await openRegistry(options);
  const host = options.host ?? '127.0.0.1';
  try {
    const { server, address } = await new Promise<{
      server: ReturnType<typeof serve>;
      address: AddressInfo;
    }>((resolve, reject) => {
      const server = serve(
        { fetch: registry.app.fetch, port: options.port ?? 0, hostname: host },
        (address) => {
          resolve({ server, address });
        },
      );
      server.once('error', reject);
    });
    const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    let closed: Promise<void> | undefined;
    return {
      url: `http://${urlHost}:${address.port}`,
      port: address.port,
      registry,
      close: () => {
        closed ??= new Promise<void>((resolve) => {
          server.close(() => {
            resolve();
          });
          // Idle keep-alive connections would hold close() open.
          if ('closeAllConnections' in server) server.closeAllConnections();
        }).then(() => registry.stop());
        return closed;
      },
    };
  } catch (error) {
    await registry.stop();
    throw error;
  }
}
