import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  amountPattern,
  amountToCents,
  centsOf,
  centsToAmount,
  compareAmounts,
  isAmount,
  maxAmountCents,
  subtractAmounts,
  sumAmounts,
} from './amount.js';
import { KpxError } from './kpx-error.js';

const amountArb = fc.bigInt({ min: 0n, max: maxAmountCents }).map(centsToAmount);

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof KpxError ? e.code : 'not a KpxError';
  }
  return undefined;
}

describe('amounts', () => {
  it('converts both ways', () => {
    expect(amountToCents('1520.35')).toBe(152035n);
    expect(amountToCents('0.00')).toBe(0n);
    expect(amountToCents('0.07')).toBe(7n);
    expect(centsToAmount(152035n)).toBe('1520.35');
    expect(centsToAmount(5n)).toBe('0.05');
    expect(centsToAmount(0n)).toBe('0.00');
    expect(centsToAmount(-1230n)).toBe('-12.30');
    expect(centsToAmount(-5n)).toBe('-0.05');
    expect(centsToAmount(maxAmountCents)).toBe('999999999999999.99');
  });

  it.each([
    '1.5',
    '1.000',
    '01.00',
    '00.00',
    '1e3',
    '1E3.00',
    '-1.00',
    '+1.00',
    '1,00',
    ' 1.00',
    '1.00 ',
    '.50',
    '1.',
    '',
    '1000000000000000.00',
    '0x10.00',
    'NaN',
    'Infinity',
    '١.٠٠',
  ])('rejects %j', (text) => {
    expect(isAmount(text)).toBe(false);
    expect(codeOf(() => amountToCents(text))).toBe('KPX_AMOUNT_INVALID');
  });

  it('rejects non-strings without throwing anything but KpxError', () => {
    for (const value of [1.5, null, undefined, {}, [], 100n]) {
      expect(isAmount(value)).toBe(false);
      expect(codeOf(() => amountToCents(value as string))).toBe('KPX_AMOUNT_INVALID');
    }
  });

  it('accepts the extremes', () => {
    expect(isAmount('999999999999999.99')).toBe(true);
    expect(isAmount('0.00')).toBe(true);
  });

  it('sums exactly where floating point would not', () => {
    expect(sumAmounts(['0.10', '0.20'])).toBe('0.30');
    expect(sumAmounts(Array<string>(10_000).fill('0.01'))).toBe('100.00');
    expect(sumAmounts(Array<string>(100_001).fill('0.01'))).toBe('1000.01');
    expect(sumAmounts(['999999999999999.98', '0.01'])).toBe('999999999999999.99');
    expect(sumAmounts([])).toBe('0.00');
  });

  it('caps sums at 999999999999999.99', () => {
    expect(codeOf(() => sumAmounts(['999999999999999.99', '0.01']))).toBe('KPX_TOTAL_TOO_LARGE');
    expect(codeOf(() => sumAmounts(['500000000000000.00', '500000000000000.00']))).toBe(
      'KPX_TOTAL_TOO_LARGE',
    );
    expect(codeOf(() => sumAmounts(['1.00', 'x']))).toBe('KPX_AMOUNT_INVALID');
  });

  it('compares and subtracts', () => {
    expect(compareAmounts('10.00', '9.99')).toBe(1);
    expect(compareAmounts('9.99', '10.00')).toBe(-1);
    expect(compareAmounts('10.00', '10.00')).toBe(0);
    expect(subtractAmounts('100.00', '112.30')).toBe('-12.30');
    expect(subtractAmounts('0.00', '0.01')).toBe('-0.01');
    expect(subtractAmounts('112.30', '100.00')).toBe('12.30');
    expect(subtractAmounts('5.00', '5.00')).toBe('0.00');
    expect(subtractAmounts('0.00', '999999999999999.99')).toBe('-999999999999999.99');
  });

  it('round-trips every amount (property)', () => {
    fc.assert(
      fc.property(amountArb, (a) => {
        expect(amountPattern.test(a)).toBe(true);
        expect(centsToAmount(amountToCents(a))).toBe(a);
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(amountPattern), (a) => {
        expect(centsToAmount(amountToCents(a))).toBe(a);
      }),
    );
  });

  it('sums like bigint and in any order (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 0n, max: 10n ** 14n }), { maxLength: 50 }), (cents) => {
        const list = cents.map(centsToAmount);
        const expected = centsToAmount(cents.reduce((a, b) => a + b, 0n));
        expect(sumAmounts(list)).toBe(expected);
        expect(sumAmounts([...list].reverse())).toBe(expected);
      }),
    );
  });

  it('agrees between compare and subtract (property)', () => {
    fc.assert(
      fc.property(amountArb, amountArb, (a, b) => {
        const d = subtractAmounts(a, b);
        const sign = d === '0.00' ? 0 : d.startsWith('-') ? -1 : 1;
        expect(compareAmounts(a, b)).toBe(sign);
        expect(subtractAmounts(b, a)).toBe(sign === 0 ? '0.00' : sign < 0 ? d.slice(1) : `-${d}`);
      }),
    );
  });

  it('centsOf is the pattern and BigInt of the digits, in one pass (property)', () => {
    // The definition centsOf must agree with, on every input.
    const byDefinition = (value: unknown): bigint | undefined =>
      typeof value === 'string' && amountPattern.test(value)
        ? BigInt(value.replace('.', ''))
        : undefined;
    const nearAmounts = fc.oneof(
      amountArb,
      fc.stringMatching(/^[-+0-9.e ]{0,20}$/),
      fc
        .tuple(fc.stringMatching(/^[0-9]{0,17}$/), fc.stringMatching(/^[0-9]{0,3}$/))
        .map(([whole, fraction]) => `${whole}.${fraction}`),
      fc.string(),
      fc.anything(),
    );
    fc.assert(
      fc.property(nearAmounts, (value) => {
        expect(centsOf(value)).toBe(byDefinition(value));
      }),
      { numRuns: 2000 },
    );
    for (const extreme of ['0.00', '9999999999999.99', '10000000000000.00', '999999999999999.99'])
      expect(centsOf(extreme)).toBe(BigInt(extreme.replace('.', '')));
  });
});
