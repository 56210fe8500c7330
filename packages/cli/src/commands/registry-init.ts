import { initRegistry } from '@kpx/registry';
import { CliError, exitCodes, printJson, type Io } from '../output.js';
import { durationOption, passphraseFrom, registryAction } from './registry-support.js';

export type RegistryInitOptions = {
  dir: string;
  passphraseEnv?: string;
  period?: string;
  refreshBefore?: string;
  overlap?: string;
  listKeyValidity?: string;
  autoApproveRotation?: boolean;
  seedAuthorities?: boolean;
  alg?: string;
  json?: boolean;
};

/**
 * `kpx registry init`: a new registry — root key (passphrase-encrypted, to be moved offline),
 * its public key to pin, an endorsed online list key, the 60 Participants, version 1.
 */
export async function registryInit(options: RegistryInitOptions, io: Io): Promise<number> {
  return registryAction(async () => {
    const alg = options.alg ?? 'EdDSA';
    if (alg !== 'EdDSA' && alg !== 'ES256') {
      throw new CliError('KPX_USAGE', `--alg must be EdDSA or ES256, not ${alg}`, exitCodes.usage);
    }
    const passphrase = passphraseFrom(options.passphraseEnv);
    const optional = <K extends string>(key: K, value: number | undefined) =>
      (value === undefined ? {} : { [key]: value }) as Partial<Record<K, number>>;
    const result = await initRegistry({
      dir: options.dir,
      passphrase,
      alg,
      autoApproveRotation: options.autoApproveRotation === true,
      seedAuthorities: options.seedAuthorities === true,
      ...optional('periodMs', durationOption(options.period, '--period')),
      ...optional('refreshBeforeMs', durationOption(options.refreshBefore, '--refresh-before')),
      ...optional('overlapMs', durationOption(options.overlap, '--overlap')),
      ...optional(
        'listKeyValidityMs',
        durationOption(options.listKeyValidity, '--list-key-validity'),
      ),
    });
    if (options.json) {
      printJson(io, {
        dir: options.dir,
        version: result.version,
        participants: result.participants,
        authorities: result.authorities,
        rootKid: result.rootKid,
        rootKey: result.rootKey,
        rootKeyFile: result.paths.rootKey,
        rootPublicKeyFile: result.paths.rootPublicKey,
        listKid: result.listKid,
        listKeyValidTo: result.listKeyValidTo,
        adminToken: result.adminToken,
      });
    } else {
      io.out(
        [
          `initialised the registry in ${options.dir}: trust list version ${result.version}, ${result.participants} Participants, ${result.authorities} authorities`,
          `  root key     ${result.rootKid}`,
          `               ${result.paths.rootKey} (encrypted; move it offline, it is needed only to endorse a new list key)`,
          `  pin          ${result.paths.rootPublicKey} (the root public key every node configures)`,
          `  list key     ${result.listKid}, endorsed until ${result.listKeyValidTo}`,
          `  admin token  ${result.adminToken} (shown once; kpx registry admin-token issues a new one)`,
        ].join('\n'),
      );
    }
    return exitCodes.ok;
  });
}
