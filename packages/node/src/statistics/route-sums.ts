import { amountToCents, quarterOf, type Certificate } from '@kpx/domain';
import { sql, type RawBuilder } from 'kysely';
import { int8 } from './trade-aggregate-store.js';

/** Live: not cancelled nor superseded (the domain's reconciliation counts only these as exports). */
export const isLive = (status: string): boolean =>
  status !== 'cancelled' && status !== 'superseded';

/** The sums of one route and quarter (`mirror_groups`), as `trackStatistics` keeps them. */
export type RouteSums = {
  period: string;
  exporter: string;
  importer: string;
  exports: number;
  exportsCarats: bigint;
  exportsValue: bigint;
  exportsParcels: number;
  imports: number;
  importsCarats: bigint;
  importsValue: bigint;
  importsParcels: number;
  matched: number;
};

/**
 * Adds a certificate's plain contribution to its route's sums (as the tracker adds them one by
 * one): an export while it is live, an import once confirmed, matched when both.
 */
export function addToRouteSums(
  routes: Map<string, RouteSums>,
  held: {
    certificate: Certificate;
    status: string;
    confirmation: { carats: string; valueUsd: string; parcels: number } | undefined;
  },
): void {
  const c = held.certificate;
  const period = quarterOf(c.issuedOn);
  const key = JSON.stringify([period, c.exportingParticipant, c.importingParticipant]);
  let sums = routes.get(key);
  if (sums === undefined) {
    sums = {
      period,
      exporter: c.exportingParticipant,
      importer: c.importingParticipant,
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
    routes.set(key, sums);
  }
  const live = isLive(held.status);
  if (live) {
    sums.exports += 1;
    sums.exportsCarats += amountToCents(c.totals.carats);
    sums.exportsValue += amountToCents(c.totals.valueUsd);
    sums.exportsParcels += c.parcels;
  }
  const f = held.confirmation;
  if (f !== undefined) {
    sums.imports += 1;
    sums.importsCarats += amountToCents(f.carats);
    sums.importsValue += amountToCents(f.valueUsd);
    sums.importsParcels += f.parcels;
    if (live) sums.matched += 1;
  }
}

/**
 * The upsert that adds each of `rows` to its route's stored sums (`mirror_groups`): one row for a
 * single change (run alone, or as one write of a combined statement), many for a bulk load.
 */
export function upsertRouteSums(rows: readonly RouteSums[]): RawBuilder<unknown> {
  const values = rows.map(
    (r) => sql`(${r.period}, ${r.exporter}, ${r.importer}, ${r.exports},
      ${int8(r.exportsCarats)}, ${int8(r.exportsValue)}, ${int8(BigInt(r.exportsParcels))},
      ${r.imports}, ${int8(r.importsCarats)}, ${int8(r.importsValue)},
      ${int8(BigInt(r.importsParcels))}, ${r.matched})`,
  );
  return sql`insert into mirror_groups (period, exporter, importer, exports, exports_carats_cents,
      exports_value_cents, exports_parcels, imports, imports_carats_cents, imports_value_cents,
      imports_parcels, matched)
    values ${sql.join(values)}
    on conflict (period, exporter, importer) do update set
      exports = mirror_groups.exports + excluded.exports,
      exports_carats_cents = mirror_groups.exports_carats_cents + excluded.exports_carats_cents,
      exports_value_cents = mirror_groups.exports_value_cents + excluded.exports_value_cents,
      exports_parcels = mirror_groups.exports_parcels + excluded.exports_parcels,
      imports = mirror_groups.imports + excluded.imports,
      imports_carats_cents = mirror_groups.imports_carats_cents + excluded.imports_carats_cents,
      imports_value_cents = mirror_groups.imports_value_cents + excluded.imports_value_cents,
      imports_parcels = mirror_groups.imports_parcels + excluded.imports_parcels,
      matched = mirror_groups.matched + excluded.matched`;
}
