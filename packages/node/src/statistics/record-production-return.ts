import {
  KpxError,
  parseProductionCsv,
  productionReturnOf,
  validateProductionReturn,
  type CsvProblem,
  type ProductionReturn,
} from '@kpx/domain';
import { appendAudit } from '../audit/append-audit.js';
import type { NodeContext } from '../node-context.js';
import { isoAt } from '../runtime/clock.js';
import { statisticsDb, type StatisticsDb } from './statistics-tables.js';

/** The outcome of one CSV row: `row` as a spreadsheet numbers it (the header is row 1). */
export type ProductionRowResult = { row: number; ok: boolean; problems: CsvProblem[] };

/** A stored production return. */
export type StoredProductionReturn = ProductionReturn & {
  source: 'json' | 'csv';
  recordedAt: string;
  recordedBy: string;
};

/** The answer of `POST /api/v1/production`. */
export type RecordedProduction = {
  results: ProductionRowResult[];
  returns: StoredProductionReturn[];
};

/**
 * `422` for a CSV upload with any bad row: every row's result (`results`, an RFC 9457
 * extension member), and nothing is stored.
 */
export class ProductionCsvError extends KpxError {
  readonly results: ProductionRowResult[];
  constructor(results: ProductionRowResult[], detail: string) {
    super('KPX_CSV_INVALID', { detail });
    this.results = results;
  }
}

/** Input of {@link recordProductionReturn}: a JSON return, or CSV text from a spreadsheet. */
export type ProductionInput =
  { kind: 'json'; body: unknown; actor: string } | { kind: 'csv'; text: string; actor: string };

/**
 * Records half-year production returns (KPCS Annex III; `POST /api/v1/production`), entered by
 * an analyst as JSON `{ period: "2026-H1", entries }` or uploaded as CSV (one row per
 * half-year: `period,carats,valueUsd[,notes]`). All or nothing: a JSON return with any problem
 * is `KPX_VALIDATION_FAILED` with every problem; a CSV with any bad row is `KPX_CSV_INVALID`
 * with the result of every row; then nothing is stored. A period already returned is replaced
 * (the latest return counts), and each return is written to the audit log.
 */
export async function recordProductionReturn(
  ctx: NodeContext,
  input: ProductionInput,
): Promise<RecordedProduction> {
  let returns: ProductionReturn[];
  let results: ProductionRowResult[];
  if (input.kind === 'json') {
    const checked = validateProductionReturn(input.body);
    if (!checked.ok) throw new KpxError('KPX_VALIDATION_FAILED', { problems: checked.problems });
    returns = [checked.value];
    results = [];
  } else {
    const rows = parseProductionCsv(input.text);
    results = rows.map((r) => ({ row: r.row, ok: r.ok, problems: r.problems }));
    const bad = rows.filter((r) => !r.ok).length;
    if (bad > 0) {
      throw new ProductionCsvError(
        results,
        `${bad} of ${rows.length} rows cannot be read; nothing was stored`,
      );
    }
    if (rows.length === 0) {
      throw new ProductionCsvError(results, 'The CSV has a header but no rows; nothing was stored');
    }
    returns = rows.flatMap((r) => (r.ok ? [productionReturnOf(r.value)] : []));
  }
  const source = input.kind;
  return ctx.storage.transactor.transact(async (uow) => {
    const db = statisticsDb(uow.db);
    const at = isoAt(ctx.clock.now());
    const stored: StoredProductionReturn[] = [];
    for (const r of returns) {
      await db
        .insertInto('production_returns')
        .values({
          period: r.period,
          entries_json: JSON.stringify(r.entries),
          source,
          recorded_at: at,
          recorded_by: input.actor,
        })
        .onConflict((oc) =>
          oc.column('period').doUpdateSet({
            entries_json: JSON.stringify(r.entries),
            source,
            recorded_at: at,
            recorded_by: input.actor,
          }),
        )
        .execute();
      await appendAudit(uow.db, {
        at,
        actor: input.actor,
        action: 'production.record',
        subject: r.period,
        data: { source, entries: r.entries.length },
      });
      stored.push({ ...r, source, recordedAt: at, recordedBy: input.actor });
    }
    return { results, returns: stored };
  });
}

/** The stored production returns, all or of one half-year, by period. */
export async function listProductionReturns(
  ctx: NodeContext,
  period?: string,
): Promise<StoredProductionReturn[]> {
  return readProductionReturns(statisticsDb(ctx.storage.db), period);
}

async function readProductionReturns(
  db: StatisticsDb,
  period?: string,
): Promise<StoredProductionReturn[]> {
  let query = db.selectFrom('production_returns').selectAll().orderBy('period');
  if (period !== undefined) query = query.where('period', '=', period);
  return (await query.execute()).map((r) => ({
    period: r.period,
    entries: JSON.parse(r.entries_json) as ProductionReturn['entries'],
    source: r.source as 'json' | 'csv',
    recordedAt: r.recorded_at,
    recordedBy: r.recorded_by,
  }));
}
