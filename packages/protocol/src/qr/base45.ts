// Base45 (RFC 9285): the QR alphanumeric-mode alphabet, so a payload fits the densest text mode
// of a QR code (ISO/IEC 18004 §7.4.4) at 5.5 bits per character.

const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
const values = new Int8Array(128).fill(-1);
for (let i = 0; i < alphabet.length; i++) values[alphabet.charCodeAt(i)] = i;

/**
 * Encodes bytes as base45 (RFC 9285 §4.2): each pair of bytes `[a, b]` is `n = a·256 + b`
 * written as `c d e` with `n = c + d·45 + e·45²`; a last odd byte as `c d`.
 *
 * @example
 * ```ts
 * base45Encode(new TextEncoder().encode('AB')); // 'BB8'
 * ```
 */
export function base45Encode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    const n = (bytes[i] ?? 0) * 256 + (bytes[i + 1] ?? 0);
    out += alphabet[n % 45]! + alphabet[Math.floor(n / 45) % 45]! + alphabet[Math.floor(n / 2025)]!;
  }
  if (bytes.length % 2 === 1) {
    const n = bytes[bytes.length - 1] ?? 0;
    out += alphabet[n % 45]! + alphabet[Math.floor(n / 45)]!;
  }
  return out;
}

/**
 * Decodes base45 (RFC 9285 §4.3), returning `undefined` for a character outside the alphabet, a
 * length of 3k+1, or a group whose value exceeds 65535 (a last pair: 255). With these checks
 * every byte string has exactly one encoding.
 *
 * @example
 * ```ts
 * new TextDecoder().decode(base45Decode('QED8WEX0')); // 'ietf!'
 * base45Decode('GGW'); // undefined (65536 does not fit two bytes)
 * ```
 */
export function base45Decode(text: string): Uint8Array | undefined {
  if (text.length % 3 === 1) return undefined;
  const out = new Uint8Array(Math.floor(text.length / 3) * 2 + (text.length % 3 === 2 ? 1 : 0));
  let o = 0;
  for (let i = 0; i < text.length; i += 3) {
    const digits: number[] = [];
    for (let j = i; j < Math.min(i + 3, text.length); j++) {
      const c = text.charCodeAt(j);
      const v = c < 128 ? (values[c] ?? -1) : -1;
      if (v < 0) return undefined;
      digits.push(v);
    }
    const n = (digits[0] ?? 0) + (digits[1] ?? 0) * 45 + (digits[2] ?? 0) * 2025;
    if (digits.length === 3) {
      if (n > 0xffff) return undefined;
      out[o++] = n >> 8;
      out[o++] = n & 0xff;
    } else {
      if (n > 0xff) return undefined;
      out[o++] = n;
    }
  }
  return out;
}
