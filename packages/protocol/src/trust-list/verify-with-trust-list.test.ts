import { describe, expect, it } from 'vitest';
import { certificateCheckNames } from '../certificate/verify-certificate.js';
import { signCertificate } from '../certificate/sign-certificate.js';
import { webCryptoVerifier } from '../keys/web-crypto.js';
import { createNodeSigner, nodeVerifier } from '../node.js';
import { encodeQrPayload, qrCheckNames } from '../qr/qr-payload.js';
import { testCertificate, testPrivateKeys, testTimes } from '../testing/fixtures.js';
import { testTrustList } from '../testing/trust-list.js';
import type { TrustList } from './trust-list.js';
import {
  heldTrustListOf,
  suspendedParticipantOf,
  verifyCertificateWithTrustList,
  verifyQrWithTrustList,
} from './verify-with-trust-list.js';

const signer = createNodeSigner(testPrivateKeys.ruMinfinEd25519);
const jws = await signCertificate(testCertificate, signer, { issuedAt: testTimes.issuedAt });
const qr = await encodeQrPayload(testCertificate, jws, signer);
const list = await testTrustList();
const now = testTimes.verifyAt;

function suspended(code: string): TrustList {
  return {
    ...list,
    participants: list.participants.map((p) =>
      p.code === code ? { ...p, status: 'suspended' as const } : p,
    ),
  };
}

describe('verification against a trust list (node, kpx verify and the verification page)', () => {
  it('a genuine certificate and its QR pass every named check, with either verifier', async () => {
    const trust = heldTrustListOf(list);
    for (const verifier of [nodeVerifier, webCryptoVerifier]) {
      const document = await verifyCertificateWithTrustList(jws, { trust, verifier, now });
      expect(document.checks.map((c) => c.check)).toStrictEqual(certificateCheckNames);
      expect(document.valid).toBe(true);
      const fromQr = await verifyQrWithTrustList(qr, { trust, verifier, now, document: jws });
      expect(fromQr.checks.map((c) => c.check)).toStrictEqual(qrCheckNames);
      expect(fromQr.valid).toBe(true);
    }
  });

  it('names a suspended issuer or importer by KPX_PARTICIPANT_SUSPENDED on the rules check', async () => {
    for (const code of ['RU', 'EU']) {
      const trust = heldTrustListOf(suspended(code));
      expect(suspendedParticipantOf(trust.list, testCertificate)).toBe(code);
      const document = await verifyCertificateWithTrustList(jws, {
        trust,
        verifier: nodeVerifier,
        now,
      });
      expect(document.checks.find((c) => !c.ok)).toMatchObject({
        check: 'schema',
        code: 'KPX_PARTICIPANT_SUSPENDED',
      });
      const fromQr = await verifyQrWithTrustList(qr, { trust, verifier: nodeVerifier, now });
      expect(fromQr.checks.find((c) => !c.ok)).toMatchObject({
        check: 'claims',
        code: 'KPX_PARTICIPANT_SUSPENDED',
      });
    }
  });

  it('leaves other failures as the protocol names them', async () => {
    const trust = heldTrustListOf({ ...list, keys: [] });
    const document = await verifyCertificateWithTrustList(jws, {
      trust,
      verifier: nodeVerifier,
      now,
    });
    expect(document.checks.find((c) => !c.ok)).toMatchObject({
      check: 'key-known',
      code: 'KPX_KEY_UNKNOWN',
    });
  });
});
