import {
  KpxError,
  amountToCents,
  centsToAmount,
  hsCodeValues,
  maxAmountCents,
  parsePeriod,
  participantByCode,
  type HsCode,
  type TradeFlow,
} from '@kpx/domain';
import type { RegistryContext } from '../registry/registry-context.js';
import type { StatisticsReturnBody } from './statistics-return-schema.js';
import { statisticsDb } from './statistics-tables.js';

/** Certificates, carats and US$ (exact decimals). */
export type Figures = { certificates: number; carats: string; valueUsd: string };

/** One flow of one Participant: per HS subheading, and in total (each certificate once). */
export type FlowFigures = { byHs: Array<{ hs: HsCode } & Figures>; totals: Figures };

/** One Participant's line of the global table. */
export type ParticipantFigures = {
  participant: string;
  name: string;
  /** The returns it is assembled from: the latest of each authority for each quarter. */
  returns: Array<{ authority: string; period: string; messageId: string; createdAt: string }>;
  exports: FlowFigures;
  imports: FlowFigures;
};

/** `GET /statistics/global`: every Participant's returns for a period, assembled. */
export type GlobalStatistics = {
  period: string;
  start: string;
  end: string;
  /** Quarters of the period (a half-year or year adds its quarters up). */
  quarters: string[];
  participants: ParticipantFigures[];
  totals: { exports: Figures; imports: Figures };
};

type Sum = { certificates: number; carats: bigint; value: bigint };
const zero = (): Sum => ({ certificates: 0, carats: 0n, value: 0n });

function add(sum: Sum, f: { certificates: number; carats: string; valueUsd: string }): void {
  sum.certificates += f.certificates;
  sum.carats += amountToCents(f.carats);
  sum.value += amountToCents(f.valueUsd);
}

function figures(sum: Sum): Figures {
  for (const v of [sum.carats, sum.value]) {
    if (v > maxAmountCents) {
      throw new KpxError('KPX_TOTAL_TOO_LARGE', { detail: `${centsToAmount(v)} exceeds the cap` });
    }
  }
  return {
    certificates: sum.certificates,
    carats: centsToAmount(sum.carats),
    valueUsd: centsToAmount(sum.value),
  };
}

function quartersOf(start: string, end: string): string[] {
  const year = start.slice(0, 4);
  const out: string[] = [];
  for (
    let q = Math.ceil(Number(start.slice(5, 7)) / 3);
    q <= Math.ceil(Number(end.slice(5, 7)) / 3);
    q += 1
  ) {
    out.push(`${year}-Q${q}`);
  }
  return out;
}

/**
 * The global table of a period (a quarter, half-year or year): per Participant, exports and
 * imports in carats and US$ by HS subheading, with totals, from the latest return of each of
 * its authorities for each quarter — exact decimals (bigint hundredths) throughout. A
 * Participant with several authorities (the EU's seven) is their sum: a certificate belongs to
 * one authority and one quarter, so counts add up exactly; per HS a certificate counts once in
 * each subheading it has a line in. World totals are the sums over Participants.
 *
 * @throws KpxError `KPX_PERIOD_INVALID` for a malformed period.
 */
export async function globalStatistics(
  ctx: RegistryContext,
  periodId: unknown,
): Promise<GlobalStatistics> {
  const parsed = parsePeriod(periodId, '/period');
  if (!parsed.ok) {
    throw new KpxError('KPX_PERIOD_INVALID', {
      detail: parsed.problems[0]?.message ?? 'invalid period',
      problems: parsed.problems,
    });
  }
  const period = parsed.value;
  const quarters = quartersOf(period.start, period.end);
  const rows = await statisticsDb(ctx.db)
    .selectFrom('statistics_returns')
    .selectAll()
    .where('period', 'in', quarters)
    .orderBy('participant')
    .orderBy('authority')
    .orderBy('period')
    .execute();

  type Work = {
    returns: ParticipantFigures['returns'];
    flows: Record<TradeFlow, { byHs: Map<HsCode, Sum>; totals: Sum }>;
  };
  const byParticipant = new Map<string, Work>();
  const world = { export: zero(), import: zero() };
  for (const row of rows) {
    const body = JSON.parse(row.body_json) as StatisticsReturnBody;
    let work = byParticipant.get(row.participant);
    if (work === undefined) {
      work = {
        returns: [],
        flows: {
          export: { byHs: new Map(), totals: zero() },
          import: { byHs: new Map(), totals: zero() },
        },
      };
      byParticipant.set(row.participant, work);
    }
    work.returns.push({
      authority: row.authority,
      period: row.period,
      messageId: row.message_id,
      createdAt: row.created_at,
    });
    for (const r of body.rows) {
      const flow = work.flows[r.flow];
      let sum = flow.byHs.get(r.hs);
      if (sum === undefined) {
        sum = zero();
        flow.byHs.set(r.hs, sum);
      }
      add(sum, r);
    }
    for (const flow of ['export', 'import'] as const) {
      add(work.flows[flow].totals, body.totals[flow]);
      add(world[flow], body.totals[flow]);
    }
  }
  const flowFigures = (f: Work['flows'][TradeFlow]): FlowFigures => ({
    byHs: hsCodeValues.flatMap((hs) => {
      const sum = f.byHs.get(hs);
      return sum === undefined ? [] : [{ hs, ...figures(sum) }];
    }),
    totals: figures(f.totals),
  });
  return {
    period: period.id,
    start: period.start,
    end: period.end,
    quarters,
    participants: [...byParticipant.entries()].map(([participant, work]) => ({
      participant,
      name: participantByCode(participant)?.names.en ?? participant,
      returns: work.returns,
      exports: flowFigures(work.flows.export),
      imports: flowFigures(work.flows.import),
    })),
    totals: { exports: figures(world.export), imports: figures(world.import) },
  };
}
