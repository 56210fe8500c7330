// TEST ONLY: the trusted-key table of the fixtures.
import type { PrivateJwk } from '../keys/jwk.js';
import { algOfJwk, publicJwkOf } from '../keys/jwk.js';
import { jwkThumbprint } from '../keys/jwk.js';
import type { TrustedKey } from '../keys/trusted-key.js';
import { testPrivateKeys, testTimes } from './fixtures.js';

async function trusted(
  jwk: PrivateJwk,
  authority: string,
  participant: string,
  extra: Partial<TrustedKey> = {},
): Promise<TrustedKey> {
  return {
    kid: await jwkThumbprint(jwk),
    alg: algOfJwk(jwk),
    jwk: publicJwkOf(jwk),
    authority,
    participant,
    validFrom: testTimes.keysValidFrom,
    ...extra,
  };
}

/** The authority keys of the fixtures, as a trust list would list them. */
export async function testTrustedKeys(): Promise<TrustedKey[]> {
  const k = testPrivateKeys;
  return [
    await trusted(k.ruMinfinEd25519, 'RU-MINFIN', 'RU'),
    await trusted(k.ruMinfinEs256, 'RU-MINFIN', 'RU'),
    await trusted(k.ruMinfinExpired, 'RU-MINFIN', 'RU', {
      validFrom: testTimes.expiredKeyValidFrom,
      validTo: testTimes.expiredKeyValidTo,
    }),
    await trusted(k.ruMinfinRevoked, 'RU-MINFIN', 'RU', {
      revokedAt: testTimes.revokedAt,
      revocationReason: 'compromise',
    }),
    await trusted(k.euAntwerpEd25519, 'EU-BE-ANTWERP', 'EU'),
  ];
}
