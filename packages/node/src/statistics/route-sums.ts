import { amountToCents, quarterOf, type Certificate } from '@kpx/domain';
import { isLive } from './mirror-store.js';

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
