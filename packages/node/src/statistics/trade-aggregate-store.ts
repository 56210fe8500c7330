import {
  createTradeAggregate,
  tradeCellKey,
  tradeDeltaOf,
  type HsCode,
  type Period,
  type TradeAggregate,
  type TradeFact,
  type TradeFlow,
} from '@kpx/domain';
import { sql, type RawBuilder } from 'kysely';
import type { StatisticsDb } from './statistics-tables.js';

/** An exact bigint as a SQL int8 parameter (sent as decimal text, never as a JS number). */
export function int8(value: bigint): RawBuilder<string> {
  return sql<string>`cast(${value.toString()} as bigint)`;
}

/**
 * The upserts that add one trade fact's deltas: its HS lines (`certificates = certificates + ?`,
 * carats and US$ likewise) and its group's distinct-certificate count. Two tables, one row
 * each per key, so they may also run as parts of one statement (PostgreSQL, `trackStatistics`).
 */
export function tradeFactUpserts(fact: TradeFact): RawBuilder<unknown>[] {
  const { lines, group } = tradeDeltaOf(fact);
  const { period, flow, partner, origin, provenance } = group;
  const writes: RawBuilder<unknown>[] = [];
  if (lines.length > 0) {
    const values = lines.map(
      (l) =>
        sql`(${period}, ${flow}, ${partner}, ${l.hs}, ${origin}, ${provenance}, ${l.certificates}, ${int8(l.caratsCents)}, ${int8(l.valueCents)})`,
    );
    writes.push(sql`insert into trade_aggregate (period, flow, partner, hs, origin, provenance, certificates, carats_cents, value_cents)
        values ${sql.join(values)}
        on conflict (period, flow, partner, hs, origin, provenance) do update set
          certificates = trade_aggregate.certificates + excluded.certificates,
          carats_cents = trade_aggregate.carats_cents + excluded.carats_cents,
          value_cents = trade_aggregate.value_cents + excluded.value_cents`);
  }
  writes.push(sql`insert into trade_groups (period, flow, partner, origin, provenance, certificates)
      values (${period}, ${flow}, ${partner}, ${origin}, ${provenance}, ${group.certificates})
      on conflict (period, flow, partner, origin, provenance) do update set
        certificates = trade_groups.certificates + excluded.certificates`);
  return writes;
}

/**
 * Adds signed trade facts to the stored aggregate, in the caller's transaction: per fact one
 * upsert of its HS lines and one of its group's distinct-certificate count
 * ({@link tradeFactUpserts}) — the domain's `tradeDeltaOf`, applied by the database.
 * Cells that a removal brings back to zero are deleted, so the stored aggregate is exactly the
 * domain's `aggregateOf` of the same facts (incremental == batch, structurally). Plain SQL
 * templates (portable: `insert … on conflict … do update`, SQLite ≥ 3.24 and PostgreSQL): this
 * runs with every certificate change, and the query builder would cost more than the writes.
 */
export async function applyTradeFacts(
  db: StatisticsDb,
  facts: readonly TradeFact[],
): Promise<void> {
  for (const fact of facts) {
    for (const write of tradeFactUpserts(fact)) await write.execute(db);
    if (fact.sign > 0) continue;
    const { lines, group } = tradeDeltaOf(fact);
    const { period, flow, partner, origin, provenance } = group;
    if (lines.length > 0) {
      await sql`delete from trade_aggregate
        where period = ${period} and flow = ${flow} and partner = ${partner} and origin = ${origin}
          and provenance = ${provenance} and hs in (${sql.join(lines.map((l) => l.hs))})
          and certificates = 0 and carats_cents = 0 and value_cents = 0`.execute(db);
    }
    await sql`delete from trade_groups
      where period = ${period} and flow = ${flow} and partner = ${partner} and origin = ${origin}
        and provenance = ${provenance} and certificates = 0`.execute(db);
  }
}

/** The quarters (`2026-Q3`) a period covers: itself, the two of a half-year, the four of a year. */
export function quartersOf(period: Pick<Period, 'start' | 'end'>): string[] {
  const year = period.start.slice(0, 4);
  const first = Math.ceil(Number(period.start.slice(5, 7)) / 3);
  const last = Math.ceil(Number(period.end.slice(5, 7)) / 3);
  const out: string[] = [];
  for (let q = first; q <= last; q += 1) out.push(`${year}-Q${q}`);
  return out;
}

/**
 * Reads the stored aggregate (all of it, or the given quarters) as the domain's
 * `TradeAggregate`, for `tradeRowsOf` and `totalsOf`. Amounts come back as text and become
 * bigints without touching a JS number.
 */
export async function readTradeAggregate(
  db: StatisticsDb,
  quarters?: readonly string[],
): Promise<TradeAggregate> {
  let lines = db
    .selectFrom('trade_aggregate')
    .select([
      'period',
      'flow',
      'partner',
      'hs',
      'origin',
      'provenance',
      'certificates',
      sql<string>`cast(carats_cents as text)`.as('carats'),
      sql<string>`cast(value_cents as text)`.as('value'),
    ]);
  let groups = db
    .selectFrom('trade_groups')
    .select(['period', 'flow', 'partner', 'origin', 'provenance', 'certificates']);
  if (quarters !== undefined) {
    if (quarters.length === 0) return createTradeAggregate();
    lines = lines.where('period', 'in', quarters);
    groups = groups.where('period', 'in', quarters);
  }
  const aggregate = createTradeAggregate();
  for (const row of await lines.execute()) {
    const caratsCents = BigInt(row.carats);
    const valueCents = BigInt(row.value);
    const certificates = Number(row.certificates);
    if (certificates === 0 && caratsCents === 0n && valueCents === 0n) continue;
    const cell = {
      period: row.period,
      flow: row.flow as TradeFlow,
      partner: row.partner,
      hs: row.hs as HsCode,
      origin: row.origin,
      provenance: row.provenance,
      certificates,
      caratsCents,
      valueCents,
    };
    aggregate.lines.set(tradeCellKey(cell), cell);
  }
  for (const row of await groups.execute()) {
    const certificates = Number(row.certificates);
    if (certificates === 0) continue;
    const cell = {
      period: row.period,
      flow: row.flow as TradeFlow,
      partner: row.partner,
      origin: row.origin,
      provenance: row.provenance,
      certificates,
    };
    aggregate.groups.set(tradeCellKey(cell), cell);
  }
  return aggregate;
}
