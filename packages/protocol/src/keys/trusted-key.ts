import type { PublicJwk, SignatureAlg } from './jwk.js';

/**
 * A public key a verifier trusts, with what the trust list says about it: which authority it
 * signs for, and when it may sign (`validFrom` ≤ t ≤ `validTo`). `revokedAt` is set when the
 * key was revoked (for compromise or otherwise); see `key-not-revoked` in the verifiers.
 */
export type TrustedKey = {
  kid: string;
  alg: SignatureAlg;
  jwk: PublicJwk;
  authority: string;
  participant: string;
  validFrom: string;
  validTo?: string;
  revokedAt?: string;
  revocationReason?: string;
};

/** Looks a key up by its `kid`. */
export type KeyResolver = (kid: string) => TrustedKey | undefined;

/**
 * A {@link KeyResolver} over a fixed list of keys.
 *
 * @example
 * ```ts
 * const keys = keyResolverFromKeys([{ kid, alg: 'EdDSA', jwk: publicJwk, authority: 'RU-MINFIN',
 *   participant: 'RU', validFrom: '2026-01-01T00:00:00Z' }]);
 * keys(kid)?.authority; // 'RU-MINFIN'
 * ```
 */
export function keyResolverFromKeys(keys: readonly TrustedKey[]): KeyResolver {
  const byKid = new Map(keys.map((k) => [k.kid, k] as const));
  return (kid) => byKid.get(kid);
}
