import { KpxError } from '@kpx/domain';
import type { Signer, SignatureVerifier } from '@kpx/protocol';
import type { NodeConfig } from '../config/node-config.js';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import type { Random } from '../runtime/random.js';
import type { KeyStore } from './key-store.js';
import type { NodeTrustServices } from './node-trust-services.js';
import type { RegistryFetch } from './registry-client.js';
import { adoptListedKeys, createSignerHolder } from './signer-holder.js';
import { createTrustListCache } from './trust-list-cache.js';
import {
  createTrustHolder,
  createTrustSnapshot,
  type TrustHolder,
  type TrustSnapshot,
} from './trust-snapshot.js';
import type { TrustSource } from './trust-source.js';
import { createTrustSync } from './trust-sync.js';

/** What {@link wireNodeTrust} gives the composition root. */
export type WiredNodeTrust = {
  trust: TrustHolder;
  services: NodeTrustServices;
  /** Polls the registry now (or reads the trust source again); refusals throw with their code. */
  reload(): Promise<TrustSnapshot>;
  /** The registry poller's loop; resolves at once when no registry is configured. */
  run(signal: AbortSignal): Promise<void>;
};

/**
 * Wires the trust list into the node: the holder (freshness and grace), the signer holder (the
 * current key, decided by the list held), the registry poller when `trustList.registryUrl` is
 * set, and the key store, asked for the next key whenever a list lists one this node does not
 * hold yet.
 */
export async function wireNodeTrust(input: {
  config: NodeConfig;
  snapshot: TrustSnapshot;
  source: TrustSource;
  signer: Signer;
  clock: Clock;
  random: Random;
  logger: Logger;
  verifier: SignatureVerifier;
  fetch: RegistryFetch;
  keyStore?: KeyStore;
  /** Throws `KpxError` when a list does not fit this node (e.g. its authority missing). */
  accept(snapshot: TrustSnapshot): void;
}): Promise<WiredNodeTrust> {
  const { config, clock, logger } = input;
  const settings = config.trustList;
  const registryUrl = settings?.registryUrl;
  const trust = createTrustHolder(input.snapshot, {
    clock,
    ...(settings === undefined ? {} : { graceMs: settings.graceMs }),
    ...(registryUrl === undefined ? {} : { registryUrl }),
  });
  const signers = createSignerHolder({
    initial: input.signer,
    authority: config.authority,
    trust,
    clock,
    logger,
  });
  const sync =
    registryUrl !== undefined && settings?.rootKey !== undefined
      ? createTrustSync({
          registryUrl,
          rootKey: settings.rootKey,
          holder: trust,
          fetch: input.fetch,
          verifier: input.verifier,
          clock,
          random: input.random,
          logger,
          refreshIntervalMs: settings.refreshIntervalMs,
          timeoutMs: config.outbox.requestTimeoutMs,
          ...(settings.cachePath === undefined
            ? {}
            : { cache: createTrustListCache(settings.cachePath) }),
          accept: input.accept,
        })
      : undefined;
  const keyStore = input.keyStore;
  // Opening a sealed key takes a while (scrypt): adoptions run in order, and a reload waits for
  // them, so the key a new list carries signs as soon as the reload returns.
  let adopting: Promise<void> = Promise.resolve();
  if (keyStore !== undefined) {
    await adoptListedKeys(signers, input.snapshot, config.authority, keyStore, logger);
    trust.subscribe((snapshot) => {
      adopting = adopting.then(() =>
        adoptListedKeys(signers, snapshot, config.authority, keyStore, logger),
      );
    });
  }
  const services: NodeTrustServices = Object.freeze({
    signers,
    fetch: input.fetch,
    ...(sync === undefined ? {} : { sync }),
    ...(keyStore === undefined ? {} : { keyStore }),
    ...(registryUrl === undefined ? {} : { registryUrl }),
  });

  async function reload(): Promise<TrustSnapshot> {
    if (sync !== undefined) {
      const result = await sync.refresh();
      if (result.outcome === 'refused') throw new KpxError(result.code, { detail: result.message });
      if (result.outcome === 'unreachable')
        throw new KpxError('KPX_REGISTRY_UNREACHABLE', { detail: result.message });
      await adopting;
      return trust.current();
    }
    const next = createTrustSnapshot(await input.source.load(), clock.now());
    const held = trust.current().list.version;
    if (next.list.version < held) {
      throw new KpxError('KPX_TRUST_LIST_ROLLBACK', {
        detail: `version ${next.list.version} is older than the ${held} held`,
      });
    }
    input.accept(next);
    trust.replace(next);
    trust.confirmed(clock.now());
    await adopting;
    logger.info({ version: next.list.version }, 'trust list reloaded');
    return next;
  }

  return {
    trust,
    services,
    reload,
    run: (signal) => (sync === undefined ? Promise.resolve() : sync.run(signal)),
  };
}
