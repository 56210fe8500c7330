import { periodOf, quarterOf, reconcile, type ReconciliationGroup } from '@kpx/domain';
import type { NodeContext } from '../node-context.js';
import { isoAt } from '../runtime/clock.js';
import { mirrorSides, refusedConfirmations, type MirrorRow } from './get-reconciliation.js';
import { scanRecords } from './scan-records.js';
import { statisticsDb } from './statistics-tables.js';
import { quartersOf } from './trade-aggregate-store.js';

/**
 * The domain's `reconcile` over every record the node holds, by full scan of the certificates
 * and confirmations (not the mirror entries): the reference `getReconciliation` is checked
 * against by the tests and the benchmark.
 */
export async function reconcileRecords(
  ctx: NodeContext,
  period?: string,
): Promise<ReconciliationGroup[]> {
  const quarters = period === undefined ? undefined : quartersOf(periodOf(period));
  const inPeriod = (date: string) => quarters === undefined || quarters.includes(quarterOf(date));
  const rows: MirrorRow[] = [];
  for await (const page of scanRecords(ctx.storage.db)) {
    for (const r of page) {
      const c = r.certificate;
      if (!inPeriod(c.issuedOn)) continue;
      const f = r.confirmation;
      rows.push({
        number: r.number,
        exporter: c.exportingParticipant,
        importer: c.importingParticipant,
        issuedOn: c.issuedOn,
        status: r.status,
        carats: c.totals.carats,
        valueUsd: c.totals.valueUsd,
        parcels: c.parcels,
        ...(f === undefined
          ? {}
          : {
              confirmation: {
                on: f.receivedOn,
                carats: f.carats,
                valueUsd: f.valueUsd,
                parcels: f.parcels,
              },
            }),
      });
    }
  }
  const refused = (await refusedConfirmations(ctx, statisticsDb(ctx.storage.db))).filter((i) =>
    inPeriod(i.issuedOn),
  );
  const sides = mirrorSides(rows);
  return reconcile(sides.exports, [...sides.imports, ...refused], {
    today: isoAt(ctx.clock.now()).slice(0, 10),
    overdueDays: ctx.config.statistics.overdueDays,
  });
}
