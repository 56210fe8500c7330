import { scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { base64urlDecode, base64urlEncode } from '@kpx/protocol';

/** scrypt cost (RFC 7914 §2): N = 2^logN, block size r, parallelism p. */
export type ScryptParams = { logN: number; r: number; p: number };

/** The default cost: N = 2^15, r = 8, p = 1 (32 MiB, tens of ms; RFC 7914 §2 interactive use). */
export const defaultScryptParams: ScryptParams = Object.freeze({ logN: 15, r: 8, p: 1 });

const keyLength = 32;
const saltLength = 16;
const format =
  /^\$scrypt\$ln=([0-9]{1,2}),r=([0-9]{1,2}),p=([0-9]{1,2})\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

function derive(password: string, salt: Uint8Array, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.logN;
  const options: ScryptOptions = {
    N,
    r: params.r,
    p: params.p,
    // scrypt needs 128·N·r bytes; node's default ceiling (32 MiB) is just below N = 2^15, r = 8.
    maxmem: 128 * N * params.r * 2,
  };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLength, options, (error, key) => {
      if (error === null) resolve(key);
      else reject(error);
    });
  });
}

/**
 * Hashes a password with scrypt and a per-user random salt, and returns a PHC-style string
 * holding everything needed to check it later (`$scrypt$ln=15,r=8,p=1$<salt>$<hash>`, base64url),
 * so the cost can be raised for new hashes without touching old ones. Passwords are
 * NFC-normalised first (NIST SP 800-63B §5.1.1.2), so the same typed text always matches.
 */
export async function hashPassword(
  password: string,
  salt: Uint8Array,
  params: ScryptParams = defaultScryptParams,
): Promise<string> {
  if (salt.length < saltLength) throw new TypeError(`the salt must have ${saltLength} bytes`);
  const key = await derive(password, salt, params);
  return `$scrypt$ln=${params.logN},r=${params.r},p=${params.p}$${base64urlEncode(salt)}$${base64urlEncode(key)}`;
}

/** The bytes of salt {@link hashPassword} wants. */
export const passwordSaltLength = saltLength;

/**
 * Checks `password` against a stored hash in constant time. A malformed stored value, or one
 * asking for an absurd cost, never matches (and never throws).
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const match = format.exec(stored);
  if (match === null) return false;
  const params = { logN: Number(match[1]), r: Number(match[2]), p: Number(match[3]) };
  if (
    params.logN < 10 ||
    params.logN > 20 ||
    params.r < 1 ||
    params.r > 32 ||
    params.p < 1 ||
    params.p > 16
  )
    return false;
  const salt = base64urlDecode(match[4] ?? '');
  const expected = base64urlDecode(match[5] ?? '');
  if (salt === undefined || expected?.length !== keyLength) return false;
  const key = await derive(password, salt, params);
  return timingSafeEqual(key, expected);
}
