import {
  amountToCents,
  quarterOf,
  tradeCellKey,
  tradeDeltaOf,
  tradeFactChanges,
  type TradeGroupCell,
  type TradeLineCell,
} from '@kpx/domain';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { CertificateRecord } from '../certificates/certificate-record.js';
import { certificateRow } from '../certificates/certificate-repository.js';
import {
  confirmationRow,
  type ConfirmationRecord,
} from '../certificates/confirmation-repository.js';
import type { KpxDatabase } from '../storage/database-schema.js';
import { certificateStateOf } from './certificate-state.js';
import { addToRouteSums, upsertRouteSums, type RouteSums } from './route-sums.js';
import { statisticsDb, type StatisticsDb } from './statistics-tables.js';
import { int8 } from './trade-aggregate-store.js';

/** A certificate as it stands after its last change, with its confirmation if it has one. */
export type HeldCertificate = {
  record: CertificateRecord;
  confirmation: ConfirmationRecord | undefined;
};

// Rows per statement: within SQLite's 32,766 and PostgreSQL's 65,535 parameters (17 a row at most).
const rowsPerStatement = 500;

/**
 * TEST / BENCHMARK ONLY: stores certificates that are not yet held, each in its final state,
 * with a few multi-row statements instead of the repositories' statements per change — the
 * same certificate and confirmation rows, and the statistics `trackStatistics` would have
 * maintained had each certificate gone through its changes one by one: its mirror entry, and
 * the sums of its route and of its trade cells, added up per key first (one upsert a key).
 * What makes that the same: the statistics of a held certificate depend only on its state, and
 * cells emptied by a removal are deleted (so a certificate that stopped counting leaves no
 * trade cell), while a route's sums stay even at zero (so every route a certificate took gets
 * its row). `store-held-certificates.test.ts` compares every table with the repositories' path.
 * Runs in the caller's transaction.
 */
export async function storeHeldCertificates(
  db: Kysely<KpxDatabase>,
  held: readonly HeldCertificate[],
): Promise<void> {
  const sdb = statisticsDb(db);
  const confirmations = held.flatMap((h) => (h.confirmation === undefined ? [] : [h.confirmation]));
  for (const rows of chunks(held)) {
    await db
      .insertInto('certificates')
      .values(rows.map((h) => certificateRow(h.record)))
      .execute();
  }
  for (const rows of chunks(confirmations))
    await db.insertInto('confirmations').values(rows.map(confirmationRow)).execute();
  for (const rows of chunks(held)) await sql`${insertMirrorEntries(rows)}`.execute(sdb);

  const routes = new Map<string, RouteSums>();
  const lines = new Map<string, TradeLineCell>();
  const groups = new Map<string, TradeGroupCell>();
  for (const h of held) {
    addToRouteSums(routes, {
      certificate: h.record.certificate,
      status: h.record.status,
      confirmation: h.confirmation?.confirmation,
    });
    const state = certificateStateOf(h.record, h.confirmation?.confirmation);
    for (const fact of tradeFactChanges(undefined, state)) {
      const delta = tradeDeltaOf(fact);
      for (const line of delta.lines) addLine(lines, line);
      addGroup(groups, delta.group);
    }
  }
  await upsertRoutes(sdb, [...routes.values()]);
  await upsertTradeCells(sdb, [...lines.values()], [...groups.values()]);
}

function* chunks<T>(items: readonly T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += rowsPerStatement)
    yield items.slice(i, i + rowsPerStatement);
}

/** The mirror entries: the export side as issued, and the import side as confirmed. */
function insertMirrorEntries(held: readonly HeldCertificate[]): RawBuilder<unknown> {
  const values = held.map(({ record, confirmation }) => {
    const c = record.certificate;
    const f = confirmation?.confirmation;
    return sql`(${record.number}, ${record.direction}, ${quarterOf(c.issuedOn)},
      ${c.exportingParticipant}, ${c.importingParticipant}, ${c.issuedOn}, ${record.status},
      ${int8(amountToCents(c.totals.carats))}, ${int8(amountToCents(c.totals.valueUsd))},
      ${c.parcels}, ${f?.receivedOn ?? null},
      ${f === undefined ? null : int8(amountToCents(f.carats))},
      ${f === undefined ? null : int8(amountToCents(f.valueUsd))}, ${f?.parcels ?? null})`;
  });
  return sql`insert into mirror_entries (number, direction, period, exporter, importer,
      issued_on, status, carats_cents, value_cents, parcels, confirmed_on,
      confirmed_carats_cents, confirmed_value_cents, confirmed_parcels)
    values ${sql.join(values)}`;
}

function addLine(lines: Map<string, TradeLineCell>, line: TradeLineCell) {
  const key = tradeCellKey(line);
  const cell = lines.get(key);
  if (cell === undefined) lines.set(key, { ...line });
  else {
    cell.certificates += line.certificates;
    cell.caratsCents += line.caratsCents;
    cell.valueCents += line.valueCents;
  }
}

function addGroup(groups: Map<string, TradeGroupCell>, group: TradeGroupCell) {
  const key = tradeCellKey(group);
  const cell = groups.get(key);
  if (cell === undefined) groups.set(key, { ...group });
  else cell.certificates += group.certificates;
}

async function upsertRoutes(db: StatisticsDb, routes: readonly RouteSums[]): Promise<void> {
  for (const rows of chunks(routes)) await upsertRouteSums(rows).execute(db);
}

async function upsertTradeCells(
  db: StatisticsDb,
  lines: readonly TradeLineCell[],
  groups: readonly TradeGroupCell[],
): Promise<void> {
  for (const rows of chunks(lines)) {
    const values = rows.map(
      (l) =>
        sql`(${l.period}, ${l.flow}, ${l.partner}, ${l.hs}, ${l.origin}, ${l.provenance},
          ${l.certificates}, ${int8(l.caratsCents)}, ${int8(l.valueCents)})`,
    );
    await sql`insert into trade_aggregate (period, flow, partner, hs, origin, provenance,
        certificates, carats_cents, value_cents)
      values ${sql.join(values)}
      on conflict (period, flow, partner, hs, origin, provenance) do update set
        certificates = trade_aggregate.certificates + excluded.certificates,
        carats_cents = trade_aggregate.carats_cents + excluded.carats_cents,
        value_cents = trade_aggregate.value_cents + excluded.value_cents`.execute(db);
  }
  for (const rows of chunks(groups)) {
    const values = rows.map(
      (g) =>
        sql`(${g.period}, ${g.flow}, ${g.partner}, ${g.origin}, ${g.provenance}, ${g.certificates})`,
    );
    await sql`insert into trade_groups (period, flow, partner, origin, provenance, certificates)
      values ${sql.join(values)}
      on conflict (period, flow, partner, origin, provenance) do update set
        certificates = trade_groups.certificates + excluded.certificates`.execute(db);
  }
}
