import type { Directory } from '@kpx/domain';
import {
  directoryFromTrustList,
  keyResolverFromTrustList,
  type KeyResolver,
  type TrustList,
} from '@kpx/protocol';
import type { TrustDocument } from './trust-source.js';

/** The trust list in the forms the node uses, fixed at load time. */
export type TrustSnapshot = {
  readonly document: TrustDocument;
  readonly list: TrustList;
  readonly keys: KeyResolver;
  readonly directory: Directory;
  /** Milliseconds since the epoch when this node loaded the list. */
  readonly loadedAt: number;
  /** The base URL of an authority's node, or `undefined` when it has none (paper partner). */
  endpointOf(authority: string): string | undefined;
  /** The longest validity any authority allows, in days (the dedup window must cover it). */
  readonly longestValidityDays: number;
};

/** Builds a {@link TrustSnapshot} from a loaded trust document. */
export function createTrustSnapshot(document: TrustDocument, loadedAt: number): TrustSnapshot {
  const endpoints = new Map<string, string>();
  for (const a of document.list.authorities)
    if (a.endpoint !== undefined) endpoints.set(a.id, a.endpoint);
  const longestValidityDays = Math.max(
    0,
    ...document.list.authorities.map((a) => a.validity.maxDays),
  );
  return Object.freeze({
    document,
    list: document.list,
    keys: keyResolverFromTrustList(document.list),
    directory: directoryFromTrustList(document.list),
    loadedAt,
    endpointOf: (authority: string) => endpoints.get(authority),
    longestValidityDays,
  });
}

/** Holds the current snapshot; replaced as a whole when the list is reloaded. */
export type TrustHolder = { current(): TrustSnapshot; replace(snapshot: TrustSnapshot): void };

export function createTrustHolder(initial: TrustSnapshot): TrustHolder {
  let snapshot = initial;
  return {
    current: () => snapshot,
    replace: (next) => {
      snapshot = next;
    },
  };
}
