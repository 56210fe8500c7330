import { describe, expect, it } from 'vitest';
import type { TradeFact } from './trade-fact.js';
import { aggregateOf } from './trade-aggregate.js';
import {
  aggregateTrade,
  totalsOf,
  tradeRowSchema,
  tradeRowsOf,
  tradeTotalsSchema,
} from './trade-rows.js';

const fact = (over: Partial<TradeFact>): TradeFact => ({
  flow: 'export',
  number: 'RU-2026-000001',
  partner: 'EU',
  date: '2026-08-01',
  origin: 'RU',
  provenance: 'RU',
  lines: [{ hs: '7102.31', carats: '10.00', valueUsd: '1000.00' }],
  sign: 1,
  ...over,
});

const facts: TradeFact[] = [
  fact({
    number: 'RU-1',
    lines: [
      { hs: '7102.10', carats: '5.00', valueUsd: '50.00' },
      { hs: '7102.31', carats: '10.00', valueUsd: '1000.00' },
    ],
  }),
  fact({ number: 'RU-2', date: '2026-09-30' }),
  fact({ number: 'RU-3', date: '2026-02-01', partner: 'AE', origin: 'MIXED' }),
  fact({
    number: 'BY-9',
    flow: 'import',
    partner: 'BY',
    provenance: 'BY',
    origin: 'BW',
    date: '2026-10-01',
  }),
];

describe('tradeRowsOf', () => {
  it('gives one row per period, flow, partner, HS, origin and provenance, sorted', () => {
    expect(aggregateTrade(facts)).toEqual([
      row('2026-Q1', 'export', 'AE', '7102.31', 'MIXED', 'RU', 1, '10.00', '1000.00'),
      row('2026-Q3', 'export', 'EU', '7102.10', 'RU', 'RU', 1, '5.00', '50.00'),
      row('2026-Q3', 'export', 'EU', '7102.31', 'RU', 'RU', 2, '20.00', '2000.00'),
      row('2026-Q4', 'import', 'BY', '7102.31', 'BW', 'BY', 1, '10.00', '1000.00'),
    ]);
  });

  it('filters by flow and partner', () => {
    const aggregate = aggregateOf(facts);
    expect(tradeRowsOf(aggregate, { flow: 'import' }).map((r) => r.partner)).toEqual(['BY']);
    expect(tradeRowsOf(aggregate, { partner: 'AE' }).map((r) => r.period)).toEqual(['2026-Q1']);
    expect(tradeRowsOf(aggregate, { partner: 'XX' })).toEqual([]);
  });

  it('adds up the quarters of a half-year or a year under its id', () => {
    const aggregate = aggregateOf(facts);
    expect(tradeRowsOf(aggregate, { period: '2026-Q3' })).toHaveLength(2);
    expect(tradeRowsOf(aggregate, { period: '2026-H1' })).toEqual([
      row('2026-H1', 'export', 'AE', '7102.31', 'MIXED', 'RU', 1, '10.00', '1000.00'),
    ]);
    const year = tradeRowsOf(aggregate, { period: '2026', flow: 'export' });
    expect(year.map((r) => [r.period, r.partner, r.hs, r.certificates])).toEqual([
      ['2026', 'AE', '7102.31', 1],
      ['2026', 'EU', '7102.10', 1],
      ['2026', 'EU', '7102.31', 2],
    ]);
    expect(tradeRowsOf(aggregate, { period: '2025' })).toEqual([]);
  });

  it('refuses a malformed period filter', () => {
    expect(() => tradeRowsOf(aggregateOf(facts), { period: '2026-Q5' })).toThrow(
      expect.objectContaining({ code: 'KPX_PERIOD_INVALID' }),
    );
  });

  it('rows and totals match their schemas', () => {
    for (const r of aggregateTrade(facts)) expect(tradeRowSchema.parse(r)).toEqual(r);
    expect(tradeTotalsSchema.parse(totalsOf(aggregateOf(facts)))).toBeTruthy();
  });
});

describe('totalsOf', () => {
  it('counts a certificate with two HS lines once, while rows count it in each', () => {
    const aggregate = aggregateOf(facts);
    expect(totalsOf(aggregate)).toEqual({ certificates: 4, carats: '45.00', valueUsd: '4050.00' });
    expect(tradeRowsOf(aggregate).reduce((n, r) => n + r.certificates, 0)).toBe(5);
    expect(totalsOf(aggregate, { period: '2026-Q3' })).toEqual({
      certificates: 2,
      carats: '25.00',
      valueUsd: '2050.00',
    });
    expect(totalsOf(aggregate, { flow: 'import', partner: 'BY' }).certificates).toBe(1);
  });

  it('is zero for nothing', () => {
    expect(totalsOf(aggregateOf([]))).toEqual({
      certificates: 0,
      carats: '0.00',
      valueUsd: '0.00',
    });
  });
});

function row(
  period: string,
  flow: 'export' | 'import',
  partner: string,
  hs: '7102.10' | '7102.21' | '7102.31',
  origin: string,
  provenance: string,
  certificates: number,
  carats: string,
  valueUsd: string,
) {
  return { period, flow, partner, hs, origin, provenance, certificates, carats, valueUsd };
}
