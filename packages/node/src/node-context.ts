import type { Signer, SignatureVerifier } from '@kpx/protocol';
import type { NodeConfig } from './config/node-config.js';
import type { NodeMetrics } from './metrics/node-metrics.js';
import type { Clock } from './runtime/clock.js';
import type { IdGenerator } from './runtime/id-generator.js';
import type { Logger } from './runtime/logger.js';
import type { Random } from './runtime/random.js';
import type { Storage } from './storage/storage.js';
import type { NodeTrustServices } from './trust/node-trust-services.js';
import type { TrustHolder } from './trust/trust-snapshot.js';

/**
 * Everything a use case may touch, wired once by `createNode` (the composition root). Use cases
 * take it as their first argument; nothing reaches for globals, the clock or randomness.
 */
export type NodeContext = {
  /** The authority this node serves. */
  readonly authority: string;
  readonly config: NodeConfig;
  /** The key that signs now (read once per document: it changes after a key rotation). */
  readonly signer: Signer;
  readonly verifier: SignatureVerifier;
  readonly clock: Clock;
  readonly random: Random;
  readonly ids: IdGenerator;
  readonly trust: TrustHolder;
  readonly storage: Storage;
  readonly logger: Logger;
  readonly metrics: NodeMetrics;
  /** Asks the outbox dispatcher to run now (called after commit of anything it must send). */
  readonly wakeDispatcher: () => void;
  /** The authority's keys, the registry poller and key store (`signer` is the current key). */
  readonly trustServices: NodeTrustServices;
};
