import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { centsToAmount, isAmount } from '../amount.js';
import { amountFromText } from './amount-text.js';

describe('amountFromText', () => {
  it.each([
    ['1520.35', '1520.35'],
    ['1520.5', '1520.50'],
    ['1520', '1520.00'],
    [' 7 ', '7.00'],
    ['0', '0.00'],
    ['007.10', '7.10'],
    ['000', '0.00'],
    ['999999999999999.99', '999999999999999.99'],
  ])('reads %j as %s', (text, amount) => {
    expect(amountFromText(text)).toEqual({ ok: true, amount });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['-5', 'negative'],
    ['-0.01', 'negative'],
    ['1520.355', 'format'],
    ['1,520.35', 'format'],
    ['1520,35', 'format'],
    ['1e3', 'format'],
    ['+5', 'format'],
    ['.5', 'format'],
    ['5.', 'format'],
    ['NaN', 'format'],
    ['1 520', 'format'],
    ['1000000000000000.00', 'format'],
    ['１２', 'format'],
  ])('refuses %j (%s)', (text, reason) => {
    expect(amountFromText(text)).toEqual({ ok: false, reason });
  });

  it('reads back every amount, and gives only amounts', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 99_999_999_999_999_999n }), (cents) => {
        const amount = centsToAmount(cents);
        expect(amountFromText(amount)).toEqual({ ok: true, amount });
      }),
    );
    fc.assert(
      fc.property(fc.string(), (text) => {
        const result = amountFromText(text);
        if (result.ok) expect(isAmount(result.amount)).toBe(true);
      }),
    );
  });
});
