import type { RegistryFetch } from './registry-client.js';
import type { KeyStore } from './key-store.js';
import type { SignerHolder } from './signer-holder.js';
import type { TrustSync } from './trust-sync.js';

/**
 * The node's link to its registry, wired by `createNode`: the authority's keys, the trust-list
 * poller (when a registry is configured), the key store and how to call the registry.
 */
export type NodeTrustServices = {
  readonly signers: SignerHolder;
  /** Present when `trustList.registryUrl` is configured. */
  readonly sync?: TrustSync;
  /** Where a rotation's next key is kept; without one the node cannot rotate. */
  readonly keyStore?: KeyStore;
  readonly registryUrl?: string;
  readonly fetch: RegistryFetch;
};
