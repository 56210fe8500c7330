import { writeFile } from 'node:fs/promises';
import { CliError, exitCodes, printJson, type Io } from '../output.js';
import { integerOption, registryAction, withRegistry } from './registry-support.js';

export type RegistryExportOptions = {
  dir: string;
  out?: string;
  listVersion?: string;
  payload?: boolean;
  json?: boolean;
};

/**
 * `kpx registry export`: the signed trust list (newest, or `--list-version N`) exactly as served —
 * the compact JWS a node can read from a file — to `--out FILE` or stdout. `--payload` prints
 * the decoded list instead (for reading, not for nodes).
 */
export async function registryExport(options: RegistryExportOptions, io: Io): Promise<number> {
  return registryAction(() =>
    withRegistry(options.dir, async (registry) => {
      const n = integerOption(options.listVersion, '--list-version');
      const found = n === undefined ? await registry.currentList() : await registry.version(n);
      if (found === undefined) {
        throw new CliError(
          'KPX_NOT_FOUND',
          `no trust-list version ${String(n)} in ${options.dir}`,
          exitCodes.usage,
        );
      }
      const { jws, list, ...meta } = found;
      if (options.out !== undefined)
        await writeFile(
          options.out,
          options.payload === true ? JSON.stringify(list, null, 2) + '\n' : jws + '\n',
        );
      if (options.json) {
        printJson(io, {
          ...meta,
          ...(options.out === undefined
            ? options.payload === true
              ? { list }
              : { jws }
            : { file: options.out }),
        });
      } else if (options.out !== undefined) {
        io.out(
          `wrote trust list version ${meta.version} (issued ${meta.issuedAt}, next update ${meta.nextUpdate}) to ${options.out}`,
        );
      } else {
        io.out(options.payload === true ? JSON.stringify(list, null, 2) : jws);
      }
      return exitCodes.ok;
    }),
  );
}
