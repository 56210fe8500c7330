import { readFile } from 'node:fs/promises';
import { KpxError } from '@kpx/domain';
import type { PublicJwk, SignatureVerifier } from '@kpx/protocol';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import { pollTrustList, type RegistryFetch } from './registry-client.js';
import type { TrustListCache } from './trust-list-cache.js';
import type { TrustDocument, TrustSource } from './trust-source.js';
import { verifySignedTrustList } from './verify-signed-trust-list.js';

/** Options of {@link registryTrustSource}. */
export type RegistryTrustSourceOptions = {
  registryUrl: string;
  rootKey: PublicJwk;
  /** The operator's seed file (`trustList.path`), used when it is newer than the cache. */
  path?: string;
  cache?: TrustListCache;
  fetch: RegistryFetch;
  verifier: SignatureVerifier;
  clock: Clock;
  logger: Logger;
  timeoutMs: number;
};

async function readText(path: string): Promise<string | undefined> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * The first trust list of a node that follows a registry: the newest list that verifies
 * against the pinned root among the cache (the last list verified, kept across restarts) and
 * the seed file; if there is neither, the registry is asked now. Only signed lists count here.
 * With no list at all the node cannot start: `KPX_TRUST_LIST_STALE` when the registry could
 * not be reached, or the refusal's own code when it served a list that does not verify.
 */
export function registryTrustSource(options: RegistryTrustSourceOptions): TrustSource {
  return Object.freeze({
    async load(): Promise<TrustDocument> {
      const now = options.clock.now();
      const candidates: TrustDocument[] = [];
      const consider = async (origin: string, text: string | undefined): Promise<void> => {
        if (text === undefined || text.length === 0) return;
        const verified = await verifySignedTrustList(text, {
          rootKey: options.rootKey,
          verifier: options.verifier,
          now,
        });
        if (verified.ok) {
          candidates.push({
            list: verified.list,
            signed: text,
            source: origin,
            verification: 'signature',
          });
        } else {
          options.logger.warn(
            {
              source: origin,
              code: verified.code,
              check: verified.check,
              message: verified.message,
            },
            'trust list copy refused',
          );
        }
      };
      if (options.cache !== undefined)
        await consider(options.cache.path, await options.cache.read());
      if (options.path !== undefined) await consider(options.path, await readText(options.path));
      const newest = candidates.sort((a, b) => b.list.version - a.list.version)[0];
      if (newest !== undefined) return newest;

      let answer;
      try {
        answer = await pollTrustList(options.fetch, {
          registryUrl: options.registryUrl,
          timeoutMs: options.timeoutMs,
        });
      } catch (error) {
        const where = [options.cache?.path, options.path].filter((p) => p !== undefined);
        throw new KpxError('KPX_TRUST_LIST_STALE', {
          detail: `no trust list: no verified copy${where.length === 0 ? '' : ` in ${where.join(' or ')}`}, and the registry ${options.registryUrl} could not be reached (${error instanceof Error ? error.message : String(error)})`,
        });
      }
      if (answer.status !== 'ok') {
        throw new KpxError('KPX_TRUST_LIST_INVALID', {
          detail: `the registry ${options.registryUrl} answered 304 to a request without If-None-Match`,
        });
      }
      const verified = await verifySignedTrustList(answer.jws, {
        rootKey: options.rootKey,
        verifier: options.verifier,
        now,
      });
      if (!verified.ok) {
        throw new KpxError(verified.code, {
          detail: `the trust list from ${options.registryUrl} was refused: ${verified.check}: ${verified.message}`,
        });
      }
      if (options.cache !== undefined) await options.cache.write(answer.jws);
      return {
        list: verified.list,
        signed: answer.jws,
        source: options.registryUrl,
        verification: 'signature',
      };
    },
  });
}
