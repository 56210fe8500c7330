import * as z from 'zod';
import { centsToAmount, type Amount } from '../amount.js';
import {
  amountSchema,
  hsCodeSchema,
  originSchema,
  participantCodeSchema,
} from '../field-schemas.js';
import type { HsCode } from '../hs-codes.js';
import { KpxError } from '../kpx-error.js';
import { amountOfSum } from './exact-sum.js';
import { periodSchema } from './period-schema.js';
import { periodContains, periodOf } from './period.js';
import {
  aggregateOf,
  tradeCellKey,
  type TradeAggregate,
  type TradeGroupKey,
} from './trade-aggregate.js';
import type { TradeFact, TradeFlow } from './trade-fact.js';

/**
 * A row of the trade statistics (KPCS Annex III; `GET /api/v1/statistics`): one period, flow,
 * partner, HS subheading, origin and provenance. `certificates` counts the distinct
 * certificates with a line in this row; a certificate with several HS lines is in several
 * rows, so adding `certificates` across HS codes counts it several times — use
 * {@link totalsOf} for totals.
 */
export type TradeRow = {
  period: string;
  flow: TradeFlow;
  partner: string;
  hs: HsCode;
  origin: string;
  provenance: string;
  certificates: number;
  carats: Amount;
  valueUsd: Amount;
};

/** Totals over rows: distinct certificates (each once, whatever its HS lines), carats, US$. */
export type TradeTotals = { certificates: number; carats: Amount; valueUsd: Amount };

/**
 * Which figures to read. `period` (a quarter, half-year or year id) keeps the quarters inside
 * it and labels the rows with it, adding up its quarters — exact for certificates too, as a
 * certificate has one date. Without `period`, rows are per quarter.
 */
export type TradeFilter = { period?: string; flow?: TradeFlow; partner?: string };

/** Schema of a {@link TradeRow}. */
export const tradeRowSchema = z
  .strictObject({
    period: periodSchema,
    flow: z.enum(['export', 'import']).meta({
      description: 'export: by date of issue; import: by date of receipt (UTC).',
    }),
    partner: participantCodeSchema.describe(
      'The other Participant: destination of an export, exporter of an import.',
    ),
    hs: hsCodeSchema,
    origin: originSchema,
    provenance: participantCodeSchema.describe(
      'Participant of provenance: the last one the shipment was exported from.',
    ),
    certificates: z.int().min(0).meta({
      description:
        'Distinct certificates with a line in this row (a certificate with several HS lines is in several rows).',
    }),
    carats: amountSchema.describe('Carats, exact.'),
    valueUsd: amountSchema.describe('Value in US$, exact.'),
  })
  .meta({
    id: 'TradeRow',
    description:
      'Trade statistics row (KPCS Annex III): certificates, carats and US$ per period, flow, partner, HS, origin and provenance.',
  }) satisfies z.ZodType<TradeRow>;

/** Schema of {@link TradeTotals}. */
export const tradeTotalsSchema = z
  .strictObject({
    certificates: z.int().min(0).meta({
      description: 'Distinct certificates, each counted once whatever its HS lines.',
    }),
    carats: amountSchema.describe('Total carats, exact.'),
    valueUsd: amountSchema.describe('Total value in US$, exact.'),
  })
  .meta({
    id: 'TradeTotals',
    description: 'Totals of trade statistics rows; certificates are counted once each.',
  }) satisfies z.ZodType<TradeTotals>;

/**
 * The statistics rows of an aggregate, sorted by period, flow, partner, HS, origin and
 * provenance (code-unit order), rows of zero certificates left out.
 *
 * @throws KpxError `KPX_STATISTICS_INCONSISTENT` when a cell went negative (figures removed that
 * were never added: a missing fact), `KPX_TOTAL_TOO_LARGE` past the amount cap,
 * `KPX_PERIOD_INVALID` for a malformed `filter.period`.
 */
export function tradeRowsOf(aggregate: TradeAggregate, filter: TradeFilter = {}): TradeRow[] {
  const matches = matcher(filter);
  const merged = new Map<string, { row: TradeRow; carats: bigint; value: bigint }>();
  for (const cell of aggregate.lines.values()) {
    checkCell(cell, cell.certificates, [cell.caratsCents, cell.valueCents]);
    if (!matches(cell)) continue;
    const period = filter.period ?? cell.period;
    const key = tradeCellKey({ ...cell, period });
    const entry = merged.get(key);
    if (entry) {
      entry.row.certificates += cell.certificates;
      entry.carats += cell.caratsCents;
      entry.value += cell.valueCents;
    } else {
      const { flow, partner, hs, origin, provenance, certificates } = cell;
      merged.set(key, {
        row: {
          period,
          flow,
          partner,
          hs,
          origin,
          provenance,
          certificates,
          carats: '',
          valueUsd: '',
        },
        carats: cell.caratsCents,
        value: cell.valueCents,
      });
    }
  }
  const rows: TradeRow[] = [];
  for (const { row, carats, value } of merged.values()) {
    if (row.certificates === 0) continue;
    rows.push({ ...row, carats: amountOfSum(carats), valueUsd: amountOfSum(value) });
  }
  return rows.sort(compareRows);
}

/** The statistics rows of a list of signed facts: the full-scan reference of `tradeRowsOf`. */
export function aggregateTrade(facts: Iterable<TradeFact>, filter: TradeFilter = {}): TradeRow[] {
  return tradeRowsOf(aggregateOf(facts), filter);
}

/**
 * Totals of an aggregate (optionally filtered): carats and US$ summed over the rows, and
 * certificates counted once each from the group counts — not the sum of the rows'
 * `certificates`, which counts a certificate once per HS line.
 *
 * @throws KpxError as {@link tradeRowsOf}.
 */
export function totalsOf(aggregate: TradeAggregate, filter: TradeFilter = {}): TradeTotals {
  const matches = matcher(filter);
  let certificates = 0;
  for (const group of aggregate.groups.values()) {
    checkCell(group, group.certificates, []);
    if (matches(group)) certificates += group.certificates;
  }
  let carats = 0n;
  let value = 0n;
  for (const cell of aggregate.lines.values()) {
    checkCell(cell, cell.certificates, [cell.caratsCents, cell.valueCents]);
    if (!matches(cell)) continue;
    carats += cell.caratsCents;
    value += cell.valueCents;
  }
  return { certificates, carats: amountOfSum(carats), valueUsd: amountOfSum(value) };
}

function matcher(filter: TradeFilter): (key: TradeGroupKey) => boolean {
  const period = filter.period === undefined ? undefined : periodOf(filter.period);
  return (key) =>
    (filter.flow === undefined || key.flow === filter.flow) &&
    (filter.partner === undefined || key.partner === filter.partner) &&
    // A quarter lies inside the period when its first day does (periods nest).
    (period === undefined || periodContains(period, periodOf(key.period).start));
}

function checkCell(key: TradeGroupKey, certificates: number, amounts: readonly bigint[]): void {
  const negative = certificates < 0 || amounts.some((a) => a < 0n);
  const orphan = certificates === 0 && amounts.some((a) => a !== 0n);
  if (negative || orphan) {
    throw new KpxError('KPX_STATISTICS_INCONSISTENT', {
      detail: `Statistics cell ${tradeCellKey(key)} holds ${certificates} certificates and ${amounts.map(centsToAmount).join(' / ')}: figures were removed that were never added`,
    });
  }
}

const rowOrder = ['period', 'flow', 'partner', 'hs', 'origin', 'provenance'] as const;

function compareRows(a: TradeRow, b: TradeRow): number {
  for (const field of rowOrder) {
    if (a[field] !== b[field]) return a[field] < b[field] ? -1 : 1;
  }
  return 0;
}
