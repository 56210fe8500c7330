import { unzlibSync, zlibSync } from 'fflate';

/** Largest inflated QR content kpx reads (a real one is under 2 KiB). */
export const maxInflatedLength = 64 * 1024;

/** zlib (RFC 1950) with DEFLATE (RFC 1951) at the highest level, as the EU DCC does. */
export function zlibCompress(data: Uint8Array): Uint8Array {
  return zlibSync(data, { level: 9, mem: 8 });
}

// RFC 1950 §9: Adler-32 of the uncompressed data, big-endian, after the DEFLATE stream.
function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < data.length;) {
    const end = Math.min(i + 3800, data.length);
    for (; i < end; i++) {
      a += data[i] ?? 0;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/**
 * Inflates zlib data, checking the header (RFC 1950 §2.2: method 8, FCHECK, no preset
 * dictionary) and the Adler-32 trailer, which fflate leaves unchecked. `undefined` on failure.
 */
export function zlibDecompress(data: Uint8Array): Uint8Array | undefined {
  if (data.length < 6) return undefined;
  const cmf = data[0] ?? 0;
  const flg = data[1] ?? 0;
  if ((cmf & 0x0f) !== 8 || cmf >> 4 > 7 || ((cmf << 8) | flg) % 31 !== 0 || (flg & 0x20) !== 0)
    return undefined;
  let out: Uint8Array;
  try {
    out = unzlibSync(data);
  } catch {
    return undefined;
  }
  if (out.length > maxInflatedLength) return undefined;
  const n = data.length;
  const trailer =
    (((data[n - 4] ?? 0) << 24) |
      ((data[n - 3] ?? 0) << 16) |
      ((data[n - 2] ?? 0) << 8) |
      (data[n - 1] ?? 0)) >>>
    0;
  return trailer === adler32(out) ? out : undefined;
}
