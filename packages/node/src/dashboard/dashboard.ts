import { addDays, certificateStatuses, type CertificateStatus } from '@kpx/domain';
import type { NodeContext } from '../node-context.js';
import { isoAt } from '../runtime/clock.js';

/** Certificates per status, every status present (0 when none). */
export type StatusCounts = Record<CertificateStatus, number>;

/** One line of the recent-activity list: a certificate timeline event. */
export type ActivityItem = { number: string; type: string; at: string; actor: string };

/** `GET /api/v1/dashboard`: the figures of the console's home page. */
export type Dashboard = {
  certificates: { outgoing: StatusCounts; incoming: StatusCounts };
  /** Outgoing messages not delivered past the overdue age (`outbox.overdueAfterMs`); still retrying. */
  overdueDeliveries: number;
  /**
   * Incoming certificates still `delivered` or `issued` (not confirmed, rejected, …) more than
   * `console.overdueConfirmationDays` days after their date of issue (KPCS III(b)).
   */
  overdueConfirmations: number;
  /** Messages that ended as dead letters (a signed rejection or the certificate's expiry). */
  deadLetters: number;
  /** The last 20 timeline events, newest first. */
  recentActivity: ActivityItem[];
  trustList: { version: number; ageSeconds: number };
};

const recentLimit = 20;

function zeroCounts(): StatusCounts {
  return Object.fromEntries(certificateStatuses.map((s) => [s, 0])) as StatusCounts;
}

/** Reads the dashboard figures (counts in SQL; nothing commercial leaves the node here). */
export async function readDashboard(ctx: NodeContext): Promise<Dashboard> {
  const db = ctx.storage.db;
  const nowMs = ctx.clock.now();
  const today = isoAt(nowMs).slice(0, 10);

  const certificates = { outgoing: zeroCounts(), incoming: zeroCounts() };
  const counts = await db
    .selectFrom('certificates')
    .select((eb) => ['direction', 'status', eb.fn.countAll<number>().as('count')])
    .groupBy(['direction', 'status'])
    .execute();
  for (const row of counts) {
    const side = certificates[row.direction];
    if (Object.hasOwn(side, row.status)) side[row.status as CertificateStatus] = Number(row.count);
  }

  const overdueSince = isoAt(nowMs - ctx.config.outbox.overdueAfterMs);
  const overdue = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('state', '=', 'pending')
    .where((eb) => eb.or([eb('overdue', '=', 1), eb('created_at', '<=', overdueSince)]))
    .executeTakeFirst();

  const unconfirmedSince = addDays(today, -ctx.config.console.overdueConfirmationDays);
  const overdueConfirmations = await db
    .selectFrom('certificates')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('direction', '=', 'incoming')
    .where('status', 'in', ['delivered', 'issued'])
    .where('issued_on', '<', unconfirmedSince)
    .executeTakeFirst();

  const dead = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('state', '=', 'dead')
    .executeTakeFirst();

  const events = await db
    .selectFrom('events')
    .select(['certificate_number', 'type', 'at', 'actor'])
    .orderBy('id', 'desc')
    .limit(recentLimit)
    .execute();

  const trust = ctx.trust.current();
  return {
    certificates,
    overdueDeliveries: Number(overdue?.count ?? 0),
    overdueConfirmations: Number(overdueConfirmations?.count ?? 0),
    deadLetters: Number(dead?.count ?? 0),
    recentActivity: events.map((e) => ({
      number: e.certificate_number,
      type: e.type,
      at: e.at,
      actor: e.actor,
    })),
    trustList: {
      version: trust.list.version,
      ageSeconds: Math.max(0, Math.floor((nowMs - trust.loadedAt) / 1000)),
    },
  };
}
