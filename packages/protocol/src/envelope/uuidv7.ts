/**
 * A UUIDv7 (RFC 9562 §5.7) from a millisecond timestamp and 10 random bytes, with no clock or
 * randomness of its own. Layout: 48-bit `unix_ts_ms`, version `7`, 12 bits `rand_a`, variant
 * `10`, 62 bits `rand_b`; the top bits of the random bytes that do not fit are dropped.
 *
 * @example
 * ```ts
 * uuidv7(Date.parse('2026-03-02T09:00:00Z'), crypto.getRandomValues(new Uint8Array(10)));
 * // '019cadc6-9a80-7…' (the first 48 bits are the time)
 * ```
 */
export function uuidv7(nowMs: number, random: Uint8Array): string {
  if (!Number.isSafeInteger(nowMs) || nowMs < 0 || nowMs >= 2 ** 48) {
    throw new RangeError('uuidv7: nowMs must be an integer in [0, 2^48)');
  }
  if (random.length !== 10) throw new RangeError('uuidv7: random must be 10 bytes');
  const b = new Uint8Array(16);
  let ts = nowMs;
  for (let i = 5; i >= 0; i--) {
    b[i] = ts % 256;
    ts = Math.floor(ts / 256);
  }
  b[6] = 0x70 | ((random[0] ?? 0) & 0x0f); // ver = 7, rand_a high nibble
  b[7] = random[1] ?? 0; // rand_a low byte
  b[8] = 0x80 | ((random[2] ?? 0) & 0x3f); // var = 0b10, rand_b
  b.set(random.subarray(3, 10), 9);
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Matches a lower-case UUIDv7 (RFC 9562 §4 text form, version 7, variant 10). */
export const uuidv7Pattern =
  /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
