import { isAmount, type Amount } from '../amount.js';

/** The outcome of {@link amountFromText}: the amount, or why the text is not one. */
export type AmountText =
  { ok: true; amount: Amount } | { ok: false; reason: 'empty' | 'negative' | 'format' };

/**
 * Reads an amount as people type it in a spreadsheet: whole (`1520`), one decimal (`1520.5`)
 * or two (`1520.35`), surrounding spaces ignored, leading zeros dropped; the result is an
 * {@link Amount} with two places. Nothing is rounded: more than two decimals, a sign, an
 * exponent, a decimal comma or a thousands separator is refused (`format`), a leading minus is
 * `negative`, blank is `empty`.
 *
 * @example amountFromText(' 1520.5 ') // { ok: true, amount: '1520.50' }
 */
export function amountFromText(text: string): AmountText {
  const t = text.trim();
  if (t === '') return { ok: false, reason: 'empty' };
  if (/^-[0-9]/.test(t)) return { ok: false, reason: 'negative' };
  const m = /^([0-9]+)(?:\.([0-9]{1,2}))?$/.exec(t);
  if (!m) return { ok: false, reason: 'format' };
  const whole = m[1]!.replace(/^0+(?=[0-9])/, '');
  const amount = `${whole}.${(m[2] ?? '').padEnd(2, '0')}`;
  return isAmount(amount) ? { ok: true, amount } : { ok: false, reason: 'format' };
}
