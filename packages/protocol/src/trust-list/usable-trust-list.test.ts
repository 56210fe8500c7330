import { describe, expect, it } from 'vitest';
import { createNodeSigner, nodeVerifier } from '../node.js';
import { generateKeyPair, publicJwkOf } from '../keys/jwk.js';
import { webCryptoVerifier } from '../keys/web-crypto.js';
import { testPrivateKeys, testTimes } from '../testing/fixtures.js';
import { testListKeyValidity, testTrustList } from '../testing/trust-list.js';
import { endorseListKey } from './list-key-endorsement.js';
import { signTrustList } from './sign-trust-list.js';
import { verifyTrustListForUse } from './usable-trust-list.js';
import { trustListCheckNames } from './verify-trust-list.js';

const root = createNodeSigner(testPrivateKeys.registryRoot);
const listSigner = createNodeSigner(testPrivateKeys.registryList);
const rootKey = publicJwkOf(testPrivateKeys.registryRoot);
const endorsement = await endorseListKey(
  { jwk: publicJwkOf(testPrivateKeys.registryList), ...testListKeyValidity },
  root,
);
const list = await testTrustList();
const jws = await signTrustList(list, listSigner, endorsement);
const options = { rootKey, verifier: webCryptoVerifier, now: testTimes.verifyAt };

describe('verifyTrustListForUse', () => {
  it('uses a fresh list, not marked stale, with every check reported', async () => {
    const held = await verifyTrustListForUse(jws, options);
    expect(held.usable).toBe(true);
    if (!held.usable) return;
    expect(held.stale).toBe(false);
    expect(held.list).toStrictEqual(list);
    expect(held.checks.map((c) => c.check)).toStrictEqual(trustListCheckNames);
  });

  it('still uses a list past its nextUpdate, marked stale', async () => {
    const held = await verifyTrustListForUse(jws, { ...options, now: '2026-03-09T00:00:00Z' });
    expect(held.usable).toBe(true);
    if (!held.usable) return;
    expect(held.stale).toBe(true);
    expect(held.list.version).toBe(list.version);
    expect(held.checks.find((c) => c.check === 'freshness')?.code).toBe('KPX_TRUST_LIST_STALE');
  });

  it('refuses a list under another root, a rollback and a forged payload, naming the check', async () => {
    const otherRoot = await generateKeyPair('EdDSA');
    const underOther = await verifyTrustListForUse(jws, {
      ...options,
      rootKey: otherRoot.publicJwk,
    });
    expect(underOther.usable).toBe(false);
    if (!underOther.usable) {
      expect(underOther.failed.check).toBe('endorsement');
      expect(underOther.failed.code).toBe('KPX_KEY_UNKNOWN');
    }
    const rollback = await verifyTrustListForUse(jws, { ...options, minVersion: list.version + 1 });
    expect(rollback.usable ? undefined : rollback.failed.code).toBe('KPX_TRUST_LIST_ROLLBACK');
    const [header, payload, signature] = jws.split('.') as [string, string, string];
    const flipped = payload.slice(0, 10) + (payload[10] === 'A' ? 'B' : 'A') + payload.slice(11);
    const forged = await verifyTrustListForUse(`${header}.${flipped}.${signature}`, {
      ...options,
      verifier: nodeVerifier,
    });
    expect(forged.usable).toBe(false);
    if (!forged.usable) expect(forged.failed.ok).toBe(false);
  });
});
