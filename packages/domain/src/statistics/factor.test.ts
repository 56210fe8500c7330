import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFactor, scaleCents } from './factor.js';

describe('parseFactor', () => {
  it.each([
    ['3', 3n, 1n],
    ['0.2', 2n, 10n],
    ['0.001', 1n, 1000n],
    ['2.50', 250n, 100n],
    ['0.000001', 1n, 1_000_000n],
  ])('reads %s as %s/%s', (text, numerator, denominator) => {
    expect(parseFactor(text)).toEqual({ numerator, denominator });
  });

  it.each(['0', '0.0', '-1', '1e3', '.5', '5.', '1.0000001', '', ' 1', 'x'])(
    'refuses %j',
    (text) => {
      expect(() => parseFactor(text, 'f')).toThrow(
        expect.objectContaining({ code: 'KPX_CONFIG_INVALID' }),
      );
    },
  );
});

describe('scaleCents', () => {
  it('rounds down or up to the cent, exactly', () => {
    expect(scaleCents(7230n, parseFactor('0.2'), 'floor')).toBe(1446n);
    expect(scaleCents(7230n, parseFactor('0.001'), 'floor')).toBe(7n);
    expect(scaleCents(7230n, parseFactor('0.001'), 'ceil')).toBe(8n);
    expect(scaleCents(7230n, parseFactor('50'), 'ceil')).toBe(361500n);
  });

  it('brackets the exact product', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 17n }),
        fc.bigInt({ min: 1n, max: 10n ** 9n }),
        (cents, n) => {
          const factor = { numerator: n, denominator: 1000n };
          const lo = scaleCents(cents, factor, 'floor');
          const hi = scaleCents(cents, factor, 'ceil');
          expect(lo * 1000n <= cents * n).toBe(true);
          expect(hi * 1000n >= cents * n).toBe(true);
          expect(hi - lo <= 1n).toBe(true);
        },
      ),
    );
  });
});
