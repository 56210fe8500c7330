import { KpxError, type CsvProblem } from '@kpx/domain';
import { z } from 'zod';
import type { Principal } from '../auth/principal.js';
import type { NodeContext } from '../node-context.js';
import { parseWith } from '../validation/parse-with.js';
import { readApplicationsCsv } from './application-csv.js';
import { checkApplication } from './check-application.js';
import { storeApplication } from './submit-application.js';
import { activeCompany, applyingCompanyId } from './trader-scope.js';

/** The outcome of one CSV row: the application it became, or every problem with its column. */
export type BulkRowResult = {
  row: number;
  line: number;
  reference?: string;
  ok: boolean;
  id?: string;
  problems: CsvProblem[];
};

/** The answer of a bulk upload. */
export type BulkOutcome = { accepted: number; refused: number; results: BulkRowResult[] };

/** `422 KPX_CSV_INVALID` for a CSV that cannot be read at all, with the `results` extension. */
export class BulkCsvError extends KpxError {
  readonly results: BulkRowResult[];
  constructor(results: BulkRowResult[], detail: string) {
    super('KPX_CSV_INVALID', { detail });
    this.results = results;
  }
}

/** What `POST /api/v1/applications/bulk` reads as JSON. */
export const bulkInputSchema = z
  .strictObject({
    csv: z.string().meta({ description: 'The applications CSV (header first).' }),
    documents: z
      .record(z.string().max(200), z.string())
      .optional()
      .meta({ description: 'PDF documents by file name, base64; the CSV names them.' }),
  })
  .meta({ id: 'ApplicationBulkRequest' });

/**
 * A trader's bulk upload (`POST /api/v1/applications/bulk`): one application per CSV row, each
 * checked exactly like a single submission and stored on its own — a bad row does not hold back
 * the good ones. Answers every row's result: `ok` with the new application's `id`, or each
 * problem with its code and column. A header that cannot be read, or more rows than
 * `applications.maxBulkRows`, is `422 KPX_CSV_INVALID` and nothing is stored.
 */
export async function bulkApplications(
  ctx: NodeContext,
  request: { body: unknown; actor: string; principal: Principal },
): Promise<BulkOutcome> {
  const companyId = applyingCompanyId(request.principal);
  const input = parseWith(bulkInputSchema, request.body);
  const company = await activeCompany(ctx, companyId);
  const read = readApplicationsCsv(
    input.csv,
    company,
    new Map(Object.entries(input.documents ?? {})),
  );
  if (!read.header)
    throw new BulkCsvError(
      [{ row: 1, line: 1, ok: false, problems: read.problems }],
      'The header row cannot be read',
    );
  const max = ctx.config.applications.maxBulkRows;
  if (read.rows.length > max)
    throw new BulkCsvError([], `At most ${max} rows per upload; send the rest in another`);

  const results: BulkRowResult[] = [];
  for (const row of read.rows) {
    const base = {
      row: row.row,
      line: row.line,
      ...(row.reference === undefined ? {} : { reference: row.reference }),
    };
    if (!row.ok) {
      results.push({ ...base, ok: false, problems: row.problems });
      continue;
    }
    const nowMs = ctx.clock.now();
    const checked = checkApplication(ctx, company, row.input, nowMs);
    if (!checked.ok) {
      results.push({
        ...base,
        ok: false,
        problems: checked.problems.map((p) => ({
          code: p.code,
          column: row.columnOf(p.path),
          message: p.message,
        })),
      });
      continue;
    }
    const record = await storeApplication(ctx, {
      companyId,
      draft: checked.draft,
      documents: checked.documents,
      actor: request.actor,
      nowMs,
      via: 'csv',
    });
    results.push({ ...base, ok: true, id: record.id, problems: [] });
  }
  const accepted = results.filter((r) => r.ok).length;
  return { accepted, refused: results.length - accepted, results };
}
