/**
 * Splits `total` (hundredths, not negative) over `weights` in proportion, exactly, by the
 * largest-remainder method: each share is rounded down, then the hundredths left over go one
 * each to the largest remainders, ties to the earlier weight. The shares always sum to
 * `total`; when the weights sum to zero they count as equal. Deterministic, no floats.
 *
 * @example apportion(100n, [1n, 1n, 1n]) // [34n, 33n, 33n]
 */
export function apportion(total: bigint, weights: readonly bigint[]): bigint[] {
  if (weights.length === 0) return [];
  const sum = weights.reduce((a, w) => a + w, 0n);
  const used = sum === 0n ? weights.map(() => 1n) : weights;
  const whole = sum === 0n ? BigInt(weights.length) : sum;
  const shares = used.map((w) => (total * w) / whole);
  let left = total - shares.reduce((a, s) => a + s, 0n);
  const order = used
    .map((w, index) => ({ index, remainder: (total * w) % whole }))
    .sort((a, b) =>
      a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
    );
  for (const { index } of order) {
    if (left === 0n) break;
    shares[index] = shares[index]! + 1n;
    left -= 1n;
  }
  return shares;
}
