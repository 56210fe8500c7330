import { KpxError } from '@kpx/domain';
import type { Random } from '../runtime/random.js';

/** Shortest password accepted, in characters (Unicode code points after NFC). */
export const minPasswordLength = 12;
/** Longest password accepted: scrypt would take any length, but a body of megabytes is abuse. */
export const maxPasswordLength = 256;

/**
 * The password policy (NIST SP 800-63B §5.1.1.2: length, not composition rules): at least 12
 * characters, at most 256. Throws `KPX_PASSWORD_WEAK` with the field's JSON pointer.
 */
export function checkPasswordPolicy(password: string, path: string): void {
  const length = [...password.normalize('NFC')].length;
  if (length < minPasswordLength || length > maxPasswordLength) {
    const message =
      length < minPasswordLength
        ? `The password must have at least ${minPasswordLength} characters.`
        : `The password must have at most ${maxPasswordLength} characters.`;
    throw new KpxError('KPX_PASSWORD_WEAK', {
      detail: message,
      problems: [{ code: 'KPX_PASSWORD_WEAK', path, message }],
    });
  }
}

// No 0/O, 1/l/I: generated passwords are read off a screen and typed.
const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/**
 * A random password of `length` characters from a 57-letter alphabet without look-alikes
 * (20 characters ≈ 116 bits), drawn without modulo bias.
 */
export function generatePassword(random: Random, length = 20): string {
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    for (const byte of random(length * 2)) {
      if (byte >= limit) continue;
      out += alphabet[byte % alphabet.length];
      if (out.length === length) break;
    }
  }
  return out;
}
