import { amountToCents, quarterOf } from '@kpx/domain';
import { sql, type RawBuilder } from 'kysely';
import type { CertificateRecord } from '../certificates/certificate-record.js';
import type { ConfirmedFigures } from './certificate-state.js';
import { isLive, upsertRouteSums, type RouteSums } from './route-sums.js';
import type { StatisticsDb } from './statistics-tables.js';
import { int8 } from './trade-aggregate-store.js';

// Mirror entries: per held certificate its export side (as issued) and import side (as
// confirmed), and per route and quarter of issue their sums (`mirror_groups`), both kept in
// step with every change in its transaction. Reconciliation then reads the sums and only the
// entries that need a look (`attention`), never every certificate.

/**
 * The generated `attention` of a mirror entry, by the domain's reconciliation rules: `0` it
 * only adds to the totals (a confirmation that agrees in every figure; rejected, cancelled or
 * superseded without confirmation), `1` open — listed as overdue once its date of issue is
 * more than `overdueDays` ago, `2` always listed (figures differ, confirmed without the
 * importer's confirmation, a confirmation of a cancelled or superseded certificate).
 */
export const attentionExpression: RawBuilder<number> = sql<number>`(case
  when confirmed_carats_cents is null then
    case when status in ('cancelled', 'superseded', 'rejected') then 0
         when status = 'confirmed' then 2
         else 1 end
  when status in ('cancelled', 'superseded') then 2
  when confirmed_parcels = parcels and confirmed_carats_cents = carats_cents
    and confirmed_value_cents = value_cents then 0
  else 2 end)`;

/** A mirror entry as the hooks need it (amounts in hundredths). */
export type MirrorState = {
  number: string;
  direction: string;
  period: string;
  exporter: string;
  importer: string;
  status: string;
  carats: bigint;
  value: bigint;
  parcels: number;
  confirmed: boolean;
};

/** A change to a route's sums. */
type GroupDelta = Omit<RouteSums, 'period' | 'exporter' | 'importer'>;

const none: GroupDelta = {
  exports: 0,
  exportsCarats: 0n,
  exportsValue: 0n,
  exportsParcels: 0,
  imports: 0,
  importsCarats: 0n,
  importsValue: 0n,
  importsParcels: 0,
  matched: 0,
};

/** The upsert of a route's sums by `d` (run alone, or as one write of a combined statement). */
function groupUpsert(
  key: { period: string; exporter: string; importer: string },
  d: GroupDelta,
): RawBuilder<unknown> {
  return upsertRouteSums([{ ...key, ...d }]);
}

async function addToGroup(
  db: StatisticsDb,
  key: { period: string; exporter: string; importer: string },
  d: GroupDelta,
): Promise<void> {
  await groupUpsert(key, d).execute(db);
}

/** Reads the mirror entry of a held certificate, or `undefined`. */
export async function readMirrorState(
  db: StatisticsDb,
  number: string,
): Promise<MirrorState | undefined> {
  const row = (
    await sql<{
      number: string;
      direction: string;
      period: string;
      exporter: string;
      importer: string;
      status: string;
      carats: string;
      value: string;
      parcels: number;
      confirmed_on: string | null;
    }>`select number, direction, period, exporter, importer, status,
        cast(carats_cents as text) as carats, cast(value_cents as text) as value, parcels,
        confirmed_on
      from mirror_entries where number = ${number}`.execute(db)
  ).rows[0];
  if (row === undefined) return undefined;
  return {
    number: row.number,
    direction: row.direction,
    period: row.period,
    exporter: row.exporter,
    importer: row.importer,
    status: row.status,
    carats: BigInt(row.carats),
    value: BigInt(row.value),
    parcels: Number(row.parcels),
    confirmed: row.confirmed_on !== null,
  };
}

/**
 * The writes that store the mirror entry of a certificate just stored (its export side; no
 * import side yet): the entry, and the route's sums when it counts. They touch different
 * tables, so they may also run as parts of one statement (PostgreSQL, `trackStatistics`).
 */
export function mirrorEntryWrites(record: CertificateRecord): RawBuilder<unknown>[] {
  const c = record.certificate;
  const carats = amountToCents(c.totals.carats);
  const value = amountToCents(c.totals.valueUsd);
  const period = quarterOf(c.issuedOn);
  const entry = sql`insert into mirror_entries (number, direction, period, exporter, importer, issued_on, status, carats_cents, value_cents, parcels)
    values (${record.number}, ${record.direction}, ${period}, ${c.exportingParticipant},
      ${c.importingParticipant}, ${c.issuedOn}, ${record.status}, ${int8(carats)},
      ${int8(value)}, ${c.parcels})`;
  if (!isLive(record.status)) return [entry];
  return [
    entry,
    groupUpsert(
      { period, exporter: c.exportingParticipant, importer: c.importingParticipant },
      {
        ...none,
        exports: 1,
        exportsCarats: carats,
        exportsValue: value,
        exportsParcels: c.parcels,
      },
    ),
  ];
}

/** Stores the mirror entry of a certificate just stored (its export side; no import side yet). */
export async function insertMirrorEntry(
  db: StatisticsDb,
  record: CertificateRecord,
): Promise<void> {
  for (const write of mirrorEntryWrites(record)) await write.execute(db);
}

/** Follows a status change of a held certificate (and the route's sums when it stops or starts counting). */
export async function setMirrorStatus(
  db: StatisticsDb,
  entry: MirrorState,
  status: string,
): Promise<void> {
  await sql`update mirror_entries set status = ${status} where number = ${entry.number}`.execute(
    db,
  );
  const was = isLive(entry.status);
  if (was === isLive(status)) return;
  const sign = was ? -1 : 1;
  const big = BigInt(sign);
  await addToGroup(db, entry, {
    ...none,
    exports: sign,
    exportsCarats: big * entry.carats,
    exportsValue: big * entry.value,
    exportsParcels: sign * entry.parcels,
    matched: entry.confirmed ? sign : 0,
  });
}

/** Records the import side: the figures of the import confirmation (KPCS III(b)). */
export async function setMirrorConfirmation(
  db: StatisticsDb,
  entry: MirrorState,
  confirmation: ConfirmedFigures & { parcels: number },
): Promise<void> {
  const carats = amountToCents(confirmation.carats);
  const value = amountToCents(confirmation.valueUsd);
  await sql`update mirror_entries set confirmed_on = ${confirmation.receivedOn},
      confirmed_carats_cents = ${int8(carats)},
      confirmed_value_cents = ${int8(value)},
      confirmed_parcels = ${confirmation.parcels}
    where number = ${entry.number}`.execute(db);
  await addToGroup(db, entry, {
    ...none,
    imports: 1,
    importsCarats: carats,
    importsValue: value,
    importsParcels: confirmation.parcels,
    matched: isLive(entry.status) ? 1 : 0,
  });
}
