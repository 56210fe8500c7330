import { randomBytes } from 'node:crypto';

/** The only source of randomness in the node: `size` random bytes. */
export type Random = (size: number) => Uint8Array;

/** Cryptographically secure randomness (tokens are drawn from it). */
export const secureRandom: Random = (size) => new Uint8Array(randomBytes(size));

/** A uniformly distributed number in [0, 1) drawn from a {@link Random}. */
export function randomFraction(random: Random): number {
  const b = random(4);
  const n = (((b[0] ?? 0) << 24) | ((b[1] ?? 0) << 16) | ((b[2] ?? 0) << 8) | (b[3] ?? 0)) >>> 0;
  return n / 2 ** 32;
}
