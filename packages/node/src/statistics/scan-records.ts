import {
  aggregateOf,
  tradeFactsOf,
  type Certificate,
  type CertificateStatus,
  type Confirmation,
  type TradeAggregate,
  type TradeFact,
} from '@kpx/domain';
import type { Kysely } from 'kysely';
import type { Direction, KpxDatabase } from '../storage/database-schema.js';
import { certificateStateOf } from './certificate-state.js';

/** A held certificate with its confirmation, read straight from the records. */
export type ScannedRecord = {
  number: string;
  direction: Direction;
  status: CertificateStatus;
  certificate: Certificate;
  confirmation: Confirmation | undefined;
};

/**
 * Every held certificate with its confirmation, from the records themselves (`certificates`
 * and `confirmations`), in pages of `batch` in number order: the full scan that the maintained
 * statistics are checked against and rebuilt from.
 */
export async function* scanRecords(
  db: Kysely<KpxDatabase>,
  batch = 5000,
): AsyncGenerator<ScannedRecord[]> {
  let after: string | undefined;
  for (;;) {
    let query = db
      .selectFrom('certificates as c')
      .leftJoin('confirmations as f', 'f.certificate_number', 'c.number')
      .select(['c.number', 'c.direction', 'c.status', 'c.certificate_json', 'f.confirmation_json']);
    if (after !== undefined) query = query.where('c.number', '>', after);
    const rows = await query.orderBy('c.number').limit(batch).execute();
    if (rows.length === 0) return;
    after = rows[rows.length - 1]!.number;
    yield rows.map((r) => ({
      number: r.number,
      direction: r.direction,
      status: r.status as CertificateStatus,
      certificate: JSON.parse(r.certificate_json) as Certificate,
      confirmation:
        r.confirmation_json === null
          ? undefined
          : (JSON.parse(r.confirmation_json) as Confirmation),
    }));
    if (rows.length < batch) return;
  }
}

/** The trade facts of every held certificate, by full scan of the records. */
export async function fullScanTradeFacts(db: Kysely<KpxDatabase>): Promise<TradeFact[]> {
  const facts: TradeFact[] = [];
  for await (const page of scanRecords(db)) {
    for (const r of page) facts.push(...tradeFactsOf(certificateStateOf(r, r.confirmation)));
  }
  return facts;
}

/** The trade aggregate by full scan of the records (the reference of the maintained one). */
export async function fullScanTradeAggregate(db: Kysely<KpxDatabase>): Promise<TradeAggregate> {
  return aggregateOf(await fullScanTradeFacts(db));
}
