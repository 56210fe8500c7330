import { readFile, writeFile } from 'node:fs/promises';
import { KpxError } from '@kpx/domain';
import {
  algOfJwk,
  privateJwkSchema,
  publicJwkOf,
  publicJwkSchema,
  type PrivateJwk,
  type PublicJwk,
  type SignatureAlg,
} from '@kpx/protocol';
import {
  jwkThumbprintNode,
  openSecret,
  sealSecret,
  type ScryptCost,
  type SealedSecret,
} from '@kpx/protocol/node';

/**
 * A node's signing key at rest: the private JWK sealed under the operator's passphrase
 * (`sealSecret`: scrypt + AES-256-GCM), with the public half, `kid`, `alg` and authority in
 * clear so the file can be identified and enrolled without the passphrase. The private key never
 * touches the disk in clear.
 */
export type SealedKeyFile = {
  kpx: 'sealed-signing-key';
  version: 1;
  kid: string;
  alg: SignatureAlg;
  authority: string;
  publicJwk: PublicJwk;
  createdAt: string;
  sealed: SealedSecret;
};

/** What {@link readSealedKeyFile} gives back. */
export type OpenedKey = {
  privateJwk: PrivateJwk;
  publicJwk: PublicJwk;
  kid: string;
  alg: SignatureAlg;
  authority: string;
};

function fileError(path: string, detail: string): KpxError {
  return new KpxError('KPX_CONFIG_INVALID', { detail: `signing key file ${path}: ${detail}` });
}

/**
 * Seals `privateJwk` under `passphrase` and writes it to `path` with mode 0600. Refuses to
 * replace an existing file (`wx`): losing a signing key is not something to do by accident.
 *
 * @example
 * ```ts
 * await writeSealedKeyFile('keys/signing-key.sealed.json', { privateJwk, authority: 'RU-MINFIN',
 *   passphrase, createdAt: new Date().toISOString() });
 * ```
 */
export async function writeSealedKeyFile(
  path: string,
  input: {
    privateJwk: PrivateJwk;
    authority: string;
    passphrase: string;
    createdAt: string;
    cost?: ScryptCost;
  },
): Promise<SealedKeyFile> {
  const publicJwk = publicJwkOf(input.privateJwk);
  const file: SealedKeyFile = {
    kpx: 'sealed-signing-key',
    version: 1,
    kid: jwkThumbprintNode(publicJwk),
    alg: algOfJwk(input.privateJwk),
    authority: input.authority,
    publicJwk,
    createdAt: input.createdAt,
    sealed: await sealSecret(
      JSON.stringify(input.privateJwk),
      input.passphrase,
      input.cost === undefined ? {} : { cost: input.cost },
    ),
  };
  await writeFile(path, JSON.stringify(file, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  return file;
}

/** Reads the clear part of a sealed key file (no passphrase needed). */
export async function readSealedKeyHeader(
  path: string,
): Promise<Omit<SealedKeyFile, 'sealed'> & { sealed: unknown }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw fileError(
      path,
      code === 'ENOENT' ? 'not found' : `cannot be read (${code ?? String(error)})`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw fileError(path, 'not JSON');
  }
  const file = raw as Partial<SealedKeyFile>;
  if (
    typeof raw !== 'object' ||
    raw === null ||
    file.kpx !== 'sealed-signing-key' ||
    file.version !== 1
  ) {
    throw fileError(path, 'not a kpx sealed signing key (version 1)');
  }
  const publicJwk = publicJwkSchema.safeParse(file.publicJwk);
  if (
    !publicJwk.success ||
    typeof file.kid !== 'string' ||
    typeof file.authority !== 'string' ||
    typeof file.createdAt !== 'string'
  ) {
    throw fileError(path, 'kid, authority, createdAt or publicJwk missing or malformed');
  }
  return {
    kpx: 'sealed-signing-key',
    version: 1,
    kid: file.kid,
    alg: algOfJwk(publicJwk.data),
    authority: file.authority,
    publicJwk: publicJwk.data,
    createdAt: file.createdAt,
    sealed: file.sealed,
  };
}

/**
 * Reads and opens a sealed key file. A wrong passphrase is `KPX_PASSPHRASE_WRONG`; a missing or
 * malformed file, or a private key that does not match the `kid` in clear (a swapped file), is
 * `KPX_CONFIG_INVALID` naming the file.
 */
export async function readSealedKeyFile(path: string, passphrase: string): Promise<OpenedKey> {
  const header = await readSealedKeyHeader(path);
  let plaintext: Uint8Array;
  try {
    plaintext = await openSecret(header.sealed, passphrase);
  } catch (error) {
    if (error instanceof KpxError) {
      throw new KpxError(error.code, {
        detail: `signing key file ${path}: ${error.message}`,
        cause: error,
      });
    }
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(plaintext));
  } catch {
    throw fileError(path, 'the sealed content is not JSON');
  } finally {
    plaintext.fill(0);
  }
  const privateJwk = privateJwkSchema.safeParse(json);
  if (!privateJwk.success)
    throw fileError(path, 'the sealed content is not an Ed25519 or P-256 private JWK');
  const publicJwk = publicJwkOf(privateJwk.data);
  const kid = jwkThumbprintNode(publicJwk);
  if (kid !== header.kid)
    throw fileError(path, `the sealed key is ${kid}, not the ${header.kid} the file names`);
  return {
    privateJwk: privateJwk.data,
    publicJwk,
    kid,
    alg: algOfJwk(publicJwk),
    authority: header.authority,
  };
}
