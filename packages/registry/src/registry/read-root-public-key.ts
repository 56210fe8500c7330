import { readFile } from 'node:fs/promises';
import { KpxError } from '@kpx/domain';
import { jwkThumbprint, publicJwkSchema, type PublicJwk } from '@kpx/protocol';
import { registryPaths } from './registry-paths.js';

/**
 * The registry's pinned root public key, read from `root-key.pub.json` in its directory (no
 * passphrase, no database): what a node or the network harness configures as `rootKey`.
 *
 * @example
 * ```ts
 * const { jwk, kid } = await readRootPublicKey(dir);
 * await verifyTrustList(jws, { rootKey: jwk, verifier: nodeVerifier, now: new Date() });
 * ```
 */
export async function readRootPublicKey(dir: string): Promise<{ jwk: PublicJwk; kid: string }> {
  const path = registryPaths(dir).rootPublicKey;
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new KpxError('KPX_CONFIG_INVALID', {
      detail: `cannot read the root public key ${path}: ${(error as Error).message}`,
    });
  }
  const parsed = publicJwkSchema.safeParse(json);
  if (!parsed.success) {
    throw new KpxError('KPX_CONFIG_INVALID', { detail: `${path} is not a public JWK` });
  }
  return { jwk: parsed.data, kid: await jwkThumbprint(parsed.data) };
}
