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
  const cents = centsOf(amount);
  if (cents === undefined) {
    throw new KpxError('KPX_AMOUNT_INVALID', { detail: `Not an amount: ${preview(amount)}` });
  }
  return cents;
}

const digit0 = 48;
const digit9 = 57;
const dot = 46;
/** Integer digits up to which the hundredths stay below 2^53, so a plain number holds them. */
const safeIntegerDigits = 13;

/**
 * The hundredths of `value` when it is a well-formed {@link Amount} (exactly what
 * {@link amountPattern} accepts), `undefined` otherwise: the test and the conversion in one
 * pass over the characters. Validation adds up every line of every received certificate, and
 * this runs several times faster than the pattern, a copy without the dot and BigInt of text.
 */
export function centsOf(value: unknown): bigint | undefined {
  if (typeof value !== 'string') return undefined;
  const integerDigits = value.length - 3;
  if (integerDigits < 1 || integerDigits > 15 || value.charCodeAt(integerDigits) !== dot)
    return undefined;
  if (integerDigits > 1 && value.charCodeAt(0) === digit0) return undefined; // no leading zero
  let cents = 0;
  for (let i = 0; i < value.length; i++) {
    if (i === integerDigits) continue;
    const c = value.charCodeAt(i);
    if (c < digit0 || c > digit9) return undefined;
    cents = cents * 10 + (c - digit0);
  }
  // Beyond 13 integer digits the number above may have rounded: take the exact digits.
  return integerDigits <= safeIntegerDigits
    ? BigInt(cents)
    : BigInt(value.slice(0, integerDigits) + value.slice(integerDigits + 1));
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
