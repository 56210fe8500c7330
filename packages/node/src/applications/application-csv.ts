import { amountFromText, parseCsv, type CsvProblem, type CsvRecord } from '@kpx/domain';
import type { AttachmentInput } from './attachments.js';
import { pdfMediaType } from './attachments.js';
import type { Company } from './company-schemas.js';

/**
 * The columns of an applications CSV (docs/applications.md), in their canonical spelling; the
 * header may give them in any order and letter case. One row is one application; the exporter
 * is the uploading company itself. Up to three HS lines: `hs,carats,valueUsd`, then
 * `hs2,carats2,valueUsd2`, `hs3,…`. `transit` lists Participant codes separated by `;`.
 * `invoice` and `packingList` name PDF documents sent with the upload.
 */
export const applicationCsvColumns = Object.freeze([
  'reference',
  'importingParticipant',
  'importingAuthority',
  'importerName',
  'importerAddress',
  'importerLicence',
  'origin',
  'parcels',
  'hs',
  'carats',
  'valueUsd',
  'hs2',
  'carats2',
  'valueUsd2',
  'hs3',
  'carats3',
  'valueUsd3',
  'expiresOn',
  'transit',
  'invoice',
  'packingList',
] as const);
export type ApplicationCsvColumn = (typeof applicationCsvColumns)[number];

const requiredColumns: readonly ApplicationCsvColumn[] = [
  'importingParticipant',
  'importerName',
  'importerAddress',
  'origin',
  'parcels',
  'hs',
  'carats',
  'valueUsd',
  'invoice',
  'packingList',
];

/** A CSV row read into an application's input, or its problems. */
export type CsvApplicationRow =
  | {
      row: number;
      line: number;
      reference?: string;
      ok: true;
      input: { draft: unknown; attachments: AttachmentInput[] };
      /** Which column each draft or document path came from, for the checks that follow. */
      columnOf: (path: string) => string;
    }
  | { row: number; line: number; reference?: string; ok: false; problems: CsvProblem[] };

type Layout = Map<ApplicationCsvColumn, number>;

/** The header's layout, or the problems of a header that cannot be read. */
function readHeader(header: CsvRecord): Layout | CsvProblem[] {
  const byLowerCase = new Map(applicationCsvColumns.map((c) => [c.toLowerCase(), c] as const));
  const layout: Layout = new Map();
  const problems: CsvProblem[] = [];
  header.fields.forEach((raw, index) => {
    const name = raw.trim();
    if (name === '') return;
    const column = byLowerCase.get(name.toLowerCase());
    if (column === undefined)
      problems.push({
        code: 'KPX_FIELD_UNKNOWN',
        column: name,
        message: `Unknown column ${name}.`,
      });
    else if (layout.has(column))
      problems.push({ code: 'KPX_CSV_INVALID', column: name, message: `${column} appears twice.` });
    else layout.set(column, index);
  });
  for (const column of requiredColumns)
    if (!layout.has(column))
      problems.push({ code: 'KPX_FIELD_REQUIRED', column, message: `The header lacks ${column}.` });
  return problems.length > 0 ? problems : layout;
}

// Where a problem of the draft or the documents is shown: the CSV column it came from.
const pathColumns: ReadonlyArray<[RegExp, string]> = [
  [/^\/draft\/importingParticipant/, 'importingParticipant'],
  [/^\/draft\/importingAuthority/, 'importingAuthority'],
  [/^\/draft\/importer\/name/, 'importerName'],
  [/^\/draft\/importer\/address/, 'importerAddress'],
  [/^\/draft\/importer\/licence/, 'importerLicence'],
  [/^\/draft\/origin/, 'origin'],
  [/^\/draft\/parcels/, 'parcels'],
  [/^\/draft\/expiresOn/, 'expiresOn'],
  [/^\/draft\/transit/, 'transit'],
  [/^\/attachments\/0/, 'invoice'],
  [/^\/attachments\/1/, 'packingList'],
];

function columnOfPath(
  path: string,
  lineColumns: readonly (readonly [string, string, string])[],
): string {
  const item = /^\/draft\/items\/([0-9]+)(?:\/(hs|carats|valueUsd))?/.exec(path);
  if (item !== null) {
    const names = lineColumns[Number(item[1])];
    if (names === undefined) return 'hs';
    return item[2] === 'carats' ? names[1] : item[2] === 'valueUsd' ? names[2] : names[0];
  }
  return pathColumns.find(([pattern]) => pattern.test(path))?.[1] ?? '';
}

const lineGroups = [
  ['hs', 'carats', 'valueUsd'],
  ['hs2', 'carats2', 'valueUsd2'],
  ['hs3', 'carats3', 'valueUsd3'],
] as const;

const amountHint = 'a number with at most two decimals and a point, like 1520.35';

function readRow(
  record: CsvRecord,
  layout: Layout,
  company: Company,
  documents: ReadonlyMap<string, string>,
): CsvApplicationRow {
  const cell = (column: ApplicationCsvColumn): string => {
    const index = layout.get(column);
    return index === undefined ? '' : (record.fields[index] ?? '').trim();
  };
  const reference = cell('reference');
  const base = { row: record.row, line: record.line, ...(reference === '' ? {} : { reference }) };
  if (record.error !== undefined) {
    const header = [...layout].find(([, index]) => index === record.error!.column - 1)?.[0];
    return {
      ...base,
      ok: false,
      problems: [{ code: 'KPX_CSV_INVALID', column: header ?? '', message: record.error.message }],
    };
  }
  const problems: CsvProblem[] = [];
  const items: Array<{ hs: string; carats: string; valueUsd: string }> = [];
  const lineColumns: Array<readonly [string, string, string]> = [];
  for (const group of lineGroups) {
    const [hs, carats, valueUsd] = group.map((c) => cell(c)) as [string, string, string];
    if (group[0] !== 'hs' && hs === '' && carats === '' && valueUsd === '') continue;
    const amounts = [
      [carats, group[1]],
      [valueUsd, group[2]],
    ] as const;
    const read: string[] = [];
    for (const [text, column] of amounts) {
      const amount = amountFromText(text);
      if (amount.ok) read.push(amount.amount);
      else
        problems.push({
          code: text === '' ? 'KPX_FIELD_REQUIRED' : 'KPX_AMOUNT_INVALID',
          column,
          message: text === '' ? `${column} is required.` : `${column}: ${amountHint}.`,
        });
    }
    items.push({ hs, carats: read[0] ?? '', valueUsd: read[1] ?? '' });
    lineColumns.push(group);
  }
  const parcelsText = cell('parcels');
  if (!/^[0-9]{1,9}$/.test(parcelsText))
    problems.push({
      code: parcelsText === '' ? 'KPX_FIELD_REQUIRED' : 'KPX_TYPE_INVALID',
      column: 'parcels',
      message: 'parcels is a whole number.',
    });
  const documentOf = (column: 'invoice' | 'packingList', kind: AttachmentInput['kind']) => {
    const name = cell(column);
    const content = documents.get(name);
    if (content === undefined) {
      problems.push({
        code: name === '' ? 'KPX_FIELD_REQUIRED' : 'KPX_ATTACHMENT_INVALID',
        column,
        message:
          name === ''
            ? `Name the ${kind} PDF sent with the upload.`
            : `No document ${name} was sent with the upload.`,
      });
      return undefined;
    }
    return { kind, filename: name, contentType: pdfMediaType, content };
  };
  const invoice = documentOf('invoice', 'invoice');
  const packingList = documentOf('packingList', 'packing-list');
  if (problems.length > 0 || invoice === undefined || packingList === undefined)
    return { ...base, ok: false, problems };

  const optional = (column: ApplicationCsvColumn, key: string) =>
    cell(column) === '' ? {} : { [key]: cell(column) };
  const transit = cell('transit');
  const draft = {
    importingParticipant: cell('importingParticipant'),
    ...optional('importingAuthority', 'importingAuthority'),
    exporter: { name: company.name, address: company.address, licence: company.licence },
    importer: {
      name: cell('importerName'),
      address: cell('importerAddress'),
      ...optional('importerLicence', 'licence'),
    },
    origin: cell('origin'),
    items,
    parcels: Number(parcelsText),
    ...optional('expiresOn', 'expiresOn'),
    ...(transit === '' ? {} : { transit: transit.split(';').map((t) => t.trim()) }),
  };
  return {
    ...base,
    ok: true,
    input: { draft, attachments: [invoice, packingList] },
    columnOf: (path) => columnOfPath(path, lineColumns),
  };
}

/**
 * Reads an applications CSV (RFC 4180; header first) into one result per data row, or a single
 * result for row 1 when the header cannot be read. Cells are read here (amounts, whole
 * numbers, document names); the certificate rules are checked afterwards by the same code as
 * any application, and their problems mapped back to columns with `columnOf`. Never throws.
 */
export function readApplicationsCsv(
  text: string,
  company: Company,
  documents: ReadonlyMap<string, string>,
): { header: true; rows: CsvApplicationRow[] } | { header: false; problems: CsvProblem[] } {
  const records = parseCsv(text);
  const header = records[0];
  if (header === undefined)
    return {
      header: false,
      problems: [
        { code: 'KPX_FIELD_REQUIRED', column: '', message: 'The CSV is empty: send a header row.' },
      ],
    };
  const layout = readHeader(header);
  if (!(layout instanceof Map)) return { header: false, problems: layout };
  return {
    header: true,
    rows: records.slice(1).map((record) => readRow(record, layout, company, documents)),
  };
}
