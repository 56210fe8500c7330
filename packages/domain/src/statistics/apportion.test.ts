import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apportion } from './apportion.js';

describe('apportion', () => {
  it.each<[string, string, string]>([
    ['100', '1 1 1', '34 33 33'],
    ['1', '5 5', '1 0'],
    ['1', '1 3', '0 1'],
    ['0', '2 3', '0 0'],
    ['10', '0 0', '5 5'],
    ['7', '0 4', '0 7'],
    ['152035', '152035', '152035'],
    ['5', '', ''],
  ])('splits %s over [%s] as [%s]', (total, weights, shares) => {
    const list = (s: string) => (s === '' ? [] : s.split(' ').map(BigInt));
    expect(apportion(BigInt(total), list(weights))).toEqual(list(shares));
  });

  it('gives shares that sum to the total, each within a hundredth of its exact part', () => {
    const weight = fc.bigInt({ min: 0n, max: 10n ** 17n });
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 17n }),
        fc.array(weight, { minLength: 1, maxLength: 6 }),
        (total, weights) => {
          const shares = apportion(total, weights);
          expect(shares.reduce((a, s) => a + s, 0n)).toBe(total);
          const sum = weights.reduce((a, w) => a + w, 0n);
          const basis = sum === 0n ? weights.map(() => 1n) : weights;
          const whole = sum === 0n ? BigInt(weights.length) : sum;
          shares.forEach((share, i) => {
            const floor = (total * basis[i]!) / whole;
            expect(share === floor || share === floor + 1n).toBe(true);
          });
        },
      ),
    );
  });

  it('reproduces the weights when the total is their sum', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 15n }), { minLength: 1, maxLength: 3 }),
        (weights) => {
          const total = weights.reduce((a, w) => a + w, 0n);
          if (total === 0n) return;
          expect(apportion(total, weights)).toEqual(weights);
        },
      ),
    );
  });
});
