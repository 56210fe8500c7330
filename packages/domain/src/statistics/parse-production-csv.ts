import type { Amount } from '../amount.js';
import type { KpxCode } from '../error-codes.js';
import { textLimits } from '../field-schemas.js';
import { amountFromText } from './amount-text.js';
import { parseCsv, type CsvRecord } from './parse-csv.js';
import { parsePeriod } from './period.js';
import type { ProductionReturn } from './production-return-schema.js';

/** What is wrong in a CSV row: a stable code, the column (its header name; `''` for the row). */
export type CsvProblem = { code: KpxCode; column: string; message: string };

/**
 * The outcome for one CSV row: `row` as a spreadsheet numbers it (the header is row 1), `line`
 * the physical line it starts on; the value when the row is good, else every problem in it.
 */
export type CsvRowResult<T> =
  | { row: number; line: number; ok: true; value: T; problems: [] }
  | { row: number; line: number; ok: false; problems: CsvProblem[] };

/** One row of a production CSV: a half-year's production of the Participant. */
export type ProductionCsvValue = {
  period: string;
  carats: Amount;
  valueUsd: Amount;
  notes?: string;
};

/** The columns of a production CSV, in their canonical spelling; `notes` is optional. */
export const productionCsvColumns = Object.freeze([
  'period',
  'carats',
  'valueUsd',
  'notes',
] as const);

type Column = (typeof productionCsvColumns)[number];
type Layout = Map<Column, number>;

const amountHint =
  'a number with at most two decimals and a point as decimal separator, no thousands separators, like 1520.35';

/**
 * Reads a production return typed in a spreadsheet: CSV (RFC 4180, see `parseCsv`) whose
 * first row is the header `period,carats,valueUsd[,notes]` (any order, any letter case), then
 * one row per half-year. Gives one result per row: the header's when it is wrong (and nothing
 * else, since no row can be read without it), otherwise one per data row, good or bad, with
 * every problem of a bad row and its column. Amounts as `amountFromText` (`1520`, `1520.5`
 * and `1520.35` are taken; nothing is rounded). A period given on an earlier row is refused.
 * Empty trailing cells (a spreadsheet's extra commas) are ignored. Never throws.
 */
export function parseProductionCsv(text: string): CsvRowResult<ProductionCsvValue>[] {
  if (typeof text !== 'string') {
    return [
      fail(1, 1, [{ code: 'KPX_TYPE_INVALID', column: '', message: 'The CSV must be text.' }]),
    ];
  }
  const records = parseCsv(text);
  const header = records[0];
  if (!header) {
    return [
      fail(1, 1, [
        {
          code: 'KPX_FIELD_REQUIRED',
          column: '',
          message:
            'The file is empty: the first row must be the header period,carats,valueUsd (and notes, if wanted).',
        },
      ]),
    ];
  }
  const layout = readHeader(header);
  if (!(layout instanceof Map)) return [fail(header.row, header.line, layout)];
  const periods = new Map<string, number>();
  return records.slice(1).map((record) => readRow(record, layout, periods));
}

/** The production return of one CSV row: the Participant's production as one entry. */
export function productionReturnOf(value: ProductionCsvValue): ProductionReturn {
  const { period, carats, valueUsd, notes } = value;
  return { period, entries: [{ carats, valueUsd, ...(notes === undefined ? {} : { notes }) }] };
}

function readHeader(record: CsvRecord): Layout | CsvProblem[] {
  if (record.error) {
    return [{ code: 'KPX_CSV_INVALID', column: '', message: `Header: ${record.error.message}` }];
  }
  const problems: CsvProblem[] = [];
  const layout: Layout = new Map();
  record.fields.forEach((raw, index) => {
    const name = raw.trim();
    if (name === '' && record.fields.slice(index).every((f) => f.trim() === '')) return;
    const column = productionCsvColumns.find((c) => c.toLowerCase() === name.toLowerCase());
    if (column === undefined) {
      problems.push({
        code: 'KPX_FIELD_UNKNOWN',
        column: name,
        message: `Header column ${index + 1} "${name.slice(0, 40)}" is not one of period, carats, valueUsd, notes.`,
      });
    } else if (layout.has(column)) {
      problems.push({
        code: 'KPX_CSV_INVALID',
        column,
        message: `Header column ${index + 1}: "${column}" appears twice.`,
      });
    } else layout.set(column, index);
  });
  for (const column of productionCsvColumns) {
    if (column !== 'notes' && !layout.has(column)) {
      problems.push({
        code: 'KPX_FIELD_REQUIRED',
        column,
        message: `The header has no "${column}" column; it must be period,carats,valueUsd (and notes, if wanted).`,
      });
    }
  }
  return problems.length > 0 ? problems : layout;
}

function readRow(
  record: CsvRecord,
  layout: Layout,
  periods: Map<string, number>,
): CsvRowResult<ProductionCsvValue> {
  const nameAt = (position: number) =>
    [...layout].find(([, index]) => index === position - 1)?.[0] ?? '';
  if (record.error) {
    const column = nameAt(record.error.column);
    return fail(record.row, record.line, [
      { code: 'KPX_CSV_INVALID', column, message: record.error.message },
    ]);
  }
  const problems: CsvProblem[] = [];
  const width = Math.max(...layout.values()) + 1;
  if (record.fields.slice(width).some((f) => f.trim() !== '')) {
    problems.push({
      code: 'KPX_CSV_INVALID',
      column: '',
      message: `The row has ${record.fields.length} cells but the header only ${width}.`,
    });
  }
  const cell = (column: Column) => {
    const index = layout.get(column);
    return index === undefined ? undefined : (record.fields[index] ?? '').trim();
  };

  const period = cell('period') ?? '';
  if (period === '') {
    problems.push({
      code: 'KPX_FIELD_REQUIRED',
      column: 'period',
      message: 'The period is missing; write a half-year like 2026-H1.',
    });
  } else {
    const parsed = parsePeriod(period);
    const earlier = periods.get(period);
    if (!parsed.ok || parsed.value.kind !== 'half') {
      problems.push({
        code: 'KPX_PERIOD_INVALID',
        column: 'period',
        message: `The period must be a half-year like 2026-H1 or 2026-H2; got "${period.slice(0, 40)}".`,
      });
    } else if (earlier !== undefined) {
      problems.push({
        code: 'KPX_PERIOD_INVALID',
        column: 'period',
        message: `The period ${period} is already given on row ${earlier}; give each half-year once.`,
      });
    } else periods.set(period, record.row);
  }

  const amount = (column: 'carats' | 'valueUsd', negative: KpxCode): Amount | undefined => {
    const read = amountFromText(cell(column) ?? '');
    if (read.ok) return read.amount;
    const label = column === 'carats' ? 'Carats' : 'The value in US$';
    if (read.reason === 'empty') {
      problems.push({
        code: 'KPX_FIELD_REQUIRED',
        column,
        message: `${label} is missing; write 0 if nothing was produced.`,
      });
    } else if (read.reason === 'negative') {
      problems.push({
        code: negative,
        column,
        message: `${label} must not be negative; got ${cell(column) ?? ''}.`,
      });
    } else {
      problems.push({
        code: 'KPX_AMOUNT_INVALID',
        column,
        message: `${label} must be ${amountHint}; got "${(cell(column) ?? '').slice(0, 40)}".`,
      });
    }
    return undefined;
  };
  const carats = amount('carats', 'KPX_AMOUNT_INVALID');
  const valueUsd = amount('valueUsd', 'KPX_VALUE_NEGATIVE');

  const notes = cell('notes') ?? '';
  if (notes.length > textLimits.remarks) {
    problems.push({
      code: 'KPX_STRING_TOO_LONG',
      column: 'notes',
      message: `The notes must be at most ${textLimits.remarks} characters (got ${notes.length}).`,
    });
  }

  if (problems.length > 0 || carats === undefined || valueUsd === undefined) {
    return fail(record.row, record.line, problems);
  }
  const value: ProductionCsvValue = {
    period,
    carats,
    valueUsd,
    ...(notes === '' ? {} : { notes }),
  };
  return { row: record.row, line: record.line, ok: true, value, problems: [] };
}

function fail(row: number, line: number, problems: CsvProblem[]): CsvRowResult<never> {
  return { row, line, ok: false, problems };
}
