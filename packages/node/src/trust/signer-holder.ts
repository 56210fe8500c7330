import type { Signer } from '@kpx/protocol';
import { createNodeSigner } from '@kpx/protocol/node';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import type { KeyStore } from './key-store.js';
import type { TrustHolder, TrustSnapshot } from './trust-snapshot.js';

/**
 * The authority's signing keys as this node holds them: the configured one and any next key
 * from a rotation. Which one signs is decided by the trust list held, at every use: the held
 * key listed for this authority, not revoked, valid now, with the latest `validFrom`. So a
 * next key is used only once a list carrying it is live (and its `validFrom` has come), and
 * until then the current key keeps signing; when a newer list arrives nothing else has to be
 * told. With no held key valid by the list, the configured key signs (and partners will say why
 * they refuse it).
 */
export type SignerHolder = {
  /** The signer to use now. Take it once per document: header `kid` and signature must agree. */
  current(): Signer;
  /** Holds another key (a rotation's next key). */
  add(signer: Signer): void;
  has(kid: string): boolean;
  /** The kids held, configured key first. */
  kids(): string[];
};

/** Options of {@link createSignerHolder}. */
export type SignerHolderOptions = {
  initial: Signer;
  authority: string;
  trust: TrustHolder;
  clock: Clock;
  logger: Logger;
};

function usableAt(snapshot: TrustSnapshot, authority: string, kid: string, now: number) {
  const key = snapshot.keys(kid);
  if (key === undefined || key.authority !== authority || key.revokedAt !== undefined)
    return undefined;
  const from = Date.parse(key.validFrom);
  const to = key.validTo === undefined ? Infinity : Date.parse(key.validTo);
  return now >= from && now <= to ? from : undefined;
}

export function createSignerHolder(options: SignerHolderOptions): SignerHolder {
  const signers = new Map<string, Signer>([[options.initial.kid, options.initial]]);
  let last = options.initial.kid;
  return {
    current() {
      const snapshot = options.trust.current();
      // Judged at the whole second: a certificate's `iat` is whole seconds (floored), so a key
      // whose validFrom is 10:00:52.306 must not sign at 10:00:52.5 — the document would say
      // 10:00:52 and fail `key-valid-at-signing` (KPX_KEY_NOT_YET_VALID) everywhere.
      const now = Math.floor(options.clock.now() / 1000) * 1000;
      let chosen: Signer | undefined;
      let chosenFrom = -Infinity;
      for (const signer of signers.values()) {
        const from = usableAt(snapshot, options.authority, signer.kid, now);
        if (from !== undefined && from >= chosenFrom) {
          chosen = signer;
          chosenFrom = from;
        }
      }
      const signer = chosen ?? options.initial;
      if (signer.kid !== last) {
        options.logger.info(
          { kid: signer.kid, previous: last, trustListVersion: snapshot.list.version },
          'signing with another key',
        );
        last = signer.kid;
      }
      return signer;
    },
    add(signer) {
      signers.set(signer.kid, signer);
    },
    has: (kid) => signers.has(kid),
    kids: () => [...signers.keys()],
  };
}

/**
 * Takes into the holder every key the trust list lists for this authority that the key store
 * has and the holder does not (a next key enrolled by `kpx node rotate-key` while the node ran,
 * or before a restart). Never throws: a key that cannot be opened is logged.
 */
export async function adoptListedKeys(
  holder: SignerHolder,
  snapshot: TrustSnapshot,
  authority: string,
  keyStore: KeyStore,
  logger: Logger,
): Promise<void> {
  for (const key of snapshot.list.keys) {
    if (key.authority !== authority || key.revokedAt !== undefined || holder.has(key.kid)) continue;
    try {
      const privateJwk = await keyStore.open(key.kid);
      if (privateJwk === undefined) continue;
      holder.add(createNodeSigner(privateJwk));
      logger.info({ kid: key.kid, validFrom: key.validFrom }, 'next signing key loaded');
    } catch (error) {
      logger.error({ err: error, kid: key.kid }, 'a listed signing key could not be opened');
    }
  }
}
