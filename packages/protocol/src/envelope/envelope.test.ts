import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createNodeSigner, nodeVerifier, sha256Node } from '../node.js';
import { base64urlEncode, utf8 } from '../bytes.js';
import { keyResolverFromKeys } from '../keys/trusted-key.js';
import { testPrivateKeys, testTimes } from '../testing/fixtures.js';
import { testTrustedKeys } from '../testing/keys.js';
import { webCryptoVerifier } from '../keys/web-crypto.js';
import { envelopeCheckNames, verifyEnvelope } from './verify-envelope.js';
import { envelopeDigest, signEnvelope } from './sign-envelope.js';
import type { Envelope } from './envelope.js';
import { uuidv7 } from './uuidv7.js';

const keys = keyResolverFromKeys(await testTrustedKeys());
const ru = createNodeSigner(testPrivateKeys.ruMinfinEd25519);
const envelope: Envelope = {
  id: uuidv7(Date.parse(testTimes.envelopeCreatedAt), new Uint8Array(10).fill(7)),
  type: 'certificate.issued',
  from: 'RU-MINFIN',
  to: 'EU-BE-ANTWERP',
  createdAt: testTimes.envelopeCreatedAt,
  body: { certificate: 'eyJ…', note: 'Алмазы' },
};
const now = new Date(Date.parse(testTimes.envelopeCreatedAt) + 1000);
const options = { keys, verifier: nodeVerifier, now, expectedTo: 'EU-BE-ANTWERP' };

function failed(outcome: { checks: { check: string; ok: boolean; code?: string }[] }) {
  const first = outcome.checks.find((c) => !c.ok);
  return first === undefined ? undefined : { check: first.check, code: first.code };
}

describe('envelope', () => {
  it('signs and verifies, reporting every check in order', async () => {
    const jws = await signEnvelope(envelope, ru);
    for (const verifier of [nodeVerifier, webCryptoVerifier]) {
      const outcome = await verifyEnvelope(jws, { ...options, verifier });
      expect(outcome.valid).toBe(true);
      expect(outcome.value).toStrictEqual(envelope);
      expect(outcome.kid).toBe(ru.kid);
      expect(outcome.checks.map((c) => c.check)).toStrictEqual(envelopeCheckNames);
    }
  });

  it('is deterministic: the same envelope gives the same bytes', async () => {
    expect(await signEnvelope(envelope, ru)).toBe(await signEnvelope({ ...envelope }, ru));
  });

  it('refuses a misaddressed envelope', async () => {
    const jws = await signEnvelope(envelope, ru);
    const outcome = await verifyEnvelope(jws, { ...options, expectedTo: 'BY-MINFIN' });
    expect(failed(outcome)).toStrictEqual({ check: 'addressee', code: 'KPX_MESSAGE_MISADDRESSED' });
    expect(outcome.value).toBeUndefined();
  });

  it('refuses an envelope from the future and one too old', async () => {
    const jws = await signEnvelope(envelope, ru);
    const created = Date.parse(envelope.createdAt);
    const early = await verifyEnvelope(jws, { ...options, now: new Date(created - 6 * 60_000) });
    expect(failed(early)).toStrictEqual({ check: 'freshness', code: 'KPX_MESSAGE_FROM_FUTURE' });
    const withinSkew = await verifyEnvelope(jws, {
      ...options,
      now: new Date(created - 4 * 60_000),
    });
    expect(withinSkew.valid).toBe(true);
    const late = await verifyEnvelope(jws, {
      ...options,
      now: new Date(created + 3_600_000),
      maxAgeMs: 60_000,
    });
    expect(failed(late)).toStrictEqual({ check: 'freshness', code: 'KPX_MESSAGE_TOO_OLD' });
  });

  it('refuses a key of another authority than from', async () => {
    const jws = await signEnvelope({ ...envelope, from: 'BY-MINFIN' }, ru);
    expect(failed(await verifyEnvelope(jws, options))).toStrictEqual({
      check: 'key-authority',
      code: 'KPX_KEY_AUTHORITY_MISMATCH',
    });
  });

  it('refuses a revoked key whatever createdAt claims', async () => {
    const jws = await signEnvelope(envelope, createNodeSigner(testPrivateKeys.ruMinfinRevoked));
    expect(failed(await verifyEnvelope(jws, options))).toStrictEqual({
      check: 'key-not-revoked',
      code: 'KPX_KEY_REVOKED',
    });
  });

  it('refuses a malformed envelope at signing', async () => {
    await expect(signEnvelope({ ...envelope, id: 'not-a-uuid' }, ru)).rejects.toThrow(TypeError);
  });

  it('digests the exact bytes: base64url(SHA-256(jws))', async () => {
    const jws = await signEnvelope(envelope, ru);
    expect(await envelopeDigest(jws)).toBe(base64urlEncode(sha256Node(utf8(jws))));
    expect(await envelopeDigest(jws)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('fails and names a check when any character of the token changes', async () => {
    const jws = await signEnvelope(envelope, ru);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    await fc.assert(
      fc.asyncProperty(fc.nat(jws.length - 1), fc.nat(alphabet.length - 1), async (at, pick) => {
        const replacement = alphabet[pick]!;
        fc.pre(jws[at] !== replacement);
        const tampered = jws.slice(0, at) + replacement + jws.slice(at + 1);
        const outcome = await verifyEnvelope(tampered, options);
        expect(outcome.valid).toBe(false);
        const first = outcome.checks.find((c) => !c.ok);
        expect(first?.code).toBeDefined();
        expect([
          'format',
          'header',
          'key-known',
          'key-authority',
          'key-valid-at-signing',
          'signature',
        ]).toContain(first?.check);
      }),
      { numRuns: 200 },
    );
  });

  it('never throws on garbage', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string(), async (text) => {
        const outcome = await verifyEnvelope(text, options);
        expect(outcome.valid).toBe(false);
        expect(outcome.checks.map((c) => c.check)).toStrictEqual(envelopeCheckNames);
      }),
      { numRuns: 200 },
    );
  });
});

describe('uuidv7 (RFC 9562 §5.7)', () => {
  it('lays out timestamp, version, variant and random bits', () => {
    // RFC 9562 Appendix A.6: 2022-02-22T19:22:22Z = 0x017F22E279B0 ms.
    const random = new Uint8Array([0x0c, 0xc3, 0x18, 0xc4, 0xdc, 0x0c, 0x0c, 0x07, 0x39, 0x8f]);
    expect(uuidv7(0x017f22e279b0, random)).toBe('017f22e2-79b0-7cc3-98c4-dc0c0c07398f');
  });

  it('sorts by time and always has version 7 and variant 10', () => {
    fc.assert(
      fc.property(
        fc.nat(2 ** 47),
        fc.nat(2 ** 20),
        fc.uint8Array({ minLength: 10, maxLength: 10 }),
        (ms, delta, random) => {
          const a = uuidv7(ms, random);
          const b = uuidv7(ms + delta + 1, random);
          expect(a).toMatch(
            /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
          );
          expect(a < b).toBe(true);
        },
      ),
    );
  });

  it('refuses bad input', () => {
    expect(() => uuidv7(-1, new Uint8Array(10))).toThrow(RangeError);
    expect(() => uuidv7(0, new Uint8Array(9))).toThrow(RangeError);
  });
});
