import { defaultDirectory, validateCertificate } from '@kpx/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createNodeSigner, nodeVerifier } from '../node.js';
import { base64urlDecode, base64urlEncode, utf8, utf8Decode } from '../bytes.js';
import { canonicalize } from '../canonical-json.js';
import { signCompactJws } from '../jws/compact-jws.js';
import { keyResolverFromKeys } from '../keys/trusted-key.js';
import { createWebCryptoSigner, webCryptoVerifier } from '../keys/web-crypto.js';
import { testCertificate, testPrivateKeys, testTimes } from '../testing/fixtures.js';
import { testTrustedKeys } from '../testing/keys.js';
import { toCredential } from './credential.js';
import { signCertificate } from './sign-certificate.js';
import { certificateCheckNames, verifyCertificate } from './verify-certificate.js';

const keys = keyResolverFromKeys(await testTrustedKeys());
const ru = createNodeSigner(testPrivateKeys.ruMinfinEd25519);
const options = {
  keys,
  verifier: nodeVerifier,
  directory: defaultDirectory,
  now: testTimes.verifyAt,
};
const issuedAt = testTimes.issuedAt;

function firstFailure(outcome: { checks: { check: string; ok: boolean; code?: string }[] }) {
  const first = outcome.checks.find((c) => !c.ok);
  return first === undefined ? undefined : { check: first.check, code: first.code };
}

function replacePart(jws: string, index: number, part: string): string {
  const parts = jws.split('.');
  parts[index] = part;
  return parts.join('.');
}

function editJson(
  jws: string,
  index: 0 | 1,
  edit: (value: Record<string, unknown>) => void,
): string {
  const value = JSON.parse(utf8Decode(base64urlDecode(jws.split('.')[index]!)!)!) as Record<
    string,
    unknown
  >;
  edit(value);
  return replacePart(jws, index, base64urlEncode(utf8(JSON.stringify(value))));
}

describe('signed certificate (vc+jwt)', () => {
  it('the fixture is a valid certificate', () => {
    expect(
      validateCertificate(testCertificate, { directory: defaultDirectory, today: '2026-03-02' }),
    ).toMatchObject({ ok: true });
  });

  it.each([
    ['EdDSA, node:crypto', () => Promise.resolve(ru)],
    ['EdDSA, WebCrypto', () => createWebCryptoSigner(testPrivateKeys.ruMinfinEd25519)],
    ['ES256, node:crypto', () => Promise.resolve(createNodeSigner(testPrivateKeys.ruMinfinEs256))],
    ['ES256, WebCrypto', () => createWebCryptoSigner(testPrivateKeys.ruMinfinEs256)],
  ])('signs and verifies (%s)', async (_name, make) => {
    const signer = await make();
    const jws = await signCertificate(testCertificate, signer, { issuedAt });
    for (const verifier of [nodeVerifier, webCryptoVerifier]) {
      const outcome = await verifyCertificate(jws, { ...options, verifier });
      expect(outcome.checks.map((c) => c.check)).toStrictEqual(certificateCheckNames);
      expect(outcome.checks.filter((c) => !c.ok)).toStrictEqual([]);
      expect(outcome).toMatchObject({ valid: true, kid: signer.kid, value: testCertificate });
    }
  });

  it('has header {alg, kid, typ: vc+jwt} and a canonical VC 2.0 payload', async () => {
    const jws = await signCertificate(testCertificate, ru, { issuedAt: new Date(issuedAt) });
    const [h, p] = jws.split('.') as [string, string];
    expect(utf8Decode(base64urlDecode(h)!)).toBe(
      `{"alg":"EdDSA","kid":"${ru.kid}","typ":"vc+jwt"}`,
    );
    const payload = JSON.parse(utf8Decode(base64urlDecode(p)!)!) as unknown;
    expect(payload).toStrictEqual({
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://w3id.org/kpx/v1'],
      type: ['VerifiableCredential', 'KimberleyProcessCertificate'],
      id: 'urn:kpx:cert:RU-2026-000123',
      issuer: 'urn:kpx:authority:RU-MINFIN',
      validFrom: '2026-03-02T00:00:00Z',
      validUntil: '2026-05-31T23:59:59Z',
      iat: Date.parse(issuedAt) / 1000,
      credentialSubject: testCertificate,
    });
    expect(await signCertificate(testCertificate, ru, { issuedAt })).toBe(jws);
  });

  describe('refuses, naming the failed check', () => {
    it('a changed payload field', async () => {
      const jws = await signCertificate(testCertificate, ru, { issuedAt });
      const tampered = editJson(jws, 1, (p) => {
        (p.credentialSubject as { parcels: number }).parcels = 5;
      });
      expect(firstFailure(await verifyCertificate(tampered, options))).toStrictEqual({
        check: 'signature',
        code: 'KPX_SIGNATURE_INVALID',
      });
    });

    it.each([
      ['none', 'KPX_ALG_NOT_ALLOWED'],
      ['HS256', 'KPX_ALG_NOT_ALLOWED'],
    ])('header alg %s', async (alg, code) => {
      const jws = await signCertificate(testCertificate, ru, { issuedAt });
      const tampered = editJson(jws, 0, (h) => {
        h.alg = alg;
      });
      const outcome = await verifyCertificate(tampered, options);
      expect(firstFailure(outcome)).toStrictEqual({ check: 'header', code });
      expect(
        outcome.checks.slice(2).every((c) => !c.ok && c.message.startsWith('not checked: ')),
      ).toBe(true);
    });

    it('header alg switched to the other allowed algorithm', async () => {
      const jws = await signCertificate(testCertificate, ru, { issuedAt });
      const tampered = editJson(jws, 0, (h) => {
        h.alg = 'ES256';
      });
      expect(firstFailure(await verifyCertificate(tampered, options))).toStrictEqual({
        check: 'key-known',
        code: 'KPX_ALG_NOT_ALLOWED',
      });
    });

    it('a wrong typ, a crit header', async () => {
      const jws = await signCertificate(testCertificate, ru, { issuedAt });
      const typ = editJson(jws, 0, (h) => {
        h.typ = 'JWT';
      });
      expect(firstFailure(await verifyCertificate(typ, options))).toStrictEqual({
        check: 'header',
        code: 'KPX_TYP_INVALID',
      });
      const crit = editJson(jws, 0, (h) => {
        h.crit = ['exp'];
      });
      expect(firstFailure(await verifyCertificate(crit, options))).toStrictEqual({
        check: 'header',
        code: 'KPX_JWS_MALFORMED',
      });
    });

    it('an unknown kid', async () => {
      const jws = await signCertificate(testCertificate, ru, { issuedAt });
      const tampered = editJson(jws, 0, (h) => {
        h.kid = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
      });
      expect(firstFailure(await verifyCertificate(tampered, options))).toStrictEqual({
        check: 'key-known',
        code: 'KPX_KEY_UNKNOWN',
      });
    });

    it('a truncated signature, a signature by another key', async () => {
      const jws = await signCertificate(testCertificate, ru, { issuedAt });
      const signature = base64urlDecode(jws.split('.')[2]!)!;
      const truncated = replacePart(jws, 2, base64urlEncode(signature.subarray(0, 32)));
      expect(firstFailure(await verifyCertificate(truncated, options))).toStrictEqual({
        check: 'signature',
        code: 'KPX_SIGNATURE_INVALID',
      });
      // Cut mid-character, the text is no longer canonical base64url.
      expect(firstFailure(await verifyCertificate(jws.slice(0, -4), options))?.check).toBe(
        'format',
      );
      const other = await signCertificate(
        testCertificate,
        createNodeSigner(testPrivateKeys.euAntwerpEd25519),
        { issuedAt },
      );
      const swapped = replacePart(jws, 2, other.split('.')[2]!);
      expect(firstFailure(await verifyCertificate(swapped, options))).toStrictEqual({
        check: 'signature',
        code: 'KPX_SIGNATURE_INVALID',
      });
    });

    it('a key of another authority', async () => {
      const jws = await signCertificate(
        testCertificate,
        createNodeSigner(testPrivateKeys.euAntwerpEd25519),
        { issuedAt },
      );
      expect(firstFailure(await verifyCertificate(jws, options))).toStrictEqual({
        check: 'key-authority',
        code: 'KPX_KEY_AUTHORITY_MISMATCH',
      });
    });

    it('an expired key, a key signing before its validity', async () => {
      const expired = await signCertificate(
        testCertificate,
        createNodeSigner(testPrivateKeys.ruMinfinExpired),
        { issuedAt },
      );
      const outcome = await verifyCertificate(expired, options);
      expect(firstFailure(outcome)).toStrictEqual({
        check: 'key-valid-at-signing',
        code: 'KPX_KEY_EXPIRED',
      });
      // The signature itself is still checked and reported.
      expect(outcome.checks.find((c) => c.check === 'signature')?.ok).toBe(true);
      const early = await signCertificate(testCertificate, ru, {
        issuedAt: '2025-12-31T23:59:59Z',
      });
      expect(firstFailure(await verifyCertificate(early, options))).toStrictEqual({
        check: 'key-valid-at-signing',
        code: 'KPX_KEY_NOT_YET_VALID',
      });
    });

    it('a revoked key, unless independent evidence predates the revocation', async () => {
      const jws = await signCertificate(
        testCertificate,
        createNodeSigner(testPrivateKeys.ruMinfinRevoked),
        { issuedAt },
      );
      expect(firstFailure(await verifyCertificate(jws, options))).toStrictEqual({
        check: 'key-not-revoked',
        code: 'KPX_KEY_REVOKED',
      });
      const late = await verifyCertificate(jws, {
        ...options,
        evidenceBefore: '2026-02-20T00:00:00Z',
      });
      expect(firstFailure(late)).toStrictEqual({
        check: 'key-not-revoked',
        code: 'KPX_KEY_REVOKED',
      });
      const early = await verifyCertificate(jws, {
        ...options,
        evidenceBefore: '2026-02-10T00:00:00Z',
      });
      expect(early.checks.find((c) => c.check === 'key-not-revoked')?.ok).toBe(true);
    });

    it('a signed iat past the range of a Date fails key-valid-at-signing, never throws', async () => {
      const header = { typ: 'vc+jwt' };
      for (const iat of [8.64e12 + 1, 9e12, Number.MAX_SAFE_INTEGER]) {
        const credential = toCredential(testCertificate, iat);
        const jws = await signCompactJws(header, credential, ru);
        const outcome = await verifyCertificate(jws, options);
        expect(outcome.valid).toBe(false);
        expect(firstFailure(outcome)).toStrictEqual({
          check: 'key-valid-at-signing',
          code: 'KPX_PAYLOAD_INVALID',
        });
      }
    });

    it('a non-canonical or non-VC payload, correctly signed', async () => {
      const credential = toCredential(testCertificate, Date.parse(issuedAt) / 1000);
      const header = { typ: 'vc+jwt' };
      const notVc = await signCompactJws(
        header,
        { ...credential, type: ['VerifiableCredential'] },
        ru,
      );
      expect(firstFailure(await verifyCertificate(notVc, options))).toStrictEqual({
        check: 'payload',
        code: 'KPX_PAYLOAD_INVALID',
      });
      const wrongId = await signCompactJws(
        header,
        { ...credential, id: 'urn:kpx:cert:RU-2026-000999' },
        ru,
      );
      expect(firstFailure(await verifyCertificate(wrongId, options))).toStrictEqual({
        check: 'payload',
        code: 'KPX_PAYLOAD_INVALID',
      });
      const signingInput = `${base64urlEncode(utf8(`{"alg":"EdDSA","kid":"${ru.kid}","typ":"vc+jwt"}`))}.${base64urlEncode(utf8(JSON.stringify(credential)))}`;
      const nonCanonical = `${signingInput}.${base64urlEncode(await ru.sign(utf8(signingInput)))}`;
      expect(firstFailure(await verifyCertificate(nonCanonical, options))).toStrictEqual({
        check: 'payload',
        code: 'KPX_PAYLOAD_INVALID',
      });
    });

    it('a payload with a duplicate member, extra space or members out of order', async () => {
      const credential = toCredential(testCertificate, Date.parse(issuedAt) / 1000);
      const canonical = canonicalize(credential);
      const { id, ...withoutId } = credential;
      const idLast = canonicalize(withoutId).replace(/\}$/, `,"id":${JSON.stringify(id)}}`);
      const signText = async (payloadText: string) => {
        const header = base64urlEncode(utf8(`{"alg":"EdDSA","kid":"${ru.kid}","typ":"vc+jwt"}`));
        const signingInput = `${header}.${base64urlEncode(utf8(payloadText))}`;
        return `${signingInput}.${base64urlEncode(await ru.sign(utf8(signingInput)))}`;
      };
      expect((await verifyCertificate(await signText(canonical), options)).valid).toBe(true);
      const payloadCheck = {
        check: 'payload',
        ok: false,
        code: 'KPX_PAYLOAD_INVALID',
        message: 'payload is not RFC 8785 canonical JSON',
      };
      for (const text of [
        canonical.replace('"iat":', '"iat":0,"iat":'), // the last one wins in JSON.parse
        canonical.replace('"parcels":', '"parcels":9,"parcels":'), // one level down
        canonical.replace('"parcels":', '"parcels": '),
        idLast, // members out of order
      ]) {
        expect(text).not.toBe(canonical);
        const outcome = await verifyCertificate(await signText(text), options);
        expect(outcome.checks.slice(-2)).toStrictEqual([
          payloadCheck,
          { check: 'schema', ok: false, message: 'not checked: payload invalid' },
        ]);
        expect(outcome.checks.slice(0, -2).every((c) => c.ok)).toBe(true);
      }
    });

    it('a certificate with several problems: every one is reported, in order', async () => {
      const bad = {
        ...testCertificate,
        totals: { carats: '1.00', valueUsd: '1.00' },
        seals: ['S-1', 'S-1'],
      };
      const outcome = await verifyCertificate(
        await signCertificate(bad, ru, { issuedAt }),
        options,
      );
      const validation = validateCertificate(bad, {
        directory: defaultDirectory,
        today: '2026-03-02',
      });
      if (validation.ok) throw new Error('the certificate should break the rules');
      expect(validation.problems.length).toBeGreaterThanOrEqual(3);
      expect(outcome.checks.at(-1)).toStrictEqual({
        check: 'schema',
        ok: false,
        code: 'KPX_VALIDATION_FAILED',
        message: validation.problems.map((p) => `${p.path}: ${p.message} (${p.code})`).join('; '),
      });
    });

    it('a certificate breaking the KPCS rules, correctly signed', async () => {
      const bad = { ...testCertificate, totals: { carats: '1.00', valueUsd: '1.00' } };
      const jws = await signCertificate(bad, ru, { issuedAt });
      expect(firstFailure(await verifyCertificate(jws, options))).toStrictEqual({
        check: 'schema',
        code: 'KPX_VALIDATION_FAILED',
      });
      const expired = await signCertificate(testCertificate, ru, { issuedAt });
      expect(
        firstFailure(await verifyCertificate(expired, { ...options, now: '2026-06-01T00:00:00Z' })),
      ).toStrictEqual({
        check: 'schema',
        code: 'KPX_VALIDATION_FAILED',
      });
    });

    it('structural damage', async () => {
      for (const bad of [
        '',
        'a.b',
        'a.b.c.d',
        '!!!.e30.AA',
        'e30.e30.',
        'e30.e30.AA',
        'W10.e30.AA',
      ]) {
        const outcome = await verifyCertificate(bad, options);
        expect(outcome.valid).toBe(false);
        expect(['format', 'header']).toContain(firstFailure(outcome)?.check);
        expect(outcome.checks.map((c) => c.check)).toStrictEqual(certificateCheckNames);
      }
    });
  });

  it('any changed character makes it fail, and the failure is named', async () => {
    const jws = await signCertificate(testCertificate, ru, { issuedAt });
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    await fc.assert(
      fc.asyncProperty(fc.nat(jws.length - 1), fc.nat(alphabet.length - 1), async (at, pick) => {
        fc.pre(jws[at] !== alphabet[pick]);
        const outcome = await verifyCertificate(
          jws.slice(0, at) + alphabet[pick]! + jws.slice(at + 1),
          options,
        );
        expect(outcome.valid).toBe(false);
        expect(outcome.value).toBeUndefined();
        const first = outcome.checks.find((c) => !c.ok);
        expect(first?.code).toBeDefined();
        const expected =
          at < jws.indexOf('.')
            ? ['format', 'header', 'key-known']
            : ['format', 'signature', 'key-authority', 'key-valid-at-signing'];
        expect(expected).toContain(first?.check);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary input', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.tuple(fc.string(), fc.string(), fc.string()).map((p) => p.join('.')),
        ),
        async (text) => {
          const outcome = await verifyCertificate(text, options);
          expect(outcome.valid).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});
