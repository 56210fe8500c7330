import type { ColumnType, Kysely } from 'kysely';
import type { KpxDatabase } from '../storage/database-schema.js';

// The statistics tables (migration 0003). Amounts are integer hundredths in `bigint` (int8)
// columns: exact, summed by the database (`SUM`, `x = x + ?`), at most 9.2e18 hundredths per
// cell on both SQLite and PostgreSQL. They are written as decimal text cast to bigint and read
// back as text (`cast(… as text)`), so no value ever passes through a JS number: better-sqlite3
// would round integers past 2^53 and pg returns int8 as text anyway.

/** An int8 of hundredths: written as `cast('<digits>' as bigint)`, read with `cast(… as text)`. */
type Cents = ColumnType<string | number | bigint, unknown, unknown>;

/**
 * One statistics row's running figures (the domain's `TradeLineCell`): the quarter, flow,
 * partner, HS, origin and provenance, the certificates with a line in it, carats and US$.
 */
export interface TradeAggregateTable {
  period: string;
  flow: string;
  partner: string;
  hs: string;
  origin: string;
  provenance: string;
  certificates: number;
  carats_cents: Cents;
  value_cents: Cents;
}

/** Distinct certificates per group without the HS split (the domain's `TradeGroupCell`). */
export interface TradeGroupsTable {
  period: string;
  flow: string;
  partner: string;
  origin: string;
  provenance: string;
  certificates: number;
}

/**
 * One certificate this node holds, reduced to what mirror reconciliation compares: its route,
 * date of issue and figures as issued (the export side), and the import confirmation's figures
 * once there is one (the import side). Kept in step with `certificates` and `confirmations`.
 */
export interface MirrorEntriesTable {
  number: string;
  direction: string;
  /** Quarter of `issued_on` (reconciliation groups by it). */
  period: string;
  exporter: string;
  importer: string;
  issued_on: string;
  status: string;
  carats_cents: Cents;
  value_cents: Cents;
  parcels: number;
  confirmed_on: string | null;
  confirmed_carats_cents: Cents | null;
  confirmed_value_cents: Cents | null;
  confirmed_parcels: number | null;
  /** Generated: 0 totals only, 1 open (overdue when old), 2 always listed. */
  attention: ColumnType<number, never, never>;
}

/**
 * Per route and quarter of issue, what the mirror entries add up to (the totals of
 * reconciliation, kept in step with them): live exports as issued, confirmations as confirmed,
 * and how many certificates have both.
 */
export interface MirrorGroupsTable {
  period: string;
  exporter: string;
  importer: string;
  exports: number;
  exports_carats_cents: Cents;
  exports_value_cents: Cents;
  exports_parcels: Cents;
  imports: number;
  imports_carats_cents: Cents;
  imports_value_cents: Cents;
  imports_parcels: Cents;
  matched: number;
}

/** A half-year production return (KPCS Annex III), the latest one entered per period. */
export interface ProductionReturnsTable {
  period: string;
  /** The entries, JSON (`ProductionEntry[]`). */
  entries_json: string;
  /** `json` or `csv`: how it was entered. */
  source: string;
  recorded_at: string;
  recorded_by: string;
}

/** The statistics tables, added to a node's Kysely instance with `withTables`. */
export type StatisticsTables = {
  trade_aggregate: TradeAggregateTable;
  trade_groups: TradeGroupsTable;
  mirror_entries: MirrorEntriesTable;
  mirror_groups: MirrorGroupsTable;
  production_returns: ProductionReturnsTable;
};

/** A node database handle (or transaction) that also knows the statistics tables. */
export type StatisticsDb = Kysely<KpxDatabase & StatisticsTables>;

/** The same handle, typed with the statistics tables (no new connection, no new transaction). */
export function statisticsDb(db: Kysely<KpxDatabase>): StatisticsDb {
  return db.withTables<StatisticsTables>();
}
