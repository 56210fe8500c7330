import { serveNodeDirectory } from '@kpx/node';
import { exitCodes, type Io } from '../output.js';
import { operatorErrors } from './node-errors.js';
import { aborted, shutdownSignal } from './node-shutdown.js';

export type NodeStartOptions = { dir: string; db?: string; json?: boolean };

/**
 * `kpx node start`: validates node.json, opens the sealed key with the passphrase from the
 * environment, serves the node (HTTPS when configured; plain HTTP on loopback only) and runs
 * its workers until SIGINT/SIGTERM, then shuts down gracefully — requests and the dispatcher
 * pass in flight finish, the database closes — and returns 0. SIGHUP reloads the trust list.
 */
export async function nodeStart(options: NodeStartOptions, io: Io): Promise<number> {
  const shutdown = shutdownSignal();
  try {
    const server = await operatorErrors(() =>
      serveNodeDirectory(options.dir, {
        env: process.env,
        ...(options.db === undefined ? {} : { database: options.db }),
        signal: shutdown.signal,
      }),
    );
    const reload = () => {
      server.node.reloadTrustList().catch((error: unknown) => {
        io.err(
          `kpx: trust list not reloaded: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
    };
    process.on('SIGHUP', reload);
    const ready = {
      authority: server.node.authority,
      url: server.url,
      publicUrl: server.publicUrl,
      pid: process.pid,
    };
    // One line: it shares stdout with the node's JSON log lines (NDJSON).
    if (options.json) io.out(JSON.stringify({ ready }));
    else
      io.err(
        `kpx: ${ready.authority} node serving ${ready.url} (public URL ${ready.publicUrl}); SIGINT or SIGTERM stops it`,
      );
    await aborted(shutdown.signal);
    await server.close();
    process.off('SIGHUP', reload);
    if (!options.json) io.err(`kpx: ${ready.authority} node stopped`);
    return exitCodes.ok;
  } finally {
    shutdown.dispose();
  }
}
