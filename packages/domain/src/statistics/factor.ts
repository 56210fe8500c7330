import { KpxError } from '../kpx-error.js';

/** An exact decimal factor as a fraction: `'0.2'` is `{ numerator: 2n, denominator: 10n }`. */
export type Factor = { numerator: bigint; denominator: bigint };

/** A factor as configured: a decimal with up to six places, no sign, like `'0.2'` or `'3'`. */
export const factorPattern = /^([0-9]{1,12})(?:\.([0-9]{1,6}))?$/;

/**
 * Reads a configured factor exactly (no floats).
 *
 * @throws KpxError `KPX_CONFIG_INVALID` when `text` is not a decimal like `'0.2'`, or is zero.
 * @example parseFactor('2.5') // { numerator: 25n, denominator: 10n }
 */
export function parseFactor(text: string, name = 'factor'): Factor {
  const m = typeof text === 'string' ? factorPattern.exec(text) : null;
  if (!m) {
    throw new KpxError('KPX_CONFIG_INVALID', {
      detail: `${name} must be a decimal like "0.2" or "3"; got ${JSON.stringify(String(text)).slice(0, 40)}`,
    });
  }
  const places = m[2] ?? '';
  const factor = { numerator: BigInt(m[1]! + places), denominator: 10n ** BigInt(places.length) };
  if (factor.numerator === 0n) {
    throw new KpxError('KPX_CONFIG_INVALID', { detail: `${name} must be more than zero` });
  }
  return factor;
}

/** `cents × factor`, rounded down (`'floor'`) or up (`'ceil'`) to a hundredth. */
export function scaleCents(cents: bigint, factor: Factor, rounding: 'floor' | 'ceil'): bigint {
  const product = cents * factor.numerator;
  const q = product / factor.denominator;
  return rounding === 'ceil' && q * factor.denominator !== product ? q + 1n : q;
}
