import { toCsv, type TradeFlow, type TradeRow } from '@kpx/domain';
import type { StatisticsReport } from './get-statistics.js';

type CsvRow = Omit<TradeRow, 'flow' | 'hs'> & { flow: TradeFlow; hs: string };

/** The columns of the statistics CSV, in order (the `TradeRow` fields). */
export const statisticsCsvColumns = [
  'period',
  'flow',
  'partner',
  'hs',
  'origin',
  'provenance',
  'certificates',
  'carats',
  'valueUsd',
] as const satisfies readonly (keyof CsvRow)[];

/** What the `partner` column holds on a flow's totals line. */
export const csvTotalLabel = 'TOTAL';

/**
 * The statistics as CSV (RFC 4180, via the domain's `toCsv`: CRLF, formula guard): one line
 * per row, then per flow a totals line with `partner` = `TOTAL` and empty HS, origin and
 * provenance — its `certificates` counts each certificate once, which adding up the rows'
 * counts would not (a certificate with several HS lines is in several rows). Amounts are the
 * exact decimal strings.
 */
export function statisticsCsv(report: StatisticsReport): string {
  const rows: CsvRow[] = [...report.rows];
  for (const flow of report.flows) {
    const t = report.totals[flow];
    if (t === undefined) continue;
    rows.push({
      period: report.period,
      flow,
      partner: csvTotalLabel,
      hs: '',
      origin: '',
      provenance: '',
      certificates: t.certificates,
      carats: t.carats,
      valueUsd: t.valueUsd,
    });
  }
  return toCsv(rows, statisticsCsvColumns);
}
