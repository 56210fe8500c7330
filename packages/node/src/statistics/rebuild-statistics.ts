import {
  amountToCents,
  applyFact,
  createTradeAggregate,
  quarterOf,
  tradeFactsOf,
} from '@kpx/domain';
import type { Kysely } from 'kysely';
import type { KpxDatabase } from '../storage/database-schema.js';
import { certificateStateOf } from './certificate-state.js';
import { addToRouteSums, type RouteSums } from './route-sums.js';
import { scanRecords } from './scan-records.js';
import { statisticsDb, type StatisticsDb } from './statistics-tables.js';
import { int8 } from './trade-aggregate-store.js';

const chunk = 500;

/**
 * Recomputes the maintained statistics (trade aggregate, group counts, mirror entries) from the
 * records by full scan, replacing what was stored. Migration 0003 runs it once so a node that
 * already holds certificates starts with complete statistics; afterwards they are maintained
 * incrementally and this is only a repair tool. Runs in one transaction (its own, unless `db`
 * already is one).
 */
export async function rebuildStatistics(
  db: Kysely<KpxDatabase>,
): Promise<{ certificates: number }> {
  if (!db.isTransaction) return db.transaction().execute((trx) => rebuildStatistics(trx));
  const sdb: StatisticsDb = statisticsDb(db);
  await sdb.deleteFrom('trade_aggregate').execute();
  await sdb.deleteFrom('trade_groups').execute();
  await sdb.deleteFrom('mirror_entries').execute();
  await sdb.deleteFrom('mirror_groups').execute();
  const aggregate = createTradeAggregate();
  const groups = new Map<string, RouteSums>();
  let certificates = 0;
  for await (const page of scanRecords(db)) {
    certificates += page.length;
    for (const r of page) {
      for (const fact of tradeFactsOf(certificateStateOf(r, r.confirmation))) {
        applyFact(aggregate, fact);
      }
      addToRouteSums(groups, r);
    }
    for (let i = 0; i < page.length; i += chunk) {
      await sdb
        .insertInto('mirror_entries')
        .values(
          page.slice(i, i + chunk).map((r) => {
            const c = r.certificate;
            const f = r.confirmation;
            return {
              number: r.number,
              direction: r.direction,
              period: quarterOf(c.issuedOn),
              exporter: c.exportingParticipant,
              importer: c.importingParticipant,
              issued_on: c.issuedOn,
              status: r.status,
              carats_cents: int8(amountToCents(c.totals.carats)),
              value_cents: int8(amountToCents(c.totals.valueUsd)),
              parcels: c.parcels,
              confirmed_on: f?.receivedOn ?? null,
              confirmed_carats_cents: f === undefined ? null : int8(amountToCents(f.carats)),
              confirmed_value_cents: f === undefined ? null : int8(amountToCents(f.valueUsd)),
              confirmed_parcels: f?.parcels ?? null,
            };
          }),
        )
        .execute();
    }
  }
  const lines = [...aggregate.lines.values()];
  for (let i = 0; i < lines.length; i += chunk) {
    await sdb
      .insertInto('trade_aggregate')
      .values(
        lines.slice(i, i + chunk).map((l) => ({
          period: l.period,
          flow: l.flow,
          partner: l.partner,
          hs: l.hs,
          origin: l.origin,
          provenance: l.provenance,
          certificates: l.certificates,
          carats_cents: int8(l.caratsCents),
          value_cents: int8(l.valueCents),
        })),
      )
      .execute();
  }
  const tradeGroups = [...aggregate.groups.values()];
  for (let i = 0; i < tradeGroups.length; i += chunk) {
    await sdb
      .insertInto('trade_groups')
      .values(tradeGroups.slice(i, i + chunk))
      .execute();
  }
  const mirror = [...groups.values()];
  for (let i = 0; i < mirror.length; i += chunk) {
    await sdb
      .insertInto('mirror_groups')
      .values(
        mirror.slice(i, i + chunk).map((g) => ({
          period: g.period,
          exporter: g.exporter,
          importer: g.importer,
          exports: g.exports,
          exports_carats_cents: int8(g.exportsCarats),
          exports_value_cents: int8(g.exportsValue),
          exports_parcels: int8(BigInt(g.exportsParcels)),
          imports: g.imports,
          imports_carats_cents: int8(g.importsCarats),
          imports_value_cents: int8(g.importsValue),
          imports_parcels: int8(BigInt(g.importsParcels)),
          matched: g.matched,
        })),
      )
      .execute();
  }
  return { certificates };
}
