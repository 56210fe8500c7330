import { writeFile } from 'node:fs/promises';
import { nodeRequest, type NodeApiOptions } from '../node-api.js';
import { CliError, exitCodes, printJson, type Io } from '../output.js';
import { readText } from '../read-input.js';

// `kpx stats …`: the analyst's statistics routes of a node (ARCHITECTURE.md flow 6) from a
// script: the period's return (JSON, CSV or XLSX), sending the quarterly return to the
// registry, half-year production returns, mirror reconciliation and anomalies.

type Totals = { certificates: number; carats: string; valueUsd: string };
type Row = {
  flow: string;
  partner: string;
  hs: string;
  origin: string;
  provenance?: string;
} & Totals;
type Report = {
  period: string;
  authority: string;
  rows: Row[];
  totals: { export?: Totals; import?: Totals };
};

export type StatsShowOptions = NodeApiOptions & {
  period: string;
  flow?: string;
  format?: string;
  out?: string;
  json?: boolean;
};

/** Columns padded to their widest cell, numbers right-aligned: readable in a terminal. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const numeric = header.map((_, i) => rows.every((r) => /^-?[\d.]+$/.test(r[i]!)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/** `kpx stats show`: the trade statistics of a period; CSV and XLSX are written as the node sends them. */
export async function statsShow(options: StatsShowOptions, io: Io): Promise<number> {
  const format = options.format ?? 'json';
  if (format === 'xlsx' && options.out === undefined) {
    throw new CliError('KPX_USAGE', 'an XLSX workbook needs --out FILE', exitCodes.usage);
  }
  const query = new URLSearchParams({ period: options.period, format });
  if (options.flow !== undefined) query.set('flow', options.flow);
  const response = await nodeRequest(options, `/api/v1/statistics?${query}`, 'kpx stats');
  if (format !== 'json') {
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (options.out === undefined) io.out(new TextDecoder().decode(bytes));
    else {
      await writeFile(options.out, bytes);
      io.out(`${format.toUpperCase()} statistics ${options.period} → ${options.out}`);
    }
    return exitCodes.ok;
  }
  const report = (await response.json()) as Report;
  if (options.out !== undefined) await writeFile(options.out, JSON.stringify(report, null, 2));
  if (options.json === true) {
    printJson(io, report);
    return exitCodes.ok;
  }
  io.out(`${report.authority} — statistics ${report.period}`);
  const cells = report.rows.map((r) => [
    r.flow,
    r.partner,
    r.hs,
    r.origin,
    String(r.certificates),
    r.carats,
    r.valueUsd,
  ]);
  for (const flow of ['export', 'import'] as const) {
    const t = report.totals[flow];
    if (t) cells.push([flow, 'TOTAL', '', '', String(t.certificates), t.carats, t.valueUsd]);
  }
  for (const line of table(
    ['flow', 'partner', 'hs', 'origin', 'certificates', 'carats', 'valueUsd'],
    cells,
  ))
    io.out(line);
  return exitCodes.ok;
}

/** `kpx stats send`: queue the quarter's signed return to the registry. */
export async function statsSend(
  options: NodeApiOptions & { period: string; json?: boolean },
  io: Io,
): Promise<number> {
  const response = await nodeRequest(options, '/api/v1/statistics/returns', 'kpx stats send', {
    method: 'POST',
    body: { period: options.period },
  });
  const queued = (await response.json()) as { messageId: string; rows: number; endpoint: string };
  if (options.json === true) printJson(io, queued);
  else
    io.out(
      `return ${options.period} queued for the registry (${queued.endpoint}): ${String(queued.rows)} rows, message ${queued.messageId}`,
    );
  return exitCodes.ok;
}

type RowResult = {
  row: number;
  ok: boolean;
  problems: Array<{ code: string; column: string; message: string }>;
};

/**
 * `kpx stats production FILE`: half-year production returns, CSV (by extension) or JSON. A
 * return with bad rows is refused whole by the node (exit 1), every problem listed.
 */
export async function statsProduction(
  file: string,
  options: NodeApiOptions & { json?: boolean },
  io: Io,
): Promise<number> {
  const text = await readText(file);
  const isCsv = file.toLowerCase().endsWith('.csv');
  try {
    const response = await nodeRequest(options, '/api/v1/production', 'kpx stats production', {
      method: 'POST',
      body: text,
      contentType: isCsv ? 'text/csv' : 'application/json',
      invalidStatuses: [422],
    });
    const recorded = (await response.json()) as { returns: Array<{ period: string }> };
    if (options.json === true) printJson(io, recorded);
    else
      io.out(
        `recorded production returns: ${recorded.returns.map((r) => r.period).join(', ') || 'none'}`,
      );
    return exitCodes.ok;
  } catch (error) {
    const results = (error as CliError).details as { results?: RowResult[] } | undefined;
    if (!(error instanceof CliError) || results?.results === undefined) throw error;
    if (options.json === true) printJson(io, error.details);
    else
      for (const r of results.results.filter((x) => !x.ok))
        for (const p of r.problems)
          io.err(`row ${String(r.row)} ${p.column}: ${p.code} ${p.message}`);
    return error.exitCode;
  }
}

type Reconciliation = {
  groups: Array<{
    period: string;
    exporter: string;
    importer: string;
    exports: Totals;
    imports: Totals;
    matched: number;
    discrepancies: Array<{ number: string }>;
  }>;
};

/** `kpx stats reconcile`: mirror differences per route and certificate; exit 1 when any differ. */
export async function statsReconcile(
  options: NodeApiOptions & { period?: string; json?: boolean },
  io: Io,
): Promise<number> {
  const query = options.period === undefined ? '' : `?period=${encodeURIComponent(options.period)}`;
  const response = await nodeRequest(options, `/api/v1/reconciliation${query}`, 'kpx stats');
  const report = (await response.json()) as Reconciliation;
  const differing = report.groups.reduce((n, g) => n + g.discrepancies.length, 0);
  if (options.json === true) printJson(io, report);
  else {
    const cells = report.groups.map((g) => [
      g.period,
      `${g.exporter}→${g.importer}`,
      String(g.exports.certificates),
      g.exports.carats,
      String(g.imports.certificates),
      g.imports.carats,
      String(g.matched),
      String(g.discrepancies.length),
    ]);
    for (const line of table(
      ['period', 'route', 'exported', 'carats', 'confirmed', 'carats', 'matched', 'differing'],
      cells,
    ))
      io.out(line);
    for (const g of report.groups)
      for (const d of g.discrepancies) io.out(`differs: ${d.number} (${g.exporter}→${g.importer})`);
  }
  // A difference is a finding about the data, like an invalid certificate: exit 1 for scripts.
  return differing === 0 ? exitCodes.ok : exitCodes.invalid;
}

type Anomalies = { anomalies: Array<{ kind: string; severity: string; detail: string }> };

/** `kpx stats anomalies`: most severe first. */
export async function statsAnomalies(
  options: NodeApiOptions & { period: string; json?: boolean },
  io: Io,
): Promise<number> {
  const response = await nodeRequest(
    options,
    `/api/v1/anomalies?period=${encodeURIComponent(options.period)}`,
    'kpx stats',
  );
  const report = (await response.json()) as Anomalies;
  if (options.json === true) printJson(io, report);
  else if (report.anomalies.length === 0) io.out(`no anomalies in ${options.period}`);
  else for (const a of report.anomalies) io.out(`${a.severity.padEnd(6)} ${a.kind}: ${a.detail}`);
  return exitCodes.ok;
}
