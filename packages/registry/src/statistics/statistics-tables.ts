import type { Kysely } from 'kysely';
import type { RegistryDatabase } from '../storage/database-schema.js';

/**
 * Every `POST /exchange/v1/messages` envelope the registry authenticated, with the receipt it
 * signed: a repeat of the same message id and bytes gets exactly this receipt again.
 */
export interface StatisticsInboxTable {
  message_id: string;
  digest: string;
  /** The compact JWS exactly as received. */
  envelope: string;
  type: string;
  from_authority: string;
  result: 'accepted' | 'rejected';
  code: string | null;
  receipt: string;
  received_at: string;
}

/** The latest return of each authority for each quarter (by the envelope's `createdAt`). */
export interface StatisticsReturnsTable {
  authority: string;
  period: string;
  participant: string;
  message_id: string;
  created_at: string;
  received_at: string;
  /** The return's body, JSON (`StatisticsReturnBody`). */
  body_json: string;
}

/** The registry's statistics tables (migration 0002). */
export type RegistryStatisticsTables = {
  statistics_inbox: StatisticsInboxTable;
  statistics_returns: StatisticsReturnsTable;
};

/** A registry database handle that knows the statistics tables. */
export type StatisticsDb = Kysely<RegistryDatabase & RegistryStatisticsTables>;

/** The same handle (or transaction), typed with the statistics tables. */
export function statisticsDb(db: Kysely<RegistryDatabase>): StatisticsDb {
  return db.withTables<RegistryStatisticsTables>();
}
