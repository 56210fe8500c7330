// Byte helpers shared by every wire format. Strict on input: a decoder that accepted two
// spellings of the same bytes would let a tampered token verify (see base64urlDecode).

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

/**
 * UTF-8 encodes a string.
 *
 * @example
 * ```ts
 * utf8('KP'); // Uint8Array [75, 80]
 * ```
 */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/**
 * Decodes UTF-8, returning `undefined` for malformed input instead of inserting U+FFFD.
 *
 * @example
 * ```ts
 * utf8Decode(new Uint8Array([75, 80])); // 'KP'
 * ```
 */
export function utf8Decode(bytes: Uint8Array): string | undefined {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    return undefined;
  }
}

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

// Node's Buffer encodes base64url natively, ten times faster than the portable loop; it is
// looked up on globalThis so this module still loads in the browser, where it is absent.
type BufferLike = {
  from(
    data: ArrayBufferLike,
    offset: number,
    length: number,
  ): { toString(enc: 'base64url'): string };
  from(text: string, enc: 'base64url'): Uint8Array & { toString(enc: 'base64url'): string };
};
const nodeBuffer = (globalThis as { Buffer?: BufferLike }).Buffer;
const lookup = new Int16Array(128).fill(-1);
for (let i = 0; i < alphabet.length; i++) lookup[alphabet.charCodeAt(i)] = i;

/**
 * base64url without padding (RFC 4648 §5, as JWS uses it: RFC 7515 §2).
 *
 * @example
 * ```ts
 * base64urlEncode(utf8('{"a":1}')); // 'eyJhIjoxfQ'
 * ```
 */
export function base64urlEncode(bytes: Uint8Array): string {
  if (nodeBuffer !== undefined) {
    return nodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
  }
  return base64urlEncodePortable(bytes);
}

/** The portable (browser) base64url encoder behind {@link base64urlEncode}. */
export function base64urlEncodePortable(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out +=
      alphabet[(n >> 18) & 63]! +
      alphabet[(n >> 12) & 63]! +
      alphabet[(n >> 6) & 63]! +
      alphabet[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = (bytes[i] ?? 0) << 16;
    out += alphabet[(n >> 18) & 63]! + alphabet[(n >> 12) & 63]!;
  } else if (rest === 2) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8);
    out += alphabet[(n >> 18) & 63]! + alphabet[(n >> 12) & 63]! + alphabet[(n >> 6) & 63]!;
  }
  return out;
}

/**
 * Strict base64url decoding: no padding, no whitespace, no characters outside the URL-safe
 * alphabet, and the unused low bits of the last character must be zero (the canonical
 * encoding of RFC 4648 §3.5). Without the last rule `…A` and `…B` could decode to the same
 * signature and a changed token would still verify. Returns `undefined` on any violation.
 *
 * @example
 * ```ts
 * base64urlDecode('eyJhIjoxfQ'); // bytes of '{"a":1}'
 * base64urlDecode('eyJhIjoxfR'); // undefined (non-zero trailing bits)
 * ```
 */
export function base64urlDecode(text: string): Uint8Array | undefined {
  if (nodeBuffer !== undefined) {
    // Buffer's decoder is lenient (it skips bad characters, takes `+` `/` and padding, and
    // ignores trailing bits), so the result must re-encode to exactly the input: the encoder
    // writes only the canonical spelling (RFC 4648 §3.5), so this refuses every other one.
    // Node's encoder does it several times faster than a pattern test of the alphabet.
    const buffer = nodeBuffer.from(text, 'base64url');
    if (buffer.toString('base64url') !== text) return undefined;
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  }
  return base64urlDecodePortable(text);
}

/** The portable (browser) strict base64url decoder behind {@link base64urlDecode}. */
export function base64urlDecodePortable(text: string): Uint8Array | undefined {
  const rest = text.length % 4;
  if (rest === 1) return undefined;
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? (lookup[c] ?? -1) : -1;
    if (v < 0) return undefined;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
      acc &= (1 << bits) - 1;
    }
  }
  if (acc !== 0) return undefined;
  return out;
}

/** Concatenates byte arrays. */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Constant-shape byte comparison (no early exit on the first difference). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

/**
 * Copies bytes into a fresh `Uint8Array` backed by a plain `ArrayBuffer`, the type
 * WebCrypto's `BufferSource` asks for under TypeScript's stricter typed-array generics.
 */
export function toArrayBufferView(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return copy;
}
