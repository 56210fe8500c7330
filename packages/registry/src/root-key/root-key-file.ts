import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { KpxError } from '@kpx/domain';
import {
  base64urlDecode,
  base64urlEncode,
  canonicalize,
  jwkThumbprint,
  privateJwkSchema,
  publicJwkOf,
  publicJwkSchema,
  type PrivateJwk,
  type PublicJwk,
} from '@kpx/protocol';
import { z } from 'zod';

/**
 * The registry's root private key at rest: a JSON file whose private JWK is encrypted with
 * AES-256-GCM under a key derived from a passphrase with scrypt (RFC 7914). The public key and
 * its `kid` are in clear so the file can be identified without the passphrase; they and the KDF
 * parameters are bound to the ciphertext as GCM additional data, so none can be swapped.
 */
export type RootKeyFile = {
  kpx: 'registry-root-key';
  version: 1;
  kid: string;
  publicJwk: PublicJwk;
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  cipher: { name: 'A256GCM'; iv: string; tag: string };
  ciphertext: string;
};

/** scrypt cost N of new files: 2^17 with r = 8 (128 MiB, about a second), RFC 7914 §2. */
export const defaultScryptCost = 2 ** 17;

const b64u = z.string().regex(/^[A-Za-z0-9_-]*$/);
const rootKeyFileSchema: z.ZodType<RootKeyFile> = z.strictObject({
  kpx: z.literal('registry-root-key'),
  version: z.literal(1),
  kid: z.string(),
  publicJwk: publicJwkSchema,
  kdf: z.strictObject({
    name: z.literal('scrypt'),
    N: z
      .int()
      .min(2 ** 10)
      .max(2 ** 22),
    r: z.int().min(1).max(32),
    p: z.int().min(1).max(16),
    salt: b64u,
  }),
  cipher: z.strictObject({ name: z.literal('A256GCM'), iv: b64u, tag: b64u }),
  ciphertext: b64u,
});

function deriveKey(passphrase: string, kdf: RootKeyFile['kdf']): Promise<Buffer> {
  const salt = base64urlDecode(kdf.salt) ?? new Uint8Array();
  // Node's default scrypt memory cap (32 MiB) is below 128·N·r for the default cost.
  const maxmem = 256 * kdf.N * kdf.r;
  return new Promise((resolve, reject) => {
    scrypt(
      passphrase.normalize('NFC'),
      salt,
      32,
      { N: kdf.N, r: kdf.r, p: kdf.p, maxmem },
      (error, key) => {
        if (error === null) resolve(key);
        else reject(error);
      },
    );
  });
}

function additionalData(file: Omit<RootKeyFile, 'cipher' | 'ciphertext'>, iv: string): Buffer {
  const { kpx, version, kid, publicJwk, kdf } = file;
  return Buffer.from(canonicalize({ kpx, version, kid, publicJwk, kdf, iv }), 'utf8');
}

/**
 * Encrypts a root private key under a passphrase.
 *
 * @example
 * ```ts
 * const file = await encryptRootKey(privateJwk, process.env.KPX_REGISTRY_PASSPHRASE ?? '');
 * ```
 */
export async function encryptRootKey(
  privateJwk: PrivateJwk,
  passphrase: string,
  options: { scryptCost?: number } = {},
): Promise<RootKeyFile> {
  const publicJwk = publicJwkOf(privateJwk);
  const head = {
    kpx: 'registry-root-key' as const,
    version: 1 as const,
    kid: await jwkThumbprint(publicJwk),
    publicJwk,
    kdf: {
      name: 'scrypt' as const,
      N: options.scryptCost ?? defaultScryptCost,
      r: 8,
      p: 1,
      salt: base64urlEncode(randomBytes(16)),
    },
  };
  const key = await deriveKey(passphrase, head.kdf);
  const iv = base64urlEncode(randomBytes(12));
  const cipher = createCipheriv('aes-256-gcm', key, base64urlDecode(iv) ?? new Uint8Array());
  cipher.setAAD(additionalData(head, iv));
  const plaintext = Buffer.from(JSON.stringify(privateJwk), 'utf8');
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return {
    ...head,
    cipher: { name: 'A256GCM', iv, tag: base64urlEncode(cipher.getAuthTag()) },
    ciphertext: base64urlEncode(ciphertext),
  };
}

/**
 * Decrypts a root key file. A wrong passphrase and a tampered file are indistinguishable by
 * design (GCM authentication fails either way): both are `KPX_PASSPHRASE_WRONG`. A file that is
 * not a root key file at all is `KPX_CONFIG_INVALID`.
 */
export async function decryptRootKey(
  input: unknown,
  passphrase: string,
  source = 'root key file',
): Promise<PrivateJwk> {
  const parsed = rootKeyFileSchema.safeParse(input);
  if (!parsed.success) {
    throw new KpxError('KPX_CONFIG_INVALID', {
      detail: `${source} is not a kpx registry root key file`,
    });
  }
  const file = parsed.data;
  const wrong = new KpxError('KPX_PASSPHRASE_WRONG', {
    detail: `cannot decrypt ${source}: wrong passphrase or damaged file`,
  });
  const key = await deriveKey(passphrase, file.kdf);
  let plaintext: Buffer;
  try {
    const decipher = createDecipheriv(
      'aes-256-gcm',
      key,
      base64urlDecode(file.cipher.iv) ?? new Uint8Array(),
    );
    decipher.setAAD(additionalData(file, file.cipher.iv));
    decipher.setAuthTag(base64urlDecode(file.cipher.tag) ?? new Uint8Array());
    plaintext = Buffer.concat([
      decipher.update(base64urlDecode(file.ciphertext) ?? new Uint8Array()),
      decipher.final(),
    ]);
  } catch {
    throw wrong;
  }
  let json: unknown;
  try {
    json = JSON.parse(plaintext.toString('utf8'));
  } catch {
    throw wrong;
  }
  const jwk = privateJwkSchema.safeParse(json);
  if (!jwk.success || (await jwkThumbprint(jwk.data)) !== file.kid) throw wrong;
  return jwk.data;
}

/** Writes a new root key file (mode 0600); refuses to overwrite an existing one. */
export async function writeRootKeyFile(
  path: string,
  privateJwk: PrivateJwk,
  passphrase: string,
  options: { scryptCost?: number } = {},
): Promise<RootKeyFile> {
  const file = await encryptRootKey(privateJwk, passphrase, options);
  try {
    await writeFile(path, JSON.stringify(file, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new KpxError('KPX_CONFLICT', { detail: `${path} already exists` });
    }
    throw error;
  }
  return file;
}

/** Reads and decrypts a root key file; a missing file is `KPX_CONFIG_INVALID`. */
export async function readRootKeyFile(path: string, passphrase: string): Promise<PrivateJwk> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'no such file'
        : (error as Error).message;
    throw new KpxError('KPX_CONFIG_INVALID', { detail: `cannot read root key ${path}: ${reason}` });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new KpxError('KPX_CONFIG_INVALID', { detail: `${path} is not JSON` });
  }
  return decryptRootKey(json, passphrase, path);
}
