import {
  centsToAmount,
  detectAnomalies,
  periodOf,
  previousPeriod,
  type Anomaly,
  type CertificateState,
  type PeriodVolume,
  type ReuseAttempt,
  type TradeFlow,
  type Certificate,
  type CertificateStatus,
  type Confirmation,
} from '@kpx/domain';
import type { NodeContext } from '../node-context.js';
import { isoAt } from '../runtime/clock.js';
import { certificateStateOf } from './certificate-state.js';
import { requirePeriod } from './get-statistics.js';
import { statisticsDb } from './statistics-tables.js';
import { quartersOf, readTradeAggregate } from './trade-aggregate-store.js';

/** `GET /api/v1/anomalies`: what is worth an analyst's look in a period. */
export type AnomalyReport = { period: string; today: string; anomalies: Anomaly[] };

/**
 * The domain's `detectAnomalies` over this node's records for a period: value per carat out of
 * the band of its origin and HS code (bands seeded from the KP's published figures), reuse
 * attempts recorded on the timeline, certificates that expired unconfirmed, and
 * quarter-on-quarter jumps of volume per partner and flow — the volumes come from the
 * maintained aggregate (the period's quarters and the one before), so no earlier certificate
 * is read. Certificates are those issued in the period; anomalies are those dated in it.
 */
export async function getAnomalies(
  ctx: NodeContext,
  query: { period: string },
): Promise<AnomalyReport> {
  const period = requirePeriod(query.period);
  const quarters = quartersOf(period);
  const previous = previousPeriod(periodOf(quarters[0]!)).id;
  const today = isoAt(ctx.clock.now()).slice(0, 10);
  const db = statisticsDb(ctx.storage.db);

  const rows = await db
    .selectFrom('certificates as c')
    .leftJoin('confirmations as f', 'f.certificate_number', 'c.number')
    .select(['c.direction', 'c.status', 'c.certificate_json', 'f.confirmation_json'])
    .where('c.issued_on', '>=', period.start)
    .where('c.issued_on', '<=', period.end)
    .execute();
  const certificates: CertificateState[] = rows.map((r) =>
    certificateStateOf(
      {
        direction: r.direction,
        status: r.status as CertificateStatus,
        certificate: JSON.parse(r.certificate_json) as Certificate,
      },
      r.confirmation_json === null ? undefined : (JSON.parse(r.confirmation_json) as Confirmation),
    ),
  );

  const attempts = await db
    .selectFrom('events as e')
    .leftJoin('certificates as c', 'c.number', 'e.certificate_number')
    .select(['e.certificate_number', 'e.at', 'e.data', 'c.partner_participant'])
    .where('e.type', '=', 'reuse-attempt')
    .where('e.at', '>=', `${period.start}T00:00:00.000Z`)
    .where('e.at', '<=', `${period.end}T23:59:59.999Z`)
    .orderBy('e.at')
    .execute();
  const reuseAttempts: ReuseAttempt[] = attempts.map((a) => {
    const data = a.data === null ? undefined : (JSON.parse(a.data) as { attempted?: unknown });
    return {
      number: a.certificate_number,
      on: a.at.slice(0, 10),
      ...(a.partner_participant === null ? {} : { partner: a.partner_participant }),
      ...(typeof data?.attempted === 'string' ? { detail: `attempted ${data.attempted}` } : {}),
    };
  });

  // Volumes per quarter, flow and partner from the aggregate: complete, and they win over the
  // certificates' own facts (the domain's rule for `previousPeriodTotals`).
  const aggregate = await readTradeAggregate(db, [previous, ...quarters]);
  const volumes = new Map<
    string,
    { period: string; flow: TradeFlow; partner: string; carats: bigint }
  >();
  for (const cell of aggregate.lines.values()) {
    const key = JSON.stringify([cell.period, cell.flow, cell.partner]);
    const v = volumes.get(key) ?? {
      period: cell.period,
      flow: cell.flow,
      partner: cell.partner,
      carats: 0n,
    };
    v.carats += cell.caratsCents;
    volumes.set(key, v);
  }
  const previousPeriodTotals: PeriodVolume[] = [...volumes.values()].map((v) => ({
    period: v.period,
    flow: v.flow,
    partner: v.partner,
    carats: centsToAmount(v.carats),
  }));

  const anomalies = detectAnomalies({
    certificates,
    reuseAttempts,
    today,
    previousPeriodTotals,
  }).filter((a) => a.period === undefined || quarters.includes(a.period));
  return { period: period.id, today, anomalies };
}
