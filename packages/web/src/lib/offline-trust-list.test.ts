import {
  createWebCryptoSigner,
  endorseListKey,
  generateKeyPair,
  jwkThumbprint,
  publicJwkOf,
  signTrustList,
  type TrustList,
} from '@kpx/protocol';
import { describe, expect, it } from 'vitest';
import { testPrivateKeys, testTimes } from '../../../protocol/src/testing/fixtures.js';
import { testListKeyValidity, testTrustList } from '../../../protocol/src/testing/trust-list.js';
import type { TrustListView } from '../api/types.js';
import { loadOfflineTrust, OfflineTrustError, type KeyValueStore } from './offline-trust-list.js';

const rootJwk = publicJwkOf(testPrivateKeys.registryRoot);
const root = { kid: await jwkThumbprint(rootJwk), jwk: rootJwk as Record<string, string> };
const endorsement = await endorseListKey(
  { jwk: publicJwkOf(testPrivateKeys.registryList), ...testListKeyValidity },
  await createWebCryptoSigner(testPrivateKeys.registryRoot),
);
const listSigner = await createWebCryptoSigner(testPrivateKeys.registryList);
const now = new Date(testTimes.verifyAt);

async function viewOf(version: number, rootKey = root): Promise<TrustListView> {
  const list: TrustList = await testTrustList(version);
  return {
    trustList: list as unknown as TrustListView['trustList'],
    signed: await signTrustList(list, listSigner, endorsement),
    rootKey,
    verification: 'signature',
    source: 'test',
    loadedAt: testTimes.verifyAt,
    ageSeconds: 0,
  };
}

function memoryStore(): KeyValueStore & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
  };
}

const offline = () => Promise.reject(new TypeError('Failed to fetch'));

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error instanceof OfflineTrustError
      ? error.code
      : `not an OfflineTrustError: ${String(error)}`;
  }
}

describe('loadOfflineTrust', () => {
  it('verifies the node’s list against the root it names on first use, keeps both, and uses them offline', async () => {
    const store = memoryStore();
    const view = await viewOf(7);
    const online = await loadOfflineTrust({ fetchView: () => Promise.resolve(view), store, now });
    expect(online).toMatchObject({
      verification: 'signature',
      fromCache: false,
      stale: false,
      rootKid: root.kid,
    });
    expect(online.list.version).toBe(7);

    const cached = await loadOfflineTrust({ fetchView: offline, store, now });
    expect(cached).toMatchObject({ verification: 'signature', fromCache: true, rootKid: root.kid });
    expect(cached.list).toStrictEqual(online.list);
    expect(cached.fetchedAt).toBe(now.toISOString());
  });

  it('offline with nothing kept is unavailable; a kept list that was altered is refused', async () => {
    expect(await codeOf(loadOfflineTrust({ fetchView: offline, store: memoryStore(), now }))).toBe(
      'KPX_TRUST_LIST_UNAVAILABLE',
    );
    const store = memoryStore();
    await loadOfflineTrust({ fetchView: () => viewOf(7), store, now });
    const kept = JSON.parse(store.map.get('kpx.verify.trustList') ?? '{}') as { signed: string };
    const [header, payload, signature] = kept.signed.split('.') as [string, string, string];
    const altered = payload.slice(0, 40) + (payload[40] === 'A' ? 'B' : 'A') + payload.slice(41);
    store.map.set(
      'kpx.verify.trustList',
      JSON.stringify({ ...kept, signed: `${header}.${altered}.${signature}` }),
    );
    expect(await codeOf(loadOfflineTrust({ fetchView: offline, store, now }))).toBe(
      'KPX_TRUST_LIST_INVALID',
    );
  });

  it('keeps the first root: a node later naming another root is not believed', async () => {
    const store = memoryStore();
    await loadOfflineTrust({ fetchView: () => viewOf(7), store, now });
    const other = await generateKeyPair();
    const otherRoot = { kid: other.kid, jwk: other.publicJwk as Record<string, string> };
    // The list is still the registry's: it verifies against the pinned root, not the named one.
    const held = await loadOfflineTrust({ fetchView: () => viewOf(8, otherRoot), store, now });
    expect(held.rootKid).toBe(root.kid);
    // A fresh browser pinning the other root refuses the registry's list.
    expect(
      await codeOf(
        loadOfflineTrust({ fetchView: () => viewOf(8, otherRoot), store: memoryStore(), now }),
      ),
    ).toBe('KPX_KEY_UNKNOWN');
    // A root whose kid is not its thumbprint is not pinned at all.
    expect(
      await codeOf(
        loadOfflineTrust({
          fetchView: () => viewOf(8, { kid: other.kid, jwk: root.jwk }),
          store: memoryStore(),
          now,
        }),
      ),
    ).toBe('KPX_KEY_UNKNOWN');
  });

  it('does not go back to an older version the node serves; marks a list past nextUpdate stale', async () => {
    const store = memoryStore();
    await loadOfflineTrust({ fetchView: () => viewOf(9), store, now });
    const older = await loadOfflineTrust({ fetchView: () => viewOf(8), store, now });
    expect(older.list.version).toBe(9);
    const later = new Date(Date.parse(testTimes.trustListNextUpdate) + 3_600_000);
    const stale = await loadOfflineTrust({ fetchView: offline, store, now: later });
    expect(stale).toMatchObject({ stale: true, fromCache: true });
  });

  it('a node with only an unsigned development list: used, marked unsigned, nothing kept', async () => {
    const store = memoryStore();
    const { signed: _signed, rootKey: _root, ...unsigned } = await viewOf(7);
    const held = await loadOfflineTrust({
      fetchView: () => Promise.resolve({ ...unsigned, verification: 'unsigned' }),
      store,
      now,
    });
    expect(held.verification).toBe('unsigned');
    expect(store.map.size).toBe(0);
  });
});
