import { exitCodes, printJson, type Io } from '../output.js';
import {
  durationOption,
  passphraseFrom,
  registryAction,
  withRegistry,
} from './registry-support.js';

export type EndorseListKeyOptions = {
  dir: string;
  rootKey?: string;
  passphraseEnv?: string;
  validity?: string;
  json?: boolean;
};

/**
 * `kpx registry endorse-list-key`: a new online list key endorsed by the root key (decrypted
 * with the passphrase from the environment); no server needs to run. The next version, signed
 * with it, is published at once.
 */
export async function registryEndorseListKey(
  options: EndorseListKeyOptions,
  io: Io,
): Promise<number> {
  return registryAction(async () => {
    const passphrase = passphraseFrom(options.passphraseEnv);
    const validityMs = durationOption(options.validity, '--validity');
    return withRegistry(options.dir, async (registry) => {
      const result = await registry.endorseListKey({
        passphrase,
        ...(options.rootKey === undefined ? {} : { rootKeyPath: options.rootKey }),
        ...(validityMs === undefined ? {} : { validityMs }),
      });
      if (options.json)
        printJson(io, {
          listKid: result.listKid,
          validFrom: result.validFrom,
          validTo: result.validTo,
          version: result.published.version,
        });
      else
        io.out(
          `endorsed list key ${result.listKid} until ${result.validTo}; published trust list version ${result.published.version} signed with it`,
        );
      return exitCodes.ok;
    });
  });
}

export type AdminTokenOptions = { dir: string; json?: boolean };

/** `kpx registry admin-token`: a new bearer token for the admin API (the old one stops working). */
export async function registryAdminToken(options: AdminTokenOptions, io: Io): Promise<number> {
  return registryAction(() =>
    withRegistry(options.dir, async (registry) => {
      const token = await registry.issueAdminToken();
      if (options.json) printJson(io, { adminToken: token });
      else io.out(`new admin token (shown once; the previous one no longer works):\n${token}`);
      return exitCodes.ok;
    }),
  );
}
