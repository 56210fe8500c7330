import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNetworkTrustListSigner, type NetworkMember, type PublicKeyEntry } from '@kpx/node';
import type { PublicJwk } from '@kpx/protocol';

/** The member entry of a node directory, from its `public.jwks.json` (what the registry enrols). */
export function memberOf(nodeDir: string): NetworkMember {
  const jwks = JSON.parse(readFileSync(join(nodeDir, 'public.jwks.json'), 'utf8')) as {
    keys: PublicKeyEntry[];
  };
  const key = jwks.keys[0];
  if (key === undefined) throw new Error(`${nodeDir}/public.jwks.json has no key`);
  const { kid, alg, kpx_authority, kpx_valid_from, kpx_endpoint, use: _use, ...jwk } = key;
  return {
    authority: kpx_authority,
    endpoint: kpx_endpoint,
    publicJwk: jwk as PublicJwk,
    kid,
    alg,
    validFrom: kpx_valid_from,
  };
}

/**
 * TEST ONLY: what the registry will do — lists the nodes of `nodeDirs` with their endpoints and
 * keys in a signed trust list written to `file`. Returns the root key to pin.
 */
export async function writeTrustList(
  file: string,
  nodeDirs: readonly string[],
): Promise<PublicJwk & { kid: string }> {
  const signer = await createNetworkTrustListSigner({ now: new Date() });
  const { jws } = await signer.sign(nodeDirs.map(memberOf), new Date());
  writeFileSync(file, jws + '\n');
  return signer.rootKey;
}
