import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parseCsv, type CsvRecord } from '@kpx/domain';
import { CliError, exitCodes, printJson, type Io } from '../output.js';
import { createProgress, silentProgress } from './demo-progress.js';

export type ApplyCsvOptions = {
  csv: string;
  node: string;
  token?: string;
  documents?: string;
  chunk: string;
  json?: boolean;
};

/** One row's outcome, numbered as in the file the trader gave. */
type RowResult = {
  row: number;
  line: number;
  reference?: string;
  ok: boolean;
  id?: string;
  problems: Array<{ code: string; column: string; message: string }>;
};

type BulkAnswer = { accepted: number; refused: number; results: RowResult[] };

/** Splits text into physical lines the way `parseCsv` counts them (CRLF, LF or a lone CR). */
function physicalLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
}

/** The names of the documents a chunk's rows point to (the invoice and packingList columns). */
function documentNames(header: CsvRecord, records: readonly CsvRecord[]): Set<string> {
  const columns = header.fields
    .map((f, i) => [f.trim().toLowerCase(), i] as const)
    .filter(([f]) => f === 'invoice' || f === 'packinglist')
    .map(([, i]) => i);
  const names = new Set<string>();
  for (const record of records)
    for (const i of columns) {
      const name = record.fields[i]?.trim() ?? '';
      if (name !== '') names.add(name);
    }
  return names;
}

async function readDocuments(
  dir: string,
  names: Iterable<string>,
): Promise<Record<string, string>> {
  const documents: Record<string, string> = {};
  for (const name of names) {
    // Only plain file names in the documents directory: a CSV cannot make the CLI read (and
    // upload) any other file of the trader's machine.
    if (basename(name) !== name || name === '.' || name === '..') continue;
    try {
      documents[name] = (await readFile(join(dir, name))).toString('base64');
    } catch {
      // Left out: the node answers that row with KPX_ATTACHMENT_INVALID, naming the file.
    }
  }
  return documents;
}

async function post(options: { node: string; token: string }, body: unknown): Promise<BulkAnswer> {
  let response: Response;
  try {
    response = await fetch(new URL('/api/v1/applications/bulk', options.node), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${options.token}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify(body),
    });
  } catch (error) {
    throw new CliError(
      'KPX_NODE_UNREACHABLE',
      `cannot reach ${options.node}: ${error instanceof Error ? error.message : String(error)}`,
      exitCodes.usage,
    );
  }
  const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (response.status === 200) return answer as BulkAnswer;
  const code = typeof answer['code'] === 'string' ? answer['code'] : `HTTP_${response.status}`;
  const detail = typeof answer['detail'] === 'string' ? answer['detail'] : '';
  // A header the node cannot read: the file is bad (exit 1), with each column named.
  const results = Array.isArray(answer['results']) ? (answer['results'] as RowResult[]) : [];
  const columns = results.flatMap((r) => r.problems.map((p) => `${p.code} ${p.column}`.trim()));
  throw new CliError(
    code,
    `${detail || `HTTP ${response.status}`}${columns.length > 0 ? `: ${columns.join('; ')}` : ''}`,
    response.status === 422 ? exitCodes.invalid : exitCodes.usage,
    answer,
  );
}

/**
 * `kpx apply --csv FILE --node URL --token T`: sends the CSV to the node in chunks of rows
 * (each with the header and the PDF documents its rows name), so a large file shows progress
 * and no request outgrows the node's upload limit. The node checks and stores every row on its
 * own; the CLI reports every refused row with its problems, numbered as in the file.
 */
export async function applyCsv(options: ApplyCsvOptions, io: Io): Promise<number> {
  const token = options.token ?? process.env['KPX_TOKEN'];
  if (token === undefined || token === '')
    throw new CliError('KPX_USAGE', 'give --token or set KPX_TOKEN (a trader API token)');
  const chunkSize = Number(options.chunk);
  if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > 1000)
    throw new CliError('KPX_USAGE', '--chunk is a whole number from 1 to 1000');
  let text: string;
  try {
    text = await readFile(options.csv, 'utf8');
  } catch (error) {
    throw new CliError(
      'KPX_USAGE',
      `cannot read ${options.csv}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const records = parseCsv(text);
  const header = records[0];
  if (header === undefined)
    throw new CliError('KPX_CSV_INVALID', `${options.csv} is empty`, exitCodes.invalid);
  const lines = physicalLines(text);
  // Each record's own physical lines (a quoted field may span several).
  const rawOf = (index: number): string => {
    const record = records[index]!;
    const end = records[index + 1]?.line ?? lines.length + 1;
    return lines.slice(record.line - 1, end - 1).join('\r\n');
  };
  const rows = records.slice(1);
  const dir = options.documents ?? dirname(options.csv);
  const tty = process.stderr.isTTY;
  const progress =
    options.json === true
      ? silentProgress
      : createProgress({
          // On a terminal the bar is redrawn in place (raw `\r`); otherwise plain lines.
          write: (t) => {
            if (tty) process.stderr.write(t);
            else if (t.trim() !== '') io.err(t.trim());
          },
          tty,
        });
  progress.phase('applications', rows.length);
  const results: RowResult[] = [];
  for (let start = 0; start < rows.length; start += chunkSize) {
    const chunk = rows.slice(start, start + chunkSize);
    const csv = [rawOf(0), ...chunk.map((_, i) => rawOf(start + 1 + i))].join('\r\n') + '\r\n';
    const documents = await readDocuments(dir, documentNames(header, chunk));
    const answer = await post({ node: options.node, token }, { csv, documents });
    // One result per record sent, in order: renumber them as rows of the whole file.
    answer.results.forEach((result, i) => {
      const record = chunk[i];
      results.push({
        ...result,
        row: record?.row ?? result.row,
        line: record?.line ?? result.line,
      });
    });
    progress.tick(chunk.length);
  }
  progress.done();
  const accepted = results.filter((r) => r.ok).length;
  const outcome = { accepted, refused: results.length - accepted, results };
  if (options.json === true) printJson(io, outcome);
  else {
    for (const r of results.filter((x) => !x.ok)) {
      const label = r.reference === undefined ? `row ${r.row}` : `row ${r.row} (${r.reference})`;
      for (const p of r.problems)
        io.out(`${label}: ${p.code}${p.column === '' ? '' : ` [${p.column}]`} ${p.message}`);
    }
    io.out(`${outcome.accepted} accepted, ${outcome.refused} refused`);
  }
  return outcome.refused === 0 ? exitCodes.ok : exitCodes.invalid;
}
