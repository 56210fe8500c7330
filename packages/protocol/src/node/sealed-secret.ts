import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import { KpxError } from '@kpx/domain';
import { base64urlDecode, base64urlEncode, utf8 } from '../bytes.js';
import { canonicalize } from '../canonical-json.js';

/** scrypt cost parameters (RFC 7914 §2): CPU/memory cost `N` (a power of two), block size `r`, parallelism `p`. */
export type ScryptCost = { N: number; r: number; p: number };

/**
 * The default cost: N = 2^15, r = 8, p = 1 — 32 MiB and about 0.1 s per derivation on the
 * machines we run on, the interactive-login figure of RFC 7914 §2 scaled to today's hardware.
 * Paid once per node start, so there is no reason to go lower.
 */
export const defaultScryptCost: Readonly<ScryptCost> = Object.freeze({ N: 2 ** 15, r: 8, p: 1 });

/**
 * A secret sealed under a passphrase: scrypt (RFC 7914) derives a 256-bit key, AES-256-GCM
 * (NIST SP 800-38D) encrypts. Everything needed to open it except the passphrase is in the
 * document, so the cost can be raised later without breaking old files. The header members
 * (`kpx`, `version`, `kdf`, `cipher.name`, `cipher.iv`) are authenticated as GCM additional
 * data: changing any of them makes opening fail like a wrong passphrase.
 */
export type SealedSecret = {
  kpx: 'sealed-secret';
  version: 1;
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  cipher: { name: 'A256GCM'; iv: string; tag: string };
  ciphertext: string;
};

// Bounds on what a sealed document may ask for when opened: a hostile file must not make the
// node spend gigabytes or minutes before the tag check fails.
const maxN = 2 ** 20;
const maxR = 32;
const maxP = 16;
const maxMemoryBytes = 1024 * 1024 * 1024;

function scryptAsync(passphrase: string, salt: Uint8Array, cost: ScryptCost): Promise<Buffer> {
  // Node refuses a derivation above `maxmem` (32 MiB by default, exactly our default cost).
  const maxmem = 128 * cost.N * cost.r * cost.p + 128 * cost.r * cost.p + 1024 * 1024;
  return new Promise((resolve, reject) => {
    // NFC: the same typed passphrase gives the same bytes whatever the keyboard or platform.
    scrypt(passphrase.normalize('NFC'), salt, 32, { ...cost, maxmem }, (error, key) => {
      if (error === null) resolve(key);
      else reject(error);
    });
  });
}

function additionalData(
  sealed: Pick<SealedSecret, 'kpx' | 'version' | 'kdf'> & { cipher: { name: string; iv: string } },
): Uint8Array {
  return utf8(
    canonicalize({
      kpx: sealed.kpx,
      version: sealed.version,
      kdf: sealed.kdf,
      cipher: { name: sealed.cipher.name, iv: sealed.cipher.iv },
    }),
  );
}

function checkCost(cost: ScryptCost): string | undefined {
  const { N, r, p } = cost;
  if (!Number.isSafeInteger(N) || N < 2 || N > maxN || (N & (N - 1)) !== 0)
    return `kdf.N must be a power of two up to ${maxN}`;
  if (!Number.isSafeInteger(r) || r < 1 || r > maxR) return `kdf.r must be 1 to ${maxR}`;
  if (!Number.isSafeInteger(p) || p < 1 || p > maxP) return `kdf.p must be 1 to ${maxP}`;
  if (128 * N * r * p > maxMemoryBytes) return 'kdf parameters need more than 1 GiB';
  return undefined;
}

/**
 * Seals `plaintext` under `passphrase`. A fresh random salt and IV every time, so sealing the
 * same secret twice gives unrelated documents. Throws a `TypeError` for an empty passphrase or
 * an out-of-range cost (caller bugs).
 *
 * @example
 * ```ts
 * const sealed = await sealSecret(JSON.stringify(privateJwk), process.env.KPX_PASSPHRASE!);
 * await writeFile('signing-key.sealed.json', JSON.stringify(sealed));
 * ```
 */
export async function sealSecret(
  plaintext: Uint8Array | string,
  passphrase: string,
  options: { cost?: ScryptCost } = {},
): Promise<SealedSecret> {
  if (passphrase.length === 0) throw new TypeError('the passphrase must not be empty');
  const cost = options.cost ?? defaultScryptCost;
  const invalid = checkCost(cost);
  if (invalid !== undefined) throw new TypeError(invalid);
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = await scryptAsync(passphrase, salt, cost);
  const header = {
    kpx: 'sealed-secret' as const,
    version: 1 as const,
    kdf: { name: 'scrypt' as const, N: cost.N, r: cost.r, p: cost.p, salt: base64urlEncode(salt) },
    cipher: { name: 'A256GCM' as const, iv: base64urlEncode(iv) },
  };
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(additionalData(header));
  const data = typeof plaintext === 'string' ? utf8(plaintext) : plaintext;
  const ciphertext = Buffer.concat([cipher.update(data), cipher.final()]);
  key.fill(0);
  return {
    ...header,
    cipher: { ...header.cipher, tag: base64urlEncode(cipher.getAuthTag()) },
    ciphertext: base64urlEncode(ciphertext),
  };
}

function damaged(reason: string): KpxError {
  return new KpxError('KPX_PASSPHRASE_WRONG', {
    detail: `not a usable kpx sealed secret: ${reason}`,
  });
}

function parseSealed(input: unknown): {
  sealed: SealedSecret;
  salt: Uint8Array;
  iv: Uint8Array;
  tag: Uint8Array;
  ciphertext: Uint8Array;
} {
  if (typeof input !== 'object' || input === null) throw damaged('not a JSON object');
  const s = input as Partial<Record<keyof SealedSecret, unknown>>;
  if (s.kpx !== 'sealed-secret') throw damaged('"kpx" is not "sealed-secret"');
  if (s.version !== 1)
    throw damaged(
      `version ${JSON.stringify(s.version)} is not supported (this build reads version 1)`,
    );
  const kdf = s.kdf as Partial<SealedSecret['kdf']> | undefined;
  const cipher = s.cipher as Partial<SealedSecret['cipher']> | undefined;
  if (typeof kdf !== 'object' || kdf === null || kdf.name !== 'scrypt')
    throw damaged('kdf.name is not "scrypt"');
  if (typeof cipher !== 'object' || cipher === null || cipher.name !== 'A256GCM')
    throw damaged('cipher.name is not "A256GCM"');
  const cost = { N: kdf.N, r: kdf.r, p: kdf.p } as ScryptCost;
  const invalid = checkCost(cost);
  if (invalid !== undefined) throw damaged(invalid);
  const bytes = (value: unknown, name: string, length?: number): Uint8Array => {
    const decoded = typeof value === 'string' ? base64urlDecode(value) : undefined;
    if (decoded === undefined || (length !== undefined && decoded.length !== length))
      throw damaged(`${name} is not valid base64url`);
    return decoded;
  };
  const salt = bytes(kdf.salt, 'kdf.salt');
  if (salt.length < 16) throw damaged('kdf.salt is shorter than 16 bytes');
  const iv = bytes(cipher.iv, 'cipher.iv', 12);
  const tag = bytes(cipher.tag, 'cipher.tag', 16);
  const ciphertext = bytes(s.ciphertext, 'ciphertext');
  const sealed: SealedSecret = {
    kpx: 'sealed-secret',
    version: 1,
    kdf: { name: 'scrypt', ...cost, salt: kdf.salt as string },
    cipher: { name: 'A256GCM', iv: cipher.iv as string, tag: cipher.tag as string },
    ciphertext: s.ciphertext as string,
  };
  return { sealed, salt, iv, tag, ciphertext };
}

/**
 * Opens a {@link SealedSecret} (the parsed JSON document). A wrong passphrase, or a document
 * changed in any way, throws `KpxError` `KPX_PASSPHRASE_WRONG` — GCM cannot tell the two apart,
 * and neither should the message. A document that is not a sealed secret at all throws the
 * same code with the reason in `detail`.
 *
 * @example
 * ```ts
 * const jwk = JSON.parse(new TextDecoder().decode(await openSecret(sealed, passphrase)));
 * ```
 */
export async function openSecret(sealed: unknown, passphrase: string): Promise<Uint8Array> {
  const parsed = parseSealed(sealed);
  const { kdf } = parsed.sealed;
  const key = await scryptAsync(passphrase, parsed.salt, { N: kdf.N, r: kdf.r, p: kdf.p });
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, parsed.iv, { authTagLength: 16 });
    decipher.setAAD(additionalData(parsed.sealed));
    decipher.setAuthTag(parsed.tag);
    return new Uint8Array(Buffer.concat([decipher.update(parsed.ciphertext), decipher.final()]));
  } catch {
    throw new KpxError('KPX_PASSPHRASE_WRONG', {
      detail: 'the passphrase is wrong, or the sealed secret was changed',
    });
  } finally {
    key.fill(0);
  }
}
