import {
  base64urlDecode,
  base64urlEncode,
  keyResolverFromKeys,
  utf8,
  utf8Decode,
  webCryptoVerifier,
  type TrustedKey,
} from '@kpx/protocol';
import { nodeVerifier } from '@kpx/protocol/node';
import { describe, expect, it } from 'vitest';
import { testKey } from '../testing/test-registry.js';
import { keyEnrolmentSchema } from './key-enrolment.js';
import { signKeyEnrolment } from './sign-key-enrolment.js';
import { keyEnrolmentCheckNames, verifyKeyEnrolment } from './verify-key-enrolment.js';

const now = '2026-03-02T09:00:00.000Z';
const current = await testKey();
const next = await testKey();
const other = await testKey();

function trusted(
  key: typeof current,
  authority: string,
  extra: Partial<TrustedKey> = {},
): TrustedKey {
  return {
    kid: key.kid,
    alg: 'EdDSA',
    jwk: key.publicJwk,
    authority,
    participant: authority.slice(0, 2),
    validFrom: '2026-01-01T00:00:00.000Z',
    ...extra,
  };
}

const keys = keyResolverFromKeys([trusted(current, 'RU-MINFIN'), trusted(other, 'BY-MINFIN')]);
const options = { keys, verifier: nodeVerifier, now };
const request = { authority: 'RU-MINFIN', jwk: next.publicJwk, validFrom: now, requestedAt: now };

function firstFailure(outcome: { checks: { check: string; ok: boolean; code?: string }[] }) {
  const failed = outcome.checks.find((c) => !c.ok);
  return failed === undefined ? undefined : { check: failed.check, code: failed.code };
}

function resign(
  jws: string,
  change: (payload: Record<string, unknown>) => void,
  indent?: number,
): Promise<string> {
  const [h] = jws.split('.') as [string];
  const payload = JSON.parse(utf8Decode(base64urlDecode(jws.split('.')[1]!)!)!) as Record<
    string,
    unknown
  >;
  change(payload);
  const body = base64urlEncode(utf8(JSON.stringify(payload, null, indent)));
  return current.signer
    .sign(utf8(`${h}.${body}`))
    .then((sig) => `${h}.${body}.${base64urlEncode(sig)}`);
}

describe('key enrolment JWS', () => {
  it('signs a canonical kpx-key-enrolment+jwt that verifies with node:crypto and WebCrypto', async () => {
    const jws = await signKeyEnrolment(request, current.signer);
    const header = JSON.parse(utf8Decode(base64urlDecode(jws.split('.')[0]!)!)!) as unknown;
    expect(header).toStrictEqual({ alg: 'EdDSA', kid: current.kid, typ: 'kpx-key-enrolment+jwt' });
    for (const verifier of [nodeVerifier, webCryptoVerifier]) {
      const outcome = await verifyKeyEnrolment(jws, { ...options, verifier });
      expect(outcome.checks.map((c) => c.check)).toStrictEqual(keyEnrolmentCheckNames);
      expect(outcome.checks.filter((c) => !c.ok)).toStrictEqual([]);
      expect(outcome.valid).toBe(true);
      expect(outcome.kid).toBe(current.kid);
      expect(outcome.value).toStrictEqual({
        authority: 'RU-MINFIN',
        jwk: next.publicJwk,
        kid: next.kid,
        validFrom: now,
        requestedAt: now,
      });
      expect(keyEnrolmentSchema.safeParse(outcome.value).success).toBe(true);
    }
  });

  it('refuses a key of another authority, an unknown key, a revoked or expired key', async () => {
    const byOther = await signKeyEnrolment(request, other.signer);
    expect(firstFailure(await verifyKeyEnrolment(byOther, options))).toStrictEqual({
      check: 'key-authority',
      code: 'KPX_KEY_AUTHORITY_MISMATCH',
    });
    const byNext = await signKeyEnrolment({ ...request, jwk: other.publicJwk }, next.signer);
    expect(firstFailure(await verifyKeyEnrolment(byNext, options))).toStrictEqual({
      check: 'key-known',
      code: 'KPX_KEY_UNKNOWN',
    });
    const jws = await signKeyEnrolment(request, current.signer);
    const revoked = keyResolverFromKeys([
      trusted(current, 'RU-MINFIN', {
        revokedAt: '2026-03-01T00:00:00.000Z',
        revocationReason: 'compromise',
      }),
    ]);
    expect(
      firstFailure(await verifyKeyEnrolment(jws, { ...options, keys: revoked })),
    ).toStrictEqual({
      check: 'key-not-revoked',
      code: 'KPX_KEY_REVOKED',
    });
    const expired = keyResolverFromKeys([
      trusted(current, 'RU-MINFIN', { validTo: '2026-02-01T00:00:00.000Z' }),
    ]);
    expect(
      firstFailure(await verifyKeyEnrolment(jws, { ...options, keys: expired })),
    ).toStrictEqual({
      check: 'key-valid-at-signing',
      code: 'KPX_KEY_EXPIRED',
    });
  });

  it('refuses a bad signature, a wrong typ, garbage, a non-canonical or inconsistent payload', async () => {
    const jws = await signKeyEnrolment(request, current.signer);
    const [h, p, s] = jws.split('.') as [string, string, string];
    const forged = `${h}.${p}.${s.startsWith('A') ? 'B' : 'A'}${s.slice(1)}`;
    expect(firstFailure(await verifyKeyEnrolment(forged, options))).toStrictEqual({
      check: 'signature',
      code: 'KPX_SIGNATURE_INVALID',
    });
    const wrongTyp = base64urlEncode(
      utf8(JSON.stringify({ alg: 'EdDSA', kid: current.kid, typ: 'JWT' })),
    );
    expect(firstFailure(await verifyKeyEnrolment(`${wrongTyp}.${p}.${s}`, options))).toStrictEqual({
      check: 'header',
      code: 'KPX_TYP_INVALID',
    });
    const none = base64urlEncode(
      utf8(JSON.stringify({ alg: 'none', kid: current.kid, typ: 'kpx-key-enrolment+jwt' })),
    );
    expect(firstFailure(await verifyKeyEnrolment(`${none}.${p}.`, options))?.code).toBe(
      'KPX_ALG_NOT_ALLOWED',
    );
    for (const garbage of ['', 'a.b', 42, 'x'.repeat(20_000), `${h}.!!!.${s}`]) {
      const outcome = await verifyKeyEnrolment(garbage, options);
      expect(outcome.valid).toBe(false);
      expect(firstFailure(outcome)).toStrictEqual({ check: 'format', code: 'KPX_JWS_MALFORMED' });
      expect(outcome.checks).toHaveLength(keyEnrolmentCheckNames.length);
    }
    // The same JSON with whitespace: not RFC 8785, so refused.
    const reordered = await resign(jws, () => undefined, 1);
    expect(firstFailure(await verifyKeyEnrolment(reordered, options))).toStrictEqual({
      check: 'payload',
      code: 'KPX_PAYLOAD_INVALID',
    });
    const wrongKid = await signKeyEnrolment(
      { ...request, jwk: next.publicJwk },
      current.signer,
    ).then((t) =>
      resign(t, (pl) => {
        pl.kid = other.kid;
      }),
    );
    expect(firstFailure(await verifyKeyEnrolment(wrongKid, options))?.check).toBe('payload');
    const itself = await signKeyEnrolment({ ...request, jwk: current.publicJwk }, current.signer);
    expect(
      (await verifyKeyEnrolment(itself, options)).checks.find((c) => !c.ok)?.message,
    ).toContain('signing key itself');
  });

  it('refuses a request from the future or too old', async () => {
    const future = await signKeyEnrolment(
      { ...request, requestedAt: '2026-03-02T09:10:00.000Z' },
      current.signer,
    );
    expect(firstFailure(await verifyKeyEnrolment(future, options))).toStrictEqual({
      check: 'freshness',
      code: 'KPX_MESSAGE_FROM_FUTURE',
    });
    const old = await signKeyEnrolment(
      { ...request, requestedAt: '2026-03-02T07:00:00.000Z' },
      current.signer,
    );
    expect(firstFailure(await verifyKeyEnrolment(old, options))).toStrictEqual({
      check: 'freshness',
      code: 'KPX_MESSAGE_TOO_OLD',
    });
    expect((await verifyKeyEnrolment(old, { ...options, maxAgeMs: 3 * 3_600_000 })).valid).toBe(
      true,
    );
  });
});
