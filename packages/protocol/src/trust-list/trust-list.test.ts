import fc from 'fast-check';
import { defaultDirectory } from '@kpx/domain';
import { describe, expect, it } from 'vitest';
import { createNodeSigner, nodeVerifier } from '../node.js';
import { base64urlDecode, base64urlEncode, utf8, utf8Decode } from '../bytes.js';
import { signCertificate } from '../certificate/sign-certificate.js';
import { verifyCertificate } from '../certificate/verify-certificate.js';
import { signCompactJws } from '../jws/compact-jws.js';
import { publicJwkOf } from '../keys/jwk.js';
import { webCryptoVerifier } from '../keys/web-crypto.js';
import { testCertificate, testPrivateKeys, testTimes } from '../testing/fixtures.js';
import { testListKeyValidity, testTrustList } from '../testing/trust-list.js';
import { endorseListKey } from './list-key-endorsement.js';
import { signTrustList } from './sign-trust-list.js';
import { directoryFromTrustList, keyResolverFromTrustList } from './trust-list-views.js';
import { trustListSchema, type TrustList } from './trust-list.js';
import { trustListCheckNames, verifyTrustList } from './verify-trust-list.js';

const root = createNodeSigner(testPrivateKeys.registryRoot);
const listSigner = createNodeSigner(testPrivateKeys.registryList);
const rootKey = publicJwkOf(testPrivateKeys.registryRoot);
const endorsement = await endorseListKey(
  { jwk: publicJwkOf(testPrivateKeys.registryList), ...testListKeyValidity },
  root,
);
const list = await testTrustList();
const now = testTimes.verifyAt;
const options = { rootKey, verifier: nodeVerifier, now };

function firstFailure(outcome: { checks: { check: string; ok: boolean; code?: string }[] }) {
  const first = outcome.checks.find((c) => !c.ok);
  return first === undefined ? undefined : { check: first.check, code: first.code };
}

describe('trust list', () => {
  it('the fixture satisfies the schema', () => {
    expect(trustListSchema.safeParse(list).success).toBe(true);
  });

  it('signs and verifies against the pinned root only', async () => {
    const jws = await signTrustList(list, listSigner, endorsement);
    const header = JSON.parse(utf8Decode(base64urlDecode(jws.split('.')[0]!)!)!) as Record<
      string,
      unknown
    >;
    expect(header).toStrictEqual({
      alg: 'EdDSA',
      kid: listSigner.kid,
      typ: 'kpx-trust-list+jwt',
      'x-kpx-endorsement': endorsement,
    });
    for (const verifier of [nodeVerifier, webCryptoVerifier]) {
      const outcome = await verifyTrustList(jws, { ...options, verifier, minVersion: 7 });
      expect(outcome.checks.map((c) => c.check)).toStrictEqual(trustListCheckNames);
      expect(outcome.checks.filter((c) => !c.ok)).toStrictEqual([]);
      expect(outcome.value).toStrictEqual(list);
    }
  });

  it('refuses a rollback, a stale list, a list from the future', async () => {
    const jws = await signTrustList(list, listSigner, endorsement);
    expect(firstFailure(await verifyTrustList(jws, { ...options, minVersion: 8 }))).toStrictEqual({
      check: 'version',
      code: 'KPX_TRUST_LIST_ROLLBACK',
    });
    expect(
      firstFailure(await verifyTrustList(jws, { ...options, now: '2026-03-09T00:00:00Z' })),
    ).toStrictEqual({
      check: 'freshness',
      code: 'KPX_TRUST_LIST_STALE',
    });
    expect(
      firstFailure(await verifyTrustList(jws, { ...options, now: '2026-02-28T00:00:00Z' })),
    ).toStrictEqual({
      check: 'freshness',
      code: 'KPX_TRUST_LIST_INVALID',
    });
  });

  it('refuses a list signed by a key the root did not endorse', async () => {
    const rogue = createNodeSigner(testPrivateKeys.euAntwerpEd25519);
    const jws = await signTrustList(list, rogue, endorsement);
    expect(firstFailure(await verifyTrustList(jws, options))).toStrictEqual({
      check: 'endorsement',
      code: 'KPX_TRUST_LIST_INVALID',
    });
    const selfEndorsed = await endorseListKey(
      { jwk: publicJwkOf(testPrivateKeys.euAntwerpEd25519), ...testListKeyValidity },
      rogue,
    );
    const jws2 = await signTrustList(list, rogue, selfEndorsed);
    expect(firstFailure(await verifyTrustList(jws2, options))).toStrictEqual({
      check: 'endorsement',
      code: 'KPX_KEY_UNKNOWN',
    });
    expect(
      firstFailure(await verifyTrustList(await signTrustList(list, listSigner, 'x'), options))
        ?.check,
    ).toBe('endorsement');
  });

  it('refuses an expired list key and a changed list', async () => {
    const jws = await signTrustList(list, listSigner, endorsement);
    expect(
      firstFailure(await verifyTrustList(jws, { ...options, now: '2027-01-02T00:00:00Z' })),
    ).toStrictEqual({
      check: 'endorsement',
      code: 'KPX_KEY_EXPIRED',
    });
    const [h, p, s] = jws.split('.') as [string, string, string];
    const changed = JSON.parse(utf8Decode(base64urlDecode(p)!)!) as TrustList;
    changed.version = 99;
    const tampered = `${h}.${base64urlEncode(utf8(JSON.stringify(changed)))}.${s}`;
    expect(firstFailure(await verifyTrustList(tampered, options))).toStrictEqual({
      check: 'signature',
      code: 'KPX_SIGNATURE_INVALID',
    });
  });

  it('refuses a signed list whose kid is not the thumbprint of its key', async () => {
    const bad = structuredClone(list);
    bad.keys[0]!.kid = bad.keys[1]!.kid.replace(/^./, 'A');
    const jws = await signCompactJws(
      { typ: 'kpx-trust-list+jwt', 'x-kpx-endorsement': endorsement },
      bad,
      listSigner,
    );
    expect(firstFailure(await verifyTrustList(jws, options))).toStrictEqual({
      check: 'schema',
      code: 'KPX_TRUST_LIST_INVALID',
    });
  });

  it('refuses to sign an inconsistent list', async () => {
    const bad = structuredClone(list);
    bad.keys[0]!.authority = 'XX-NOBODY';
    await expect(signTrustList(bad, listSigner, endorsement)).rejects.toThrow(/unknown authority/);
  });

  it('gives the keys and the directory to verify certificates with', async () => {
    const keys = keyResolverFromTrustList(list);
    const directory = directoryFromTrustList(list);
    expect(directory.defaultImportingAuthority('EU')?.id).toBe('EU-BE-ANTWERP');
    expect(directory.authority('RU-MINFIN')).toStrictEqual(defaultDirectory.authority('RU-MINFIN'));
    const signer = createNodeSigner(testPrivateKeys.ruMinfinEd25519);
    expect(keys(signer.kid)).toMatchObject({ authority: 'RU-MINFIN', participant: 'RU' });
    const jws = await signCertificate(testCertificate, signer, { issuedAt: testTimes.issuedAt });
    expect(
      (await verifyCertificate(jws, { keys, verifier: nodeVerifier, directory, now })).valid,
    ).toBe(true);
  });

  it('leaves suspended Participants out of the directory', () => {
    const suspended = structuredClone(list);
    suspended.participants.find((p) => p.code === 'BY')!.status = 'suspended';
    const directory = directoryFromTrustList(suspended);
    expect(directory.participant('BY')).toBeUndefined();
    expect(directory.authority('BY-MINFIN')).toBeUndefined();
    expect(directory.participant('RU')).toBeDefined();
  });

  it('any changed character makes it fail, and the failure is named', async () => {
    const jws = await signTrustList(list, listSigner, endorsement);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    await fc.assert(
      fc.asyncProperty(fc.nat(jws.length - 1), fc.nat(alphabet.length - 1), async (at, pick) => {
        fc.pre(jws[at] !== alphabet[pick]);
        const tampered = jws.slice(0, at) + alphabet[pick]! + jws.slice(at + 1);
        const outcome = await verifyTrustList(tampered, options);
        expect(outcome.valid).toBe(false);
        expect(outcome.checks.find((c) => !c.ok)?.code).toBeDefined();
      }),
      { numRuns: 200 },
    );
  });
});
