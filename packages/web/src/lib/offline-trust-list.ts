import {
  jwkThumbprint,
  publicJwkSchema,
  verifyTrustListForUse,
  webCryptoVerifier,
  type PublicJwk,
  type TrustList,
} from '@kpx/protocol';
import type { TrustListView } from '../api/types.js';

// The verification page keeps the last trust list that verified, signed, in localStorage, so a
// QR can be checked with no network at all (a border post, a warehouse). Nothing here is
// trusted because of where it is stored: every use verifies the list's JWS again, in the
// browser (WebCrypto), against the pinned registry root.

const listKey = 'kpx.verify.trustList';
const rootKey = 'kpx.verify.trustRoot';

/** What is stored: the signed list exactly as the node served it, and when it was fetched. */
type StoredList = { signed: string; fetchedAt: string };
/** The pinned registry root: the first root a node of this origin named (trust on first use). */
type StoredRoot = { kid: string; jwk: PublicJwk };

/** The trust list the page verifies QR codes against. */
export type OfflineTrust = {
  list: TrustList;
  /** `signature`: verified here against the pinned root; `unsigned`: the node serves no signed list. */
  verification: 'signature' | 'unsigned';
  /** Read from this browser's cache because the node could not be reached. */
  fromCache: boolean;
  /** When this browser fetched the list from the node. */
  fetchedAt: string;
  /** Past the list's `nextUpdate`: still used (the root vouched for it), and shown as such. */
  stale: boolean;
  rootKid?: string;
};

/** Why no trust list could be used; `code` is stable, for the page's message. */
export class OfflineTrustError extends Error {
  readonly code: 'KPX_TRUST_LIST_UNAVAILABLE' | 'KPX_TRUST_LIST_INVALID' | 'KPX_KEY_UNKNOWN';
  constructor(code: OfflineTrustError['code'], message: string) {
    super(message);
    this.name = 'OfflineTrustError';
    this.code = code;
  }
}

/** Where the page keeps things; `localStorage` in the browser, a Map-backed one in tests. */
export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem'>;

function read<T>(store: KeyValueStore, key: string): T | undefined {
  try {
    const text = store.getItem(key);
    return text === null ? undefined : (JSON.parse(text) as T);
  } catch {
    return undefined;
  }
}

function write(store: KeyValueStore, key: string, value: unknown): void {
  try {
    store.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled (private mode): the page still works online.
  }
}

/** The root key a node names, if its kid really is the RFC 7638 thumbprint of its key. */
async function servedRoot(view: TrustListView): Promise<StoredRoot | undefined> {
  const jwk = publicJwkSchema.safeParse(view.rootKey?.jwk);
  if (!jwk.success) return undefined;
  const kid = await jwkThumbprint(jwk.data);
  return kid === view.rootKey?.kid ? { kid, jwk: jwk.data } : undefined;
}

async function verified(
  stored: StoredList,
  root: StoredRoot,
  now: Date,
  fromCache: boolean,
  minVersion?: number,
): Promise<OfflineTrust> {
  const held = await verifyTrustListForUse(stored.signed, {
    rootKey: root.jwk,
    verifier: webCryptoVerifier,
    now,
    ...(minVersion === undefined ? {} : { minVersion }),
  });
  if (!held.usable) {
    throw new OfflineTrustError(
      held.failed.code === 'KPX_KEY_UNKNOWN' ? 'KPX_KEY_UNKNOWN' : 'KPX_TRUST_LIST_INVALID',
      `${held.failed.check}: ${held.failed.message}`,
    );
  }
  return {
    list: held.list,
    verification: 'signature',
    fromCache,
    fetchedAt: stored.fetchedAt,
    stale: held.stale,
    rootKid: root.kid,
  };
}

/** Options of {@link loadOfflineTrust}. */
export type LoadOfflineTrustOptions = {
  /** `GET /api/v1/trust-list`; rejects when the node cannot be reached. */
  fetchView: () => Promise<TrustListView>;
  store: KeyValueStore;
  now: Date;
};

/**
 * The trust list to verify QR codes with. Online: the node's signed list, verified here
 * against the pinned root (pinned from the node's `rootKey` on first use, never replaced by a
 * different one afterwards), then cached — unless the cache holds a newer version (no
 * rollback). Offline: the cached list, verified again. A node serving only an unsigned
 * development list gives that list, marked `unsigned`, and nothing is cached.
 */
export async function loadOfflineTrust(options: LoadOfflineTrustOptions): Promise<OfflineTrust> {
  const { store, now } = options;
  const cached = read<StoredList>(store, listKey);
  let pinned = read<StoredRoot>(store, rootKey);
  let view: TrustListView;
  try {
    view = await options.fetchView();
  } catch (error) {
    if (cached === undefined || pinned === undefined) {
      throw new OfflineTrustError(
        'KPX_TRUST_LIST_UNAVAILABLE',
        `no trust list in this browser yet, and the node cannot be reached: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return verified(cached, pinned, now, true);
  }
  if (view.signed === undefined) {
    return {
      list: view.trustList as unknown as TrustList,
      verification: 'unsigned',
      fromCache: false,
      fetchedAt: now.toISOString(),
      stale: false,
    };
  }
  if (pinned === undefined) {
    const root = await servedRoot(view);
    if (root === undefined) {
      throw new OfflineTrustError(
        'KPX_KEY_UNKNOWN',
        'the node names no registry root key to verify its trust list against',
      );
    }
    pinned = root;
    write(store, rootKey, root);
  }
  const fetched: StoredList = { signed: view.signed, fetchedAt: now.toISOString() };
  const fresh = await verified(fetched, pinned, now, false);
  if (cached !== undefined) {
    // A cached list newer than the node's stays (a node behind its registry is no reason to
    // go back); one that no longer verifies is dropped.
    const kept = await verified(cached, pinned, now, false, fresh.list.version + 1).catch(
      () => undefined,
    );
    if (kept !== undefined) return kept;
  }
  write(store, listKey, fetched);
  return fresh;
}
