import { describe, expect, it } from 'vitest';
import type { TrustedKey } from '../keys/trusted-key.js';
import { CheckList } from './check.js';
import { runKeyChecks } from './key-checks.js';

const base: TrustedKey = {
  kid: 'k1',
  alg: 'EdDSA',
  jwk: { kty: 'OKP', crv: 'Ed25519', x: 'A'.repeat(43) },
  authority: 'RU-MINFIN',
  participant: 'RU',
  validFrom: '2026-01-01T00:00:00Z',
  revokedAt: '2026-06-01T00:00:00Z',
};

function revocationCheck(key: TrustedKey, signedAt: string, evidenceBefore?: string) {
  const list = new CheckList();
  runKeyChecks(list, {
    kid: 'k1',
    alg: 'EdDSA',
    keys: () => key,
    claimedAuthority: 'RU-MINFIN',
    authorityLabel: 'issuing authority',
    signingTimeMs: Date.parse(signedAt),
    revocation: { mode: 'evidence', evidenceBefore },
  });
  return list.checks.find((c) => c.check === 'key-not-revoked');
}

describe('key-not-revoked', () => {
  it('keeps documents signed before a non-compromise revocation valid on the signer’s time', () => {
    for (const reason of ['superseded', 'ceased']) {
      const key = { ...base, revocationReason: reason };
      expect(revocationCheck(key, '2026-05-01T00:00:00Z')).toMatchObject({ ok: true });
      expect(revocationCheck(key, '2026-07-01T00:00:00Z')).toMatchObject({
        ok: false,
        code: 'KPX_KEY_REVOKED',
      });
    }
  });

  it('after a compromise, believes only independent evidence, never the signer’s claimed time', () => {
    const key = { ...base, revocationReason: 'compromise' };
    expect(revocationCheck(key, '2026-05-01T00:00:00Z')).toMatchObject({
      ok: false,
      code: 'KPX_KEY_REVOKED',
    });
    expect(revocationCheck(key, '2026-05-01T00:00:00Z', '2026-05-02T00:00:00Z')).toMatchObject({
      ok: true,
    });
    expect(revocationCheck(key, '2026-05-01T00:00:00Z', '2026-06-02T00:00:00Z')).toMatchObject({
      ok: false,
    });
  });

  it('treats a revocation without a reason as a compromise (the safe reading)', () => {
    expect(revocationCheck(base, '2026-05-01T00:00:00Z')).toMatchObject({
      ok: false,
      code: 'KPX_KEY_REVOKED',
    });
  });
});
