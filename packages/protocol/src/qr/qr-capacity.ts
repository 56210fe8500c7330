/**
 * Alphanumeric-mode capacity, in characters, of QR versions 1–40 at error-correction level M
 * (ISO/IEC 18004:2015 Table 7). Index 0 is version 1.
 */
export const alphanumericCapacityM: readonly number[] = [
  20, 38, 61, 90, 122, 154, 178, 221, 262, 311, 366, 419, 483, 528, 600, 656, 734, 816, 909, 970,
  1035, 1134, 1248, 1326, 1451, 1542, 1637, 1732, 1839, 1994, 2113, 2238, 2369, 2506, 2632, 2780,
  2894, 3054, 3220, 3391,
];

/**
 * The smallest QR version whose alphanumeric mode at level M holds `length` characters, or
 * `undefined` past version 40. A kpx QR text is all alphanumeric (`KP1:` and base45).
 *
 * @example
 * ```ts
 * qrVersionForAlphanumeric(600); // 15
 * ```
 */
export function qrVersionForAlphanumeric(length: number): number | undefined {
  const index = alphanumericCapacityM.findIndex((capacity) => capacity >= length);
  return index < 0 ? undefined : index + 1;
}
