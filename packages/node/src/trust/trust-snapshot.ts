import { KpxError, type Directory } from '@kpx/domain';
import {
  directoryFromTrustList,
  keyResolverFromTrustList,
  type KeyResolver,
  type TrustList,
} from '@kpx/protocol';
import { systemClock, type Clock } from '../runtime/clock.js';
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

/** How current the list held is; what `GET /api/v1/trust-list` and `/metrics` report. */
export type TrustFreshness = {
  version: number;
  issuedAt: string;
  nextUpdate: string;
  /** `nextUpdate` + the configured grace: from then on the node refuses to send or accept. */
  staleAt: string;
  stale: boolean;
  /** Seconds since the registry issued the list held. */
  ageSeconds: number;
  /** When the registry last confirmed the list held (a 200 or a 304); `null` if it never has since start. */
  fetchedAt: string | null;
};

/**
 * Holds the current snapshot; replaced as a whole when a newer list is loaded. It also judges
 * freshness: past `nextUpdate` + `graceMs` the list is stale and {@link TrustHolder.assertFresh}
 * refuses (`KPX_TRUST_LIST_STALE`), until a fresh list replaces it — no restart needed.
 */
export type TrustHolder = {
  current(): TrustSnapshot;
  replace(snapshot: TrustSnapshot): void;
  /** Records that the registry confirmed the list held at `at` (epoch ms). */
  confirmed(at: number): void;
  freshness(): TrustFreshness;
  /** Throws `KPX_TRUST_LIST_STALE` naming what was refused (`doing`) when the list is stale. */
  assertFresh(doing: string): void;
  /** Calls `listener` after every replacement; returns the unsubscribe function. */
  subscribe(listener: (snapshot: TrustSnapshot) => void): () => void;
};

/** Options of {@link createTrustHolder}. */
export type TrustHolderOptions = {
  clock?: Clock;
  /** How long past `nextUpdate` the list is still used; default one day. */
  graceMs?: number;
  /** Named in the stale error, so the operator knows where the fresh list should come from. */
  registryUrl?: string;
};

const day = 24 * 60 * 60 * 1000;

export function createTrustHolder(
  initial: TrustSnapshot,
  options: TrustHolderOptions = {},
): TrustHolder {
  const clock = options.clock ?? systemClock;
  const graceMs = options.graceMs ?? day;
  let snapshot = initial;
  let fetchedAt: number | undefined;
  const listeners = new Set<(snapshot: TrustSnapshot) => void>();

  const staleAtMs = (s: TrustSnapshot): number => Date.parse(s.list.nextUpdate) + graceMs;

  return {
    current: () => snapshot,
    replace(next) {
      snapshot = next;
      for (const listener of listeners) listener(next);
    },
    confirmed(at) {
      fetchedAt = at;
    },
    freshness() {
      const now = clock.now();
      const staleAt = staleAtMs(snapshot);
      return {
        version: snapshot.list.version,
        issuedAt: snapshot.list.issuedAt,
        nextUpdate: snapshot.list.nextUpdate,
        staleAt: new Date(staleAt).toISOString(),
        stale: now > staleAt,
        ageSeconds: Math.max(0, (now - Date.parse(snapshot.list.issuedAt)) / 1000),
        fetchedAt: fetchedAt === undefined ? null : new Date(fetchedAt).toISOString(),
      };
    },
    assertFresh(doing) {
      const staleAt = staleAtMs(snapshot);
      if (clock.now() <= staleAt) return;
      const from = options.registryUrl === undefined ? '' : ` from ${options.registryUrl}`;
      throw new KpxError('KPX_TRUST_LIST_STALE', {
        detail:
          `cannot ${doing}: the trust list held (version ${snapshot.list.version}) was due to be ` +
          `replaced at ${snapshot.list.nextUpdate} and its grace ended ${new Date(staleAt).toISOString()}; ` +
          `this node sends and accepts nothing until a fresh list arrives${from}`,
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
