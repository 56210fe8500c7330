import { access } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { KpxError } from '@kpx/domain';
import { createSealedKeyStore, type KeyStore } from './key-store.js';

/** Where a node directory keeps the last verified trust list fetched from the registry. */
export const trustListCacheFile = 'trust-list.cache.jwt';

type TrustListSettings = {
  path?: string | undefined;
  cachePath?: string | undefined;
  registryUrl?: string | undefined;
};

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * The `trustList` of a node directory's `node.json` with `path` and `cachePath` taken relative
 * to the directory. A seed file is required only when it is the sole source: with a
 * `registryUrl` the node starts from its cache or asks the registry.
 */
export async function resolveDirectoryTrustList<T extends TrustListSettings>(
  dir: string,
  trustList: T | undefined,
  configPath: string,
): Promise<T | undefined> {
  if (trustList === undefined) return undefined;
  const inDir = (path: string): string => (isAbsolute(path) ? path : join(dir, path));
  const resolved: T = {
    ...trustList,
    ...(trustList.path === undefined ? {} : { path: inDir(trustList.path) }),
    ...(trustList.cachePath === undefined ? {} : { cachePath: inDir(trustList.cachePath) }),
  };
  if (
    trustList.registryUrl === undefined &&
    resolved.path !== undefined &&
    !(await exists(resolved.path))
  ) {
    throw new KpxError('KPX_CONFIG_INVALID', {
      detail: `trust list ${resolved.path} not found (${configPath} /trustList/path): place the registry's trust list there, or set /trustList/registryUrl (public.jwks.json is what the registry enrols)`,
    });
  }
  return resolved;
}

/**
 * The key store of a node directory: next keys sealed beside the signing key, under the same
 * passphrase, so `kpx node start` takes them up again.
 */
export function directoryKeyStore(signingKeyPath: string, passphrase: string): KeyStore {
  return createSealedKeyStore({ dir: dirname(signingKeyPath), passphrase });
}
