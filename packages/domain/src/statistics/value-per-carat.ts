import { amountToCents, centsToAmount, isAmount, type Amount } from '../amount.js';
import { hsCodeValues, type HsCode } from '../hs-codes.js';
import { KpxError } from '../kpx-error.js';
import { parseFactor, scaleCents } from './factor.js';

/**
 * US$ per carat of each top-ten producer's 2020 production, and the world average, as
 * published in KP statistics. Copied from `shared/data/kp-figures.json`
 * (`valuePerCaratUsd2020`; the world figure is `global`), written as exact amounts.
 */
export const valuePerCaratReference2020: Readonly<Record<string, Amount>> = Object.freeze({
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

/** World average US$ per carat, 2020 (`kp-figures.json`, `valuePerCaratUsd2020.global`). */
export const globalValuePerCarat2020: Amount = '86.00';

/** A band's multipliers of the reference value per carat: decimals like `'0.2'` and `'5'`. */
export type BandFactors = { low: string; high: string };

/**
 * Default multipliers per HS subheading. The reference is an average of all a country
 * mines, so: unsorted goods (7102.10) sit around it, ×0.2 to ×5; industrial goods (7102.21)
 * far below it and never above it (gem declared as industrial is the classic undervaluation),
 * ×0.001 to ×1; gem quality (7102.31) above it, ×0.5 to ×50 (single large stones go higher and
 * are worth a look anyway).
 */
export const defaultBandFactors: Readonly<Record<HsCode, BandFactors>> = Object.freeze({
  '7102.10': Object.freeze({ low: '0.2', high: '5' }),
  '7102.21': Object.freeze({ low: '0.001', high: '1' }),
  '7102.31': Object.freeze({ low: '0.5', high: '50' }),
});

/** A plausible range of US$ per carat, both ends included, in exact amounts. */
export type ValuePerCaratBand = { min: Amount; max: Amount };

/** Bands per HS subheading for one origin, and what they were derived from. */
export type OriginBands = { reference: Amount; bands: Readonly<Record<HsCode, ValuePerCaratBand>> };

/**
 * Value-per-carat bands: per country of origin with a reference figure, and a fallback (from
 * the world average) for every other origin and for `MIXED`.
 */
export type ValuePerCaratBands = {
  byOrigin: Readonly<Record<string, OriginBands>>;
  fallback: OriginBands;
};

/** Options of {@link valuePerCaratBands}; each replaces its default. */
export type BandOptions = {
  references?: Readonly<Record<string, Amount>>;
  global?: Amount;
  factors?: Partial<Readonly<Record<HsCode, BandFactors>>>;
};

/**
 * Builds the bands: for each origin and HS code, [reference × low, reference × high], the
 * lower end rounded down and the upper up to the cent (the band only ever widens).
 *
 * @throws KpxError `KPX_CONFIG_INVALID` for a malformed reference or factor, or low > high.
 */
export function valuePerCaratBands(options: BandOptions = {}): ValuePerCaratBands {
  const factors = { ...defaultBandFactors, ...options.factors };
  const parsed = hsCodeValues.map((hs) => {
    const f = factors[hs];
    const low = parseFactor(f.low, `factors["${hs}"].low`);
    const high = parseFactor(f.high, `factors["${hs}"].high`);
    if (low.numerator * high.denominator > high.numerator * low.denominator) {
      throw new KpxError('KPX_CONFIG_INVALID', { detail: `factors["${hs}"]: low is above high` });
    }
    return { hs, low, high };
  });
  const originBands = (reference: Amount, name: string): OriginBands => {
    if (!isAmount(reference) || amountToCents(reference) === 0n) {
      throw new KpxError('KPX_CONFIG_INVALID', {
        detail: `Reference value per carat of ${name} must be an amount above zero, like "72.30"`,
      });
    }
    const cents = amountToCents(reference);
    const bands = {} as Record<HsCode, ValuePerCaratBand>;
    for (const { hs, low, high } of parsed) {
      bands[hs] = {
        min: centsToAmount(scaleCents(cents, low, 'floor')),
        max: centsToAmount(scaleCents(cents, high, 'ceil')),
      };
    }
    return { reference, bands: Object.freeze(bands) };
  };
  // fromEntries defines own properties, whatever the key (even "__proto__").
  const byOrigin: Record<string, OriginBands> = Object.fromEntries(
    Object.entries(options.references ?? valuePerCaratReference2020).map(([origin, reference]) => [
      origin,
      originBands(reference, origin),
    ]),
  );
  return Object.freeze({
    byOrigin: Object.freeze(byOrigin),
    fallback: originBands(options.global ?? globalValuePerCarat2020, 'the world'),
  });
}

/** The band of one origin and HS code, and whether it came from the origin or the fallback. */
export function bandFor(
  bands: ValuePerCaratBands,
  origin: string,
  hs: HsCode,
): { band: ValuePerCaratBand; basis: 'origin' | 'global'; reference: Amount } {
  const own = Object.hasOwn(bands.byOrigin, origin) ? bands.byOrigin[origin] : undefined;
  const chosen = own ?? bands.fallback;
  return { band: chosen.bands[hs], basis: own ? 'origin' : 'global', reference: chosen.reference };
}

/**
 * Where a line's value per carat (US$ value ÷ carats) lies against a band, exactly: by
 * cross-multiplying hundredths, no division, no floats. `far` when it lies beyond ten times
 * the band's end (below min ÷ 10 or above max × 10). Carats must be above zero.
 *
 * @throws KpxError `KPX_AMOUNT_INVALID` for malformed amounts or zero carats.
 */
export function compareValuePerCarat(
  line: { carats: Amount; valueUsd: Amount },
  band: ValuePerCaratBand,
): { position: 'below' | 'within' | 'above'; far: boolean } {
  const carats = amountToCents(line.carats);
  const value = amountToCents(line.valueUsd);
  if (carats === 0n)
    throw new KpxError('KPX_AMOUNT_INVALID', { detail: 'Value per carat of 0.00 carats' });
  const min = amountToCents(band.min);
  const max = amountToCents(band.max);
  // value/carats (US$/ct) against min/100 (the band is in hundredths of US$ per carat).
  const scaled = value * 100n;
  if (scaled < min * carats) return { position: 'below', far: scaled * 10n < min * carats };
  if (scaled > max * carats) return { position: 'above', far: scaled > max * carats * 10n };
  return { position: 'within', far: false };
}

/**
 * A line's value per carat, rounded half up to the cent: for messages only (comparisons use
 * {@link compareValuePerCarat}).
 *
 * @example valuePerCarat({ carats: '3.00', valueUsd: '100.00' }) // '33.33'
 */
export function valuePerCarat(line: { carats: Amount; valueUsd: Amount }): Amount {
  const carats = amountToCents(line.carats);
  if (carats === 0n)
    throw new KpxError('KPX_AMOUNT_INVALID', { detail: 'Value per carat of 0.00 carats' });
  const value = amountToCents(line.valueUsd);
  return centsToAmount((value * 200n + carats) / (2n * carats));
}
