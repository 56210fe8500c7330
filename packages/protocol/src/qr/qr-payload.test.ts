import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createNodeSigner, nodeVerifier, sha256Node } from '../node.js';
import { base64urlEncode, utf8 } from '../bytes.js';
import { signCertificate } from '../certificate/sign-certificate.js';
import { keyResolverFromKeys } from '../keys/trusted-key.js';
import { webCryptoVerifier } from '../keys/web-crypto.js';
import { testCertificate, testPrivateKeys, testTimes } from '../testing/fixtures.js';
import { testTrustedKeys } from '../testing/keys.js';
import { base45Decode, base45Encode } from './base45.js';
import { claimsOf, truncateName } from './qr-claims.js';
import { qrVersionForAlphanumeric } from './qr-capacity.js';
import { decodeQrPayload, encodeQrPayload, qrCheckNames, verifyQrPayload } from './qr-payload.js';
import { zlibCompress, zlibDecompress } from './zlib.js';

const keys = keyResolverFromKeys(await testTrustedKeys());
const now = testTimes.verifyAt;
const signers = {
  EdDSA: createNodeSigner(testPrivateKeys.ruMinfinEd25519),
  ES256: createNodeSigner(testPrivateKeys.ruMinfinEs256),
};

async function make(alg: 'EdDSA' | 'ES256') {
  const signer = signers[alg];
  const jws = await signCertificate(testCertificate, signer, { issuedAt: testTimes.issuedAt });
  return { jws, qr: await encodeQrPayload(testCertificate, jws, signer) };
}

describe.each(['EdDSA', 'ES256'] as const)('QR payload with %s', (alg) => {
  it('encodes, decodes and verifies', async () => {
    const { jws, qr } = await make(alg);
    expect(qr).toMatch(/^KP1:[0-9A-Z $%*+\-./:]+$/);
    const expected = claimsOf(
      testCertificate,
      Date.parse(testTimes.issuedAt) / 1000,
      base64urlEncode(sha256Node(utf8(jws))),
    );
    const decoded = decodeQrPayload(qr);
    expect(decoded).toStrictEqual({
      ok: true,
      value: { claims: expected, alg, kid: signers[alg].kid },
    });
    for (const verifier of [nodeVerifier, webCryptoVerifier]) {
      const outcome = await verifyQrPayload(qr, { keys, verifier, now, document: jws });
      expect(outcome.checks.map((c) => c.check)).toStrictEqual(qrCheckNames);
      expect(outcome.checks.every((c) => c.ok)).toBe(true);
      expect(outcome.value).toStrictEqual(expected);
    }
  });

  it('fits a QR code at level M; size reported', async () => {
    const { qr } = await make(alg);
    const version = qrVersionForAlphanumeric(qr.length);
    console.log(`QR ${alg}: ${qr.length} characters, version ${version ?? '>40'} at level M`);
    expect(version).toBeLessThanOrEqual(25);
  });

  it('refuses another document, an expired certificate, an unknown key', async () => {
    const { qr } = await make(alg);
    const other = await verifyQrPayload(qr, {
      keys,
      verifier: nodeVerifier,
      now,
      document: 'a.b.c',
    });
    expect(other.checks.find((c) => !c.ok)).toMatchObject({
      check: 'document',
      code: 'KPX_DIGEST_MISMATCH',
    });
    const late = await verifyQrPayload(qr, {
      keys,
      verifier: nodeVerifier,
      now: '2026-06-01T00:00:00Z',
    });
    expect(late.checks.find((c) => !c.ok)).toMatchObject({
      check: 'claims',
      code: 'KPX_CERTIFICATE_EXPIRED',
    });
    const unknown = await verifyQrPayload(qr, {
      keys: () => undefined,
      verifier: nodeVerifier,
      now,
    });
    expect(unknown.checks.find((c) => !c.ok)).toMatchObject({
      check: 'key-known',
      code: 'KPX_KEY_UNKNOWN',
    });
  });

  it('detects any changed character that changes what is signed', async () => {
    const { qr } = await make(alg);
    const inflated = (text: string) =>
      zlibDecompress(base45Decode(text.slice(4)) ?? new Uint8Array(0));
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
    await fc.assert(
      fc.asyncProperty(fc.nat(qr.length - 1), fc.nat(alphabet.length - 1), async (at, pick) => {
        fc.pre(qr[at] !== alphabet[pick]);
        const tampered = qr.slice(0, at) + alphabet[pick]! + qr.slice(at + 1);
        const outcome = await verifyQrPayload(tampered, { keys, verifier: nodeVerifier, now });
        if (outcome.valid) {
          // DEFLATE is not a unique encoding (a back-reference may point at either of two equal
          // strings): such a change leaves the COSE_Sign1 bytes, and so everything signed, intact.
          expect(inflated(tampered), `changed position ${at}`).toStrictEqual(inflated(qr));
        } else {
          expect(outcome.checks.find((c) => !c.ok)?.code).toBeDefined();
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('QR codec', () => {
  it('never throws on garbage and reports KPX_QR_MALFORMED', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.uint8Array().map((b) => `KP1:${base45Encode(b)}`),
        ),
        async (text) => {
          const decoded = decodeQrPayload(text);
          expect(decoded.ok).toBe(false);
          if (!decoded.ok) expect(decoded.problems[0]?.code).toBe('KPX_QR_MALFORMED');
          const outcome = await verifyQrPayload(text, { keys, verifier: nodeVerifier, now });
          expect(outcome.valid).toBe(false);
          expect(outcome.checks.map((c) => c.check)).toStrictEqual(qrCheckNames);
        },
      ),
    );
  });

  it('round-trips zlib and checks the Adler-32 trailer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (data) => {
        const packed = zlibCompress(data);
        expect(zlibDecompress(packed)).toStrictEqual(data);
        const broken = packed.slice();
        broken[broken.length - 1] = (broken[broken.length - 1] ?? 0) ^ 1;
        expect(zlibDecompress(broken)).toBeUndefined();
      }),
    );
  });

  it('round-trips the claims of arbitrary certificates', async () => {
    const signer = signers.EdDSA;
    const jws = await signCertificate(testCertificate, signer, { issuedAt: testTimes.issuedAt });
    const name = fc.string({ minLength: 1, maxLength: 120, unit: 'grapheme' });
    await fc.assert(
      fc.asyncProperty(
        name,
        name,
        fc.integer({ min: 1, max: 9999 }),
        async (exporter, importer, parcels) => {
          const certificate = {
            ...testCertificate,
            exporter: { ...testCertificate.exporter, name: exporter },
            importer: { ...testCertificate.importer, name: importer },
            parcels,
          };
          const decoded = decodeQrPayload(await encodeQrPayload(certificate, jws, signer));
          expect(decoded.ok && decoded.value.claims).toStrictEqual(
            claimsOf(
              certificate,
              Date.parse(testTimes.issuedAt) / 1000,
              base64urlEncode(sha256Node(utf8(jws))),
            ),
          );
        },
      ),
      { numRuns: 50 },
    );
  });

  it('truncates names to 60 code points with an ellipsis', () => {
    expect(truncateName('A'.repeat(60))).toBe('A'.repeat(60));
    expect(truncateName('Я'.repeat(61))).toBe(`${'Я'.repeat(59)}…`);
    expect(Array.from(truncateName('😀'.repeat(70))).length).toBe(60);
  });

  it('base45 text decodes to the bytes it came from', () => {
    expect(base45Decode(base45Encode(new Uint8Array([0, 255])))).toStrictEqual(
      new Uint8Array([0, 255]),
    );
  });
});
