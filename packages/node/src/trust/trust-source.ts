import type { TrustList } from '@kpx/protocol';

/**
 * A trust list as loaded: the payload, the signed JWS when there was one, and how much was
 * checked — `signature` (verified against the pinned registry root key), `unchecked-signature`
 * (a signed list read without a pinned root key) or `unsigned` (a bare JSON payload).
 */
export type TrustDocument = {
  list: TrustList;
  signed?: string;
  source: string;
  verification: 'signature' | 'unchecked-signature' | 'unsigned';
};

/**
 * The port the node reads its trust list through. Until the registry exists it is a static
 * file (`createTrustFileSource`); the registry client will implement the same port.
 */
export interface TrustSource {
  load(): Promise<TrustDocument>;
}

/** A fixed trust list (tests, simulations). */
export function staticTrustSource(list: TrustList, source = 'static'): TrustSource {
  return Object.freeze({
    load: () => Promise.resolve({ list, source, verification: 'unsigned' as const }),
  });
}
