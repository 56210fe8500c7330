import { writeFile } from 'node:fs/promises';
import {
  algOfJwk,
  jwkThumbprint,
  privateJwkSchema,
  publicJwkOf,
  publicJwkSchema,
  type PrivateJwk,
  type PublicJwk,
  type TrustedKey,
} from '@kpx/protocol';
import { participantOfAuthority } from './participant-of-authority.js';
import { CliError, exitCodes } from './output.js';
import { readJson } from './read-input.js';

/**
 * A signing key file as `kpx keys generate` writes it: a private JWK (RFC 7517) with its `kid`
 * (RFC 7638 thumbprint) and `alg`, plus the kpx members `kpx_authority` (the authority the key
 * signs for, when known). Written with mode 0600: it is a secret.
 */
export type KeyFile = PrivateJwk & { kid: string; alg: string; kpx_authority?: string };

/** One public key of a JWKS as kpx writes it (RFC 7517 §5 with kpx members). */
export type PublicKeyEntry = PublicJwk & {
  kid: string;
  alg: string;
  use: 'sig';
  kpx_authority?: string;
  kpx_valid_from?: string;
};

export async function writeSecretJson(path: string, value: unknown): Promise<void> {
  await writeFile(path, JSON.stringify(value, null, 2) + '\n', { mode: 0o600 });
}

export async function readKeyFile(
  path: string,
): Promise<{ privateJwk: PrivateJwk; kid: string; authority?: string }> {
  const raw = await readJson(path, 'key file');
  const parsed = privateJwkSchema.safeParse(raw);
  if (!parsed.success) {
    throw new CliError(
      'KPX_USAGE',
      `${path} is not an Ed25519 or P-256 private JWK`,
      exitCodes.usage,
    );
  }
  const authority = (raw as { kpx_authority?: unknown }).kpx_authority;
  const kid = await jwkThumbprint(parsed.data);
  return typeof authority === 'string'
    ? { privateJwk: parsed.data, kid, authority }
    : { privateJwk: parsed.data, kid };
}

/**
 * Reads a JWKS into trusted keys. A key without `kpx_authority` is trusted for the authority the
 * document claims (`fallbackAuthority`): the user vouched for the JWKS by naming it.
 */
export async function readJwks(
  path: string,
  fallbackAuthority: string | undefined,
): Promise<TrustedKey[]> {
  const raw = await readJson(path, 'JWKS');
  const keys = (raw as { keys?: unknown }).keys;
  if (!Array.isArray(keys))
    throw new CliError('KPX_USAGE', `${path} is not a JWKS (no "keys" array)`, exitCodes.usage);
  const trusted: TrustedKey[] = [];
  for (const entry of keys as unknown[]) {
    const jwk = publicJwkSchema.safeParse(entry);
    if (!jwk.success) continue;
    const extra = entry as {
      kpx_authority?: unknown;
      kpx_valid_from?: unknown;
      kpx_valid_to?: unknown;
    };
    const authority =
      typeof extra.kpx_authority === 'string' ? extra.kpx_authority : fallbackAuthority;
    if (authority === undefined) continue;
    const key: TrustedKey = {
      kid: await jwkThumbprint(jwk.data),
      alg: algOfJwk(jwk.data),
      jwk: publicJwkOf(jwk.data),
      authority,
      participant: participantOfAuthority(authority),
      validFrom:
        typeof extra.kpx_valid_from === 'string' ? extra.kpx_valid_from : '1970-01-01T00:00:00Z',
    };
    if (typeof extra.kpx_valid_to === 'string') key.validTo = extra.kpx_valid_to;
    trusted.push(key);
  }
  return trusted;
}
