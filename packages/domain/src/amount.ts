import { KpxError } from './kpx-error.js';

/**
 * An exact decimal amount (carats or US$) as carried in JSON: two decimal places, no sign, no
 * exponent, at most 15 integer digits, e.g. `"1520.35"`. Binary floating point never touches
 * it: arithmetic runs on bigint hundredths.
 */
export type Amount = string;

/** The shape of an {@link Amount}. */
export const amountPattern = /^(0|[1-9][0-9]{0,14})\.[0-9]{2}$/;

/** The largest amount, `999999999999999.99`, in hundredths. Sums may not exceed it either. */
export const maxAmountCents = 99_999_999_999_999_999n;

/** True when `value` is a well-formed {@link Amount}. */
export function isAmount(value: unknown): value is Amount {
  return typeof value === 'string' && amountPattern.test(value);
}

/**
 * Converts an {@link Amount} to hundredths.
 *
 * @throws KpxError `KPX_AMOUNT_INVALID` when `amount` is not a well-formed Amount.
 * @example amountToCents('1520.35') // 152035n
 */
export function amountToCents(amount: string): bigint {
  if (!isAmount(amount)) {
    throw new KpxError('KPX_AMOUNT_INVALID', { detail: `Not an amount: ${preview(amount)}` });
  }
  return BigInt(amount.replace('.', ''));
}

/**
 * Formats hundredths as a decimal string with two places; negative values get a leading `-`
 * (only discrepancies are ever negative).
 *
 * @example centsToAmount(152035n) // '1520.35'
 */
export function centsToAmount(cents: bigint): string {
  const negative = cents < 0n;
  const digits = (negative ? -cents : cents).toString().padStart(3, '0');
  const whole = digits.slice(0, -2);
  return `${negative ? '-' : ''}${whole}.${digits.slice(-2)}`;
}

/**
 * Sums amounts exactly.
 *
 * @throws KpxError `KPX_AMOUNT_INVALID` for a malformed amount, `KPX_TOTAL_TOO_LARGE` when the
 * sum exceeds {@link maxAmountCents}.
 * @example sumAmounts(['0.10', '0.20']) // '0.30'
 */
export function sumAmounts(list: readonly string[]): Amount {
  let total = 0n;
  for (const amount of list) total += amountToCents(amount);
  if (total > maxAmountCents) {
    throw new KpxError('KPX_TOTAL_TOO_LARGE', {
      detail: `The sum ${centsToAmount(total)} exceeds ${centsToAmount(maxAmountCents)}`,
    });
  }
  return centsToAmount(total);
}

/** Compares two amounts: `-1` if `a < b`, `0` if equal, `1` if `a > b`. */
export function compareAmounts(a: string, b: string): -1 | 0 | 1 {
  const x = amountToCents(a);
  const y = amountToCents(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * `a - b`, exactly; the result may be negative (`"-12.30"`). Only for discrepancies, where a
 * difference is reported, never stored as an amount.
 */
export function subtractAmounts(a: string, b: string): string {
  return centsToAmount(amountToCents(a) - amountToCents(b));
}

function preview(value: unknown): string {
  if (typeof value !== 'string') return typeof value;
  return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
}
