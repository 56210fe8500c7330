import {
  quarterSchema,
  tradeRowSchema,
  tradeTotalsSchema,
  type TradeRow,
  type TradeTotals,
} from '@kpx/domain';
import { z } from 'zod';

/** The authority id returns are addressed to: the registry (`to` of a `statistics.return`). */
export const registryAuthority = 'KP-REGISTRY';

/**
 * The body of a `statistics.return` envelope, as a node sends it: an authority's quarterly trade
 * return (KPCS section V, Annex III) — every row of the quarter, both flows, by partner × HS ×
 * origin × provenance (the domain's `TradeRow`), and the totals per flow (each certificate once).
 */
export type StatisticsReturnBody = {
  period: string;
  participant: string;
  rows: TradeRow[];
  totals: { export: TradeTotals; import: TradeTotals };
};

/** Most rows in one return: partners × HS × origins × provenances, generously. */
export const maxReturnRows = 20_000;

/** Schema of {@link StatisticsReturnBody}: what the registry accepts in a return. */
export const statisticsReturnBodySchema = z
  .strictObject({
    period: quarterSchema,
    participant: z.string().regex(/^[A-Z]{2}$/),
    rows: z.array(tradeRowSchema).max(maxReturnRows),
    totals: z.strictObject({ export: tradeTotalsSchema, import: tradeTotalsSchema }),
  })
  .meta({ id: 'StatisticsReturnBody' }) satisfies z.ZodType<StatisticsReturnBody>;
