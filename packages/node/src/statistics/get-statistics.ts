import {
  KpxError,
  parsePeriod,
  totalsOf,
  tradeRowsOf,
  type Period,
  type TradeAggregate,
  type TradeFlow,
  type TradeRow,
  type TradeTotals,
} from '@kpx/domain';
import type { NodeContext } from '../node-context.js';
import { statisticsDb } from './statistics-tables.js';
import { quartersOf, readTradeAggregate } from './trade-aggregate-store.js';

/** What `GET /api/v1/statistics` asks for: a period (quarter, half-year or year) and a flow. */
export type StatisticsQuery = { period: string; flow?: TradeFlow };

/** Totals per flow: each certificate counted once, carats and US$ exact. */
export type FlowTotals = { export?: TradeTotals; import?: TradeTotals };

/**
 * The trade statistics of this node's authority for a period (KPCS section V, Annex III):
 * exports by date of issue and imports by date of receipt (UTC), by partner × HS × origin ×
 * provenance, with totals per flow.
 */
export type StatisticsReport = {
  period: string;
  start: string;
  end: string;
  participant: string;
  authority: string;
  flows: TradeFlow[];
  rows: TradeRow[];
  totals: FlowTotals;
};

/** The Participant this node's authority belongs to. */
export function ownParticipant(ctx: NodeContext): string {
  return (
    ctx.trust.current().directory.authority(ctx.authority)?.participant ??
    ctx.authority.split('-')[0] ??
    ctx.authority
  );
}

/** Parses a period id; `KPX_PERIOD_INVALID` (422) naming the accepted forms. */
export function requirePeriod(input: unknown, path = '/period'): Period {
  const parsed = parsePeriod(input, path);
  if (!parsed.ok) {
    throw new KpxError('KPX_PERIOD_INVALID', {
      detail: parsed.problems[0]?.message ?? 'invalid period',
      problems: parsed.problems,
    });
  }
  return parsed.value;
}

/** Rows and totals of a stored aggregate for a period (and flow): the domain's readers. */
export function reportOf(
  aggregate: TradeAggregate,
  period: Period,
  flows: readonly TradeFlow[],
): Pick<StatisticsReport, 'rows' | 'totals'> {
  const rows = flows.flatMap((flow) => tradeRowsOf(aggregate, { period: period.id, flow }));
  const totals: FlowTotals = {};
  for (const flow of flows) totals[flow] = totalsOf(aggregate, { period: period.id, flow });
  return { rows, totals };
}

/**
 * Reads the statistics of a period from the maintained aggregate (only the cells of the
 * period's quarters; no certificate is read).
 *
 * @throws KpxError `KPX_PERIOD_INVALID` for a malformed period.
 */
export async function getStatistics(
  ctx: NodeContext,
  query: StatisticsQuery,
): Promise<StatisticsReport> {
  const period = requirePeriod(query.period);
  const flows: TradeFlow[] = query.flow === undefined ? ['export', 'import'] : [query.flow];
  const aggregate = await readTradeAggregate(statisticsDb(ctx.storage.db), quartersOf(period));
  return {
    period: period.id,
    start: period.start,
    end: period.end,
    participant: ownParticipant(ctx),
    authority: ctx.authority,
    flows,
    ...reportOf(aggregate, period, flows),
  };
}
