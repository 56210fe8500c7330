import { jsonLinesLogger, startRegistryServer } from '@kpx/registry';
import { exitCodes, printJson, type Io } from '../output.js';
import { integerOption, registryAction } from './registry-support.js';

export type RegistryStartOptions = { dir: string; port?: string; host?: string; json?: boolean };

/** Resolves on the first SIGINT or SIGTERM (the listeners are removed again). */
function shutdownRequested(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/**
 * `kpx registry start`: serves the registry until SIGINT/SIGTERM, then closes cleanly. Needs
 * the database and the online list key only — not the root key.
 */
export async function registryStart(options: RegistryStartOptions, io: Io): Promise<number> {
  return registryAction(async () => {
    const port = options.port === '0' ? 0 : (integerOption(options.port, '--port') ?? 8700);
    const server = await startRegistryServer({
      dir: options.dir,
      port,
      host: options.host ?? '127.0.0.1',
      logger: jsonLinesLogger((line) => io.err(line)),
    });
    const stopped = shutdownRequested();
    let signal: string;
    try {
      const { version } = await server.registry.currentList();
      if (options.json) printJson(io, { url: server.url, dir: options.dir, version });
      else
        io.out(
          `registry ${options.dir} serving at ${server.url} (trust list version ${version}); Ctrl-C stops`,
        );
      signal = await stopped;
    } finally {
      await server.close();
    }
    if (!options.json) io.out(`registry stopped (${signal})`);
    return exitCodes.ok;
  });
}
