import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { centsToAmount, maxAmountCents, sumAmounts } from '../amount.js';
import { hsCodeValues, type HsCode } from '../hs-codes.js';
import type { LineItem } from '../line-item-schema.js';
import { certificateStatuses, type CertificateStatus } from '../next-status.js';
import {
  aggregateOf,
  applyFact,
  createTradeAggregate,
  tradeCellKey,
  tradeDeltaOf,
  type TradeAggregate,
} from './trade-aggregate.js';
import {
  negateFact,
  tradeFactChanges,
  tradeFactsOf,
  type CertificateState,
  type TradeFact,
} from './trade-fact.js';
import { aggregateTrade, totalsOf, tradeRowsOf } from './trade-rows.js';

// Small pools, so that certificates share rows.
const partners = ['EU', 'AE', 'IN'] as const;
const origins = ['RU', 'BW', 'MIXED'] as const;
const days = ['2026-03-31', '2026-04-01', '2026-06-30', '2026-07-01', '2027-01-15'] as const;

/** Amounts from 0.01 up, many of them tiny, none big enough to reach the cap in a test. */
const carats = fc.oneof(
  fc.constant('0.01'),
  fc.bigInt({ min: 1n, max: 1000n }).map(centsToAmount),
  fc.bigInt({ min: 1n, max: 10n ** 12n }).map(centsToAmount),
);
const value = fc.oneof(fc.constant('0.00'), carats);

const items = fc
  .subarray([...hsCodeValues], { minLength: 1 })
  .chain((codes) =>
    fc.tuple(
      ...codes.map((hs: HsCode) =>
        fc.record({ hs: fc.constant(hs), carats, valueUsd: value }).map((l): LineItem => l),
      ),
    ),
  );

type Step = { status: CertificateStatus; issuedOn?: string };

const certificate = fc.record({
  direction: fc.constantFrom('outgoing' as const, 'incoming' as const),
  partner: fc.constantFrom(...partners),
  origin: fc.constantFrom(...origins),
  issuedOn: fc.constantFrom(...days),
  items,
  confirmation: fc.record({
    carats,
    valueUsd: value,
    receivedOn: fc.constantFrom(...days),
    items: fc.option(items, { nil: undefined }),
  }),
  steps: fc.array(
    fc.record(
      { status: fc.constantFrom(...certificateStatuses), issuedOn: fc.constantFrom(...days) },
      { requiredKeys: ['status'] },
    ),
    { minLength: 1, maxLength: 4 },
  ),
});

type Generated = typeof certificate extends fc.Arbitrary<infer T> ? T : never;

/** The states one certificate goes through. */
function history(g: Generated, index: number): CertificateState[] {
  const number = `${g.direction === 'outgoing' ? 'RU' : g.partner}-2026-${String(index).padStart(6, '0')}`;
  return g.steps.map((step: Step) => ({
    direction: g.direction,
    status: step.status,
    certificate: {
      number,
      exportingParticipant: g.direction === 'outgoing' ? 'RU' : g.partner,
      importingParticipant: g.direction === 'outgoing' ? g.partner : 'RU',
      origin: g.origin,
      items: [...g.items],
      issuedOn: step.issuedOn ?? g.issuedOn,
      expiresOn: '2027-12-31',
    },
    confirmation: {
      carats: g.confirmation.carats,
      valueUsd: g.confirmation.valueUsd,
      receivedOn: g.confirmation.receivedOn,
      ...(g.confirmation.items ? { items: [...g.confirmation.items] } : {}),
    },
  }));
}

const histories = fc
  .array(certificate, { maxLength: 25 })
  .map((list) => list.map((g, i) => history(g, i)));

/** The signed facts of every change of every certificate, in order. */
function changesOf(all: CertificateState[][]): TradeFact[] {
  return all.flatMap((states) =>
    states.flatMap((state, i) => tradeFactChanges(i === 0 ? undefined : states[i - 1], state)),
  );
}

const finalFacts = (all: CertificateState[][]) =>
  all.flatMap((s) => tradeFactsOf(s[s.length - 1]!));

const cells = (a: TradeAggregate) => ({
  lines: [...a.lines.entries()].sort(([x], [y]) => (x < y ? -1 : 1)),
  groups: [...a.groups.entries()].sort(([x], [y]) => (x < y ? -1 : 1)),
});

describe('trade aggregation: incremental equals batch', () => {
  it('applying every change as it happens gives the full scan of the final states', () => {
    fc.assert(
      fc.property(histories, (all) => {
        const incremental = createTradeAggregate();
        for (const fact of changesOf(all)) applyFact(incremental, fact);
        const batch = aggregateOf(finalFacts(all));
        expect(cells(incremental)).toEqual(cells(batch));
        expect(tradeRowsOf(incremental)).toEqual(aggregateTrade(finalFacts(all)));
        expect(totalsOf(incremental)).toEqual(totalsOf(batch));
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on the order of the facts', () => {
    const shuffled = histories.chain((all) => {
      const facts = changesOf(all);
      return fc.tuple(
        fc.constant(facts),
        fc.shuffledSubarray(facts, { minLength: facts.length, maxLength: facts.length }),
      );
    });
    fc.assert(
      fc.property(shuffled, ([facts, reordered]) => {
        expect(cells(aggregateOf(reordered))).toEqual(cells(aggregateOf(facts)));
        expect(aggregateTrade(reordered)).toEqual(aggregateTrade(facts));
      }),
      { numRuns: 200 },
    );
  });

  it('a cancellation removes exactly the figures of the original', () => {
    fc.assert(
      fc.property(histories, certificate, (all, g) => {
        const base = finalFacts(all);
        const [issued] = history(
          { ...g, direction: 'outgoing', steps: [{ status: 'issued' }] },
          999,
        );
        const cancelled: CertificateState = { ...issued!, status: 'cancelled' };
        const withCancelled = [
          ...base,
          ...tradeFactsOf(issued!),
          ...tradeFactChanges(issued, cancelled),
        ];
        expect(tradeFactChanges(issued, cancelled)).toEqual(tradeFactsOf(issued!).map(negateFact));
        expect(cells(aggregateOf(withCancelled))).toEqual(cells(aggregateOf(base)));
      }),
    );
  });
});

describe('trade aggregation: parts and totals', () => {
  it('rows add up to the totals; certificates are counted once each in totals', () => {
    fc.assert(
      fc.property(histories, (all) => {
        const facts = finalFacts(all);
        const aggregate = aggregateOf(facts);
        const rows = tradeRowsOf(aggregate);
        const totals = totalsOf(aggregate);
        const lines = facts.flatMap((f) => f.lines);
        expect(totals.carats).toBe(sumAmounts(rows.map((r) => r.carats)));
        expect(totals.valueUsd).toBe(sumAmounts(rows.map((r) => r.valueUsd)));
        expect(totals.carats).toBe(sumAmounts(lines.map((l) => l.carats)));
        expect(totals.valueUsd).toBe(sumAmounts(lines.map((l) => l.valueUsd)));
        expect(totals.certificates).toBe(facts.length);
        expect(rows.reduce((n, r) => n + r.certificates, 0)).toBe(
          facts.reduce((n, f) => n + f.lines.length, 0),
        );
        for (const flow of ['export', 'import'] as const) {
          const part = totalsOf(aggregate, { flow });
          expect(part.certificates).toBe(facts.filter((f) => f.flow === flow).length);
          expect(part.carats).toBe(
            sumAmounts(rows.filter((r) => r.flow === flow).map((r) => r.carats)),
          );
        }
        // A year is the sum of its quarters, certificates included.
        const year = totalsOf(aggregate, { period: '2026' });
        const quarters = ['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4'].map((period) =>
          totalsOf(aggregate, { period }),
        );
        expect(year.certificates).toBe(quarters.reduce((n, t) => n + t.certificates, 0));
        expect(year.carats).toBe(sumAmounts(quarters.map((t) => t.carats)));
      }),
      { numRuns: 300 },
    );
  });

  it('rows are sorted and unique by their dimensions', () => {
    fc.assert(
      fc.property(histories, (all) => {
        const rows = aggregateTrade(finalFacts(all));
        const keys = rows.map(tradeCellKey);
        expect(new Set(keys).size).toBe(keys.length);
        const order = rows.map((r) =>
          [r.period, r.flow, r.partner, r.hs, r.origin, r.provenance].join('\u0000'),
        );
        expect([...order].sort()).toEqual(order);
      }),
    );
  });
});

describe('trade aggregation: adversarial decimals', () => {
  const fact = (lines: TradeFact['lines'], number = 'RU-2026-000001'): TradeFact => ({
    flow: 'export',
    number,
    partner: 'EU',
    date: '2026-08-01',
    origin: 'RU',
    provenance: 'RU',
    lines,
    sign: 1,
  });

  it('adds 10000 times 0.01 to exactly 100.00', () => {
    const facts = Array.from({ length: 10_000 }, (_, i) =>
      fact([{ hs: '7102.31', carats: '0.01', valueUsd: '0.01' }], `RU-2026-${i}`),
    );
    const aggregate = aggregateOf(facts);
    expect(totalsOf(aggregate)).toEqual({
      certificates: 10_000,
      carats: '100.00',
      valueUsd: '100.00',
    });
    expect(tradeRowsOf(aggregate)).toEqual([
      {
        period: '2026-Q3',
        flow: 'export',
        partner: 'EU',
        hs: '7102.31',
        origin: 'RU',
        provenance: 'RU',
        certificates: 10_000,
        carats: '100.00',
        valueUsd: '100.00',
      },
    ]);
  });

  it('reaches the cap exactly, refuses to read past it, and recovers when figures go', () => {
    const max = centsToAmount(maxAmountCents);
    const big = fact([{ hs: '7102.31', carats: max, valueUsd: max }], 'RU-2026-1');
    const cent = fact([{ hs: '7102.31', carats: '0.01', valueUsd: '0.00' }], 'RU-2026-2');
    const aggregate = aggregateOf([big]);
    expect(totalsOf(aggregate).carats).toBe('999999999999999.99');
    applyFact(aggregate, cent);
    expect(() => totalsOf(aggregate)).toThrow(
      expect.objectContaining({ code: 'KPX_TOTAL_TOO_LARGE' }),
    );
    expect(() => tradeRowsOf(aggregate)).toThrow(
      expect.objectContaining({ code: 'KPX_TOTAL_TOO_LARGE' }),
    );
    applyFact(aggregate, negateFact(cent));
    expect(totalsOf(aggregate)).toEqual({ certificates: 1, carats: max, valueUsd: max });
  });

  it('near the cap, incremental still equals batch', () => {
    const near = fc
      .bigInt({ min: maxAmountCents / 4n - 1000n, max: maxAmountCents / 4n })
      .map(centsToAmount);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(near, fc.boolean()), { minLength: 1, maxLength: 4 }),
        (list) => {
          const facts = list.map(([c], i) =>
            fact([{ hs: '7102.10', carats: c, valueUsd: c }], `RU-${i}`),
          );
          const removed = list.flatMap(([, drop], i) => (drop ? [negateFact(facts[i]!)] : []));
          const kept = facts.filter((_, i) => !list[i]![1]);
          expect(cells(aggregateOf([...removed, ...facts]))).toEqual(cells(aggregateOf(kept)));
          expect(totalsOf(aggregateOf(kept)).carats).toBe(
            sumAmounts(kept.map((f) => f.lines[0]!.carats)),
          );
        },
      ),
    );
  });
});

describe('applyFact and tradeDeltaOf', () => {
  it('gives signed cell deltas, one per line and one for the group', () => {
    const delta = tradeDeltaOf({
      flow: 'import',
      number: 'AE-2026-000001',
      partner: 'AE',
      date: '2026-10-01',
      origin: 'MIXED',
      provenance: 'AE',
      lines: [
        { hs: '7102.10', carats: '1.50', valueUsd: '10.00' },
        { hs: '7102.31', carats: '2.00', valueUsd: '0.00' },
      ],
      sign: -1,
    });
    expect(delta.group).toEqual({
      period: '2026-Q4',
      flow: 'import',
      partner: 'AE',
      origin: 'MIXED',
      provenance: 'AE',
      certificates: -1,
    });
    expect(delta.lines.map((l) => [l.hs, l.certificates, l.caratsCents, l.valueCents])).toEqual([
      ['7102.10', -1, -150n, -1000n],
      ['7102.31', -1, -200n, -0n],
    ]);
  });

  it('tolerates a removal before its addition, but refuses to read it', () => {
    const [f] = tradeFactsOf({
      direction: 'outgoing',
      status: 'issued',
      certificate: {
        number: 'RU-2026-000001',
        exportingParticipant: 'RU',
        importingParticipant: 'EU',
        origin: 'RU',
        items: [{ hs: '7102.31', carats: '1.00', valueUsd: '2.00' }],
        issuedOn: '2026-01-02',
        expiresOn: '2026-06-30',
      },
    });
    const aggregate = applyFact(createTradeAggregate(), negateFact(f!));
    expect(() => tradeRowsOf(aggregate)).toThrow(
      expect.objectContaining({ code: 'KPX_STATISTICS_INCONSISTENT' }),
    );
    expect(() => totalsOf(aggregate)).toThrow(
      expect.objectContaining({ code: 'KPX_STATISTICS_INCONSISTENT' }),
    );
    applyFact(aggregate, f!);
    expect(aggregate.lines.size).toBe(0);
    expect(aggregate.groups.size).toBe(0);
  });
});
