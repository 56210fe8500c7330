import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { centsToAmount } from '../amount.js';
import { hsCodeValues } from '../hs-codes.js';
import {
  bandFor,
  compareValuePerCarat,
  defaultBandFactors,
  globalValuePerCarat2020,
  valuePerCarat,
  valuePerCaratBands,
  valuePerCaratReference2020,
} from './value-per-carat.js';

describe('reference figures', () => {
  it('are the published 2020 values per carat (shared/data/kp-figures.json)', () => {
    expect(valuePerCaratReference2020).toEqual({
      BW: '148.83',
      RU: '72.30',
      AO: '131.53',
      ZA: '113.05',
      CA: '70.92',
      NA: '464.84',
      LS: '542.79',
      ZW: '57.14',
      SL: '186.19',
      AU: '10.77',
    });
    expect(globalValuePerCarat2020).toBe('86.00');
  });
});

describe('valuePerCaratBands', () => {
  const bands = valuePerCaratBands();

  it('sets each origin and HS code from its reference', () => {
    expect(bandFor(bands, 'RU', '7102.10')).toEqual({
      band: { min: '14.46', max: '361.50' },
      basis: 'origin',
      reference: '72.30',
    });
    expect(bandFor(bands, 'RU', '7102.21').band).toEqual({ min: '0.07', max: '72.30' });
    expect(bandFor(bands, 'RU', '7102.31').band).toEqual({ min: '36.15', max: '3615.00' });
  });

  it('falls back to the world figure for other origins and MIXED', () => {
    for (const origin of ['MIXED', 'GL', 'IN', '__proto__', 'toString']) {
      expect(bandFor(bands, origin, '7102.31')).toEqual({
        band: { min: '43.00', max: '4300.00' },
        basis: 'global',
        reference: '86.00',
      });
    }
  });

  it('puts industrial below gem, and each band in order, for every origin', () => {
    for (const origin of [...Object.keys(valuePerCaratReference2020), 'MIXED']) {
      for (const hs of hsCodeValues) {
        const { band } = bandFor(bands, origin, hs);
        expect(Number(band.min)).toBeLessThanOrEqual(Number(band.max));
      }
      expect(Number(bandFor(bands, origin, '7102.21').band.max)).toBeLessThan(
        Number(bandFor(bands, origin, '7102.31').band.max),
      );
    }
  });

  it('takes other references, a world figure and factors', () => {
    const custom = valuePerCaratBands({
      references: { XX: '10.00' },
      global: '1.00',
      factors: { '7102.31': { low: '1', high: '2' } },
    });
    expect(bandFor(custom, 'XX', '7102.31').band).toEqual({ min: '10.00', max: '20.00' });
    expect(bandFor(custom, 'XX', '7102.10').band).toEqual({ min: '2.00', max: '50.00' });
    expect(bandFor(custom, 'RU', '7102.31')).toMatchObject({
      basis: 'global',
      band: { min: '1.00', max: '2.00' },
    });
    expect(defaultBandFactors['7102.31']).toEqual({ low: '0.5', high: '50' });
  });

  it('keeps any origin key as data', () => {
    const custom = valuePerCaratBands({
      references: JSON.parse('{"__proto__": "5.00"}') as Record<string, string>,
    });
    expect(bandFor(custom, '__proto__', '7102.10')).toMatchObject({
      basis: 'origin',
      reference: '5.00',
    });
    expect(bandFor(custom, 'toString', '7102.10').basis).toBe('global');
  });

  it.each([
    [{ references: { XX: '0.00' } }],
    [{ references: { XX: '10' } }],
    [{ global: '-1.00' }],
    [{ factors: { '7102.10': { low: '5', high: '0.2' } } }],
    [{ factors: { '7102.10': { low: 'x', high: '1' } } }],
  ])('refuses %j', (options) => {
    expect(() => valuePerCaratBands(options)).toThrow(
      expect.objectContaining({ code: 'KPX_CONFIG_INVALID' }),
    );
  });
});

describe('compareValuePerCarat', () => {
  const band = { min: '36.15', max: '3615.00' };

  it.each([
    ['100.00', '3615.00', 'within', false], // 36.15 US$/ct: the band's own end
    ['100.00', '3614.99', 'below', false],
    ['100.00', '361.49', 'below', true],
    ['100.00', '361.50', 'below', false],
    ['1.00', '36.15', 'within', false],
    ['1.00', '3615.00', 'within', false],
    ['1.00', '3615.01', 'above', false],
    ['1.00', '36150.00', 'above', false],
    ['1.00', '36150.01', 'above', true],
    ['3.00', '0.00', 'below', true],
  ])('%s ct for %s US$ is %s (far: %s)', (carats, valueUsd, position, far) => {
    expect(compareValuePerCarat({ carats, valueUsd }, band)).toEqual({ position, far });
  });

  it('is exact where floats are not: 0.1 + 0.2 per carat', () => {
    // 0.30 US$ for 1.00 ct is exactly 0.30 US$/ct, inside [0.30, 0.30].
    expect(
      compareValuePerCarat({ carats: '1.00', valueUsd: '0.30' }, { min: '0.30', max: '0.30' }),
    ).toEqual({
      position: 'within',
      far: false,
    });
    // 1/3 US$ per carat lies between 0.33 and 0.34.
    expect(
      compareValuePerCarat({ carats: '3.00', valueUsd: '1.00' }, { min: '0.33', max: '0.33' })
        .position,
    ).toBe('above');
    expect(
      compareValuePerCarat({ carats: '3.00', valueUsd: '1.00' }, { min: '0.34', max: '0.34' })
        .position,
    ).toBe('below');
  });

  it('agrees with a comparison of exact fractions', () => {
    const cents = fc.bigInt({ min: 1n, max: 10n ** 17n - 1n });
    fc.assert(
      fc.property(
        cents,
        fc.bigInt({ min: 0n, max: 10n ** 17n - 1n }),
        cents,
        cents,
        (c, v, a, b) => {
          const [min, max] = a <= b ? [a, b] : [b, a];
          const result = compareValuePerCarat(
            { carats: centsToAmount(c), valueUsd: centsToAmount(v) },
            { min: centsToAmount(min), max: centsToAmount(max) },
          );
          // v/c against min/100: compare v*100*… written the other way round.
          const below = v * 100n - min * c < 0n;
          const above = v * 100n - max * c > 0n;
          expect(result.position).toBe(below ? 'below' : above ? 'above' : 'within');
        },
      ),
    );
  });

  it('refuses zero carats', () => {
    expect(() => compareValuePerCarat({ carats: '0.00', valueUsd: '1.00' }, band)).toThrow(
      expect.objectContaining({ code: 'KPX_AMOUNT_INVALID' }),
    );
    expect(() => valuePerCarat({ carats: '0.00', valueUsd: '1.00' })).toThrow();
  });
});

describe('valuePerCarat', () => {
  it.each([
    ['3.00', '100.00', '33.33'],
    ['3.00', '200.00', '66.67'],
    ['1520.35', '2450000.00', '1611.47'],
    ['0.01', '999999999999999.99', '99999999999999999.00'],
    ['2.00', '0.01', '0.01'],
    ['3.00', '0.01', '0.00'],
  ])('%s ct for %s US$ is %s US$/ct', (carats, valueUsd, expected) => {
    expect(valuePerCarat({ carats, valueUsd })).toBe(expected);
  });
});
