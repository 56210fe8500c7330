import { amountToCents } from '../amount.js';
import type { HsCode } from '../hs-codes.js';
import { quarterOf } from './period.js';
import type { TradeFact, TradeFlow } from './trade-fact.js';

/**
 * Where a certificate's figures are counted, without the HS split: the quarter of its date,
 * the flow, the partner, the origin and the provenance. A certificate falls in exactly one
 * group, so distinct-certificate counts of groups add up at any coarser level.
 */
export type TradeGroupKey = {
  period: string;
  flow: TradeFlow;
  partner: string;
  origin: string;
  provenance: string;
};

/** A statistics row's dimensions: a {@link TradeGroupKey} and one HS subheading. */
export type TradeRowKey = TradeGroupKey & { hs: HsCode };

/**
 * One row's running figures: the certificates with a line in it, and carats and US$ in
 * hundredths (bigint, exact). In a delta they are signed.
 */
export type TradeLineCell = TradeRowKey & {
  certificates: number;
  caratsCents: bigint;
  valueCents: bigint;
};

/** One group's count of distinct certificates (signed in a delta). */
export type TradeGroupCell = TradeGroupKey & { certificates: number };

/**
 * The running trade statistics: line cells by row key, and distinct-certificate counts by
 * group key (what makes a total count a certificate with several HS lines once). Keys are
 * {@link tradeCellKey}. Cells whose figures all return to zero are deleted, so the same set of
 * facts gives the same maps in whatever order it is applied.
 */
export type TradeAggregate = {
  readonly lines: Map<string, TradeLineCell>;
  readonly groups: Map<string, TradeGroupCell>;
};

/** What one fact adds to the cells (negative for a `-1` fact): for storage as upserts. */
export type TradeDelta = { lines: TradeLineCell[]; group: TradeGroupCell };

/** An empty {@link TradeAggregate}. */
export function createTradeAggregate(): TradeAggregate {
  return { lines: new Map(), groups: new Map() };
}

/** The stable string key of a row or group cell (a JSON array of its dimensions). */
export function tradeCellKey(key: TradeGroupKey | TradeRowKey): string {
  const hs = 'hs' in key ? key.hs : '';
  return JSON.stringify([key.period, key.flow, key.partner, hs, key.origin, key.provenance]);
}

/**
 * The cell changes of one fact: per HS line, ±1 certificate and ± its carats and value, and
 * ±1 certificate for its group. A node that keeps the aggregate in a database applies these
 * as `UPDATE … SET carats = carats + ?` in the transaction that changes the certificate.
 *
 * @throws KpxError `KPX_DATE_INVALID` or `KPX_AMOUNT_INVALID` for a malformed fact.
 */
export function tradeDeltaOf(fact: TradeFact): TradeDelta {
  const sign = BigInt(fact.sign);
  const group: TradeGroupCell = {
    period: quarterOf(fact.date),
    flow: fact.flow,
    partner: fact.partner,
    origin: fact.origin,
    provenance: fact.provenance,
    certificates: fact.sign,
  };
  const lines = fact.lines.map((line): TradeLineCell => ({
    period: group.period,
    flow: group.flow,
    partner: group.partner,
    hs: line.hs,
    origin: group.origin,
    provenance: group.provenance,
    certificates: fact.sign,
    caratsCents: sign * amountToCents(line.carats),
    valueCents: sign * amountToCents(line.valueUsd),
  }));
  return { lines, group };
}

/**
 * Adds one signed fact to the aggregate, in place, and returns it: the incremental path.
 * Facts may come in any order (a removal before its addition leaves a negative cell for a
 * while); the figures are read with `tradeRowsOf` and `totalsOf`.
 */
export function applyFact(aggregate: TradeAggregate, fact: TradeFact): TradeAggregate {
  const delta = tradeDeltaOf(fact);
  for (const d of delta.lines) {
    const key = tradeCellKey(d);
    const cell = aggregate.lines.get(key);
    const next = cell
      ? {
          ...cell,
          certificates: cell.certificates + d.certificates,
          caratsCents: cell.caratsCents + d.caratsCents,
          valueCents: cell.valueCents + d.valueCents,
        }
      : d;
    if (next.certificates === 0 && next.caratsCents === 0n && next.valueCents === 0n) {
      aggregate.lines.delete(key);
    } else aggregate.lines.set(key, next);
  }
  const key = tradeCellKey(delta.group);
  const count = (aggregate.groups.get(key)?.certificates ?? 0) + delta.group.certificates;
  if (count === 0) aggregate.groups.delete(key);
  else aggregate.groups.set(key, { ...delta.group, certificates: count });
  return aggregate;
}

/** The aggregate of a list of facts: the full-scan reference. */
export function aggregateOf(facts: Iterable<TradeFact>): TradeAggregate {
  const aggregate = createTradeAggregate();
  for (const fact of facts) applyFact(aggregate, fact);
  return aggregate;
}
