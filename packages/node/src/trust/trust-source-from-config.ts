import type { SignatureVerifier } from '@kpx/protocol';
import type { NodeConfig } from '../config/node-config.js';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import { registryTrustSource } from './load-trust-list.js';
import type { RegistryFetch } from './registry-client.js';
import { createTrustFileSource } from './trust-file-source.js';
import { createTrustListCache } from './trust-list-cache.js';
import type { TrustSource } from './trust-source.js';

/**
 * The trust source `trustList` configures: with a `registryUrl`, the newest verified copy of
 * cache and seed file, else the registry; with a `path` only, the file as before. `undefined`
 * when nothing is configured.
 */
export function trustSourceFromConfig(
  trustList: NodeConfig['trustList'],
  env: {
    fetch: RegistryFetch;
    verifier: SignatureVerifier;
    clock: Clock;
    logger: Logger;
    timeoutMs: number;
  },
): TrustSource | undefined {
  if (trustList === undefined) return undefined;
  if (trustList.registryUrl !== undefined && trustList.rootKey !== undefined) {
    return registryTrustSource({
      registryUrl: trustList.registryUrl,
      rootKey: trustList.rootKey,
      ...(trustList.path === undefined ? {} : { path: trustList.path }),
      ...(trustList.cachePath === undefined
        ? {}
        : { cache: createTrustListCache(trustList.cachePath) }),
      ...env,
    });
  }
  if (trustList.path === undefined) return undefined;
  return createTrustFileSource({
    path: trustList.path,
    clock: env.clock,
    ...(trustList.rootKey === undefined ? {} : { rootKey: trustList.rootKey }),
  });
}
