import { KpxError, type TradeRow, type TradeTotals } from '@kpx/domain';
import { appendAudit } from '../audit/append-audit.js';
import type { NodeContext } from '../node-context.js';
import { enqueueMessage } from '../outbox/enqueue-message.js';
import { isoAt } from '../runtime/clock.js';
import { repositories } from '../storage/repositories.js';
import { ownParticipant, reportOf, requirePeriod } from './get-statistics.js';
import { registryAuthority, registryUrlOf } from './registry-authority.js';
import { statisticsDb } from './statistics-tables.js';
import { quartersOf, readTradeAggregate } from './trade-aggregate-store.js';
import type { Kysely } from 'kysely';
import type { KpxDatabase } from '../storage/database-schema.js';

/**
 * The body of a `statistics.return` envelope: an authority's quarterly trade return (KPCS
 * section V, Annex III) — every row of the quarter (both flows, by partner × HS × origin ×
 * provenance) and the totals per flow (each certificate counted once). `participant` is the
 * authority's Participant; the registry checks it against the sender.
 */
export type StatisticsReturnBody = {
  period: string;
  participant: string;
  rows: TradeRow[];
  totals: { export: TradeTotals; import: TradeTotals };
};

/** The answer of `POST /api/v1/statistics/returns` (`202`: queued for the registry). */
export type QueuedStatisticsReturn = {
  messageId: string;
  period: string;
  to: string;
  endpoint: string;
  rows: number;
  totals: StatisticsReturnBody['totals'];
};

/** The outbox subject of a period's returns (messages of one subject go out in order). */
export const returnSubject = (period: string): string => `statistics.return/${period}`;

/**
 * Builds the quarterly return of this node's authority from the maintained aggregate (the
 * quarter's cells only: no certificate is read).
 *
 * @throws KpxError `KPX_PERIOD_INVALID` unless `period` is a quarter (`2026-Q3`).
 */
export async function buildStatisticsReturn(
  ctx: NodeContext,
  periodId: string,
  db: Kysely<KpxDatabase> = ctx.storage.db,
): Promise<StatisticsReturnBody> {
  const period = requirePeriod(periodId);
  if (period.kind !== 'quarter') {
    throw new KpxError('KPX_PERIOD_INVALID', {
      detail: `A trade return is quarterly (KPCS Annex III): give a quarter like 2026-Q3, not ${period.id}`,
      problems: [
        { code: 'KPX_PERIOD_INVALID', path: '/period', message: 'A quarter like 2026-Q3.' },
      ],
    });
  }
  const aggregate = await readTradeAggregate(statisticsDb(db), quartersOf(period));
  const { rows, totals } = reportOf(aggregate, period, ['export', 'import']);
  return {
    period: period.id,
    participant: ownParticipant(ctx),
    rows,
    totals: { export: totals.export!, import: totals.import! },
  };
}

/**
 * Sends the quarterly return to the registry as a signed `statistics.return` envelope through
 * the outbox (signed once, retried until the registry's signed receipt comes back, like every
 * message), addressed to `KP-REGISTRY` at `statistics.registryUrl` (default: the registry the
 * trust list comes from). Built and queued in one transaction, with an audit entry. Sending
 * again sends the figures as they are now; the registry keeps the latest per authority and
 * quarter.
 *
 * @throws KpxError `KPX_PERIOD_INVALID` unless a quarter; `KPX_CONFIG_INVALID` when the node
 * knows no registry.
 */
export async function sendStatisticsReturn(
  ctx: NodeContext,
  request: { period: unknown; actor: string },
): Promise<QueuedStatisticsReturn> {
  if (typeof request.period !== 'string') {
    throw new KpxError('KPX_PERIOD_INVALID', {
      detail: 'Give the quarter to return, like {"period":"2026-Q3"}',
      problems: [
        { code: 'KPX_PERIOD_INVALID', path: '/period', message: 'A quarter like 2026-Q3.' },
      ],
    });
  }
  const periodId = request.period;
  const endpoint = registryUrlOf(ctx.config);
  if (endpoint === undefined) {
    throw new KpxError('KPX_CONFIG_INVALID', {
      detail:
        'No registry to send the return to: set statistics.registryUrl (or trustList.registryUrl)',
    });
  }
  return ctx.storage.transactor.transact(async (uow) => {
    const body = await buildStatisticsReturn(ctx, periodId, uow.db);
    const repos = repositories(uow.db, ctx.ids);
    const messageId = await enqueueMessage(ctx, uow, repos, {
      type: 'statistics.return',
      to: registryAuthority,
      subject: returnSubject(body.period),
      body,
      endpoint,
    });
    if (messageId === undefined) throw new KpxError('KPX_INTERNAL');
    await appendAudit(uow.db, {
      at: isoAt(ctx.clock.now()),
      actor: request.actor,
      action: 'statistics.return',
      subject: body.period,
      data: {
        messageId,
        to: registryAuthority,
        rows: body.rows.length,
        exports: body.totals.export,
        imports: body.totals.import,
      },
    });
    return {
      messageId,
      period: body.period,
      to: registryAuthority,
      endpoint,
      rows: body.rows.length,
      totals: body.totals,
    };
  });
}
