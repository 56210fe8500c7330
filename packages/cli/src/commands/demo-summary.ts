import type { CertificateStatus } from '@kpx/domain';
import type { ApplicationStatus } from '@kpx/node';
import { apiClient, forEachBounded, type ApiClient } from './demo-client.js';
import { listAll, type DemoNetwork, type RunReport } from './demo-run.js';

type StatusCounts = Record<CertificateStatus, number>;
type ApplicationCounts = Record<ApplicationStatus, number>;

/** A node's trader applications, read from `GET /api/v1/applications` and their timelines. */
export type ApplicationFigures = {
  /** Every application the node holds, by state. */
  byStatus: ApplicationCounts;
  /** Those whose timeline shows changes requested (then resubmitted). */
  revised: number;
  /** Approved ones whose certificate is `confirmed` (the list's `certificateStatus`). */
  certificatesConfirmed: number;
};
type Figures = { certificates: number; carats: string; valueUsd: string };
type Anomaly = { kind: string; number?: string; partner?: string; period?: string };

/** One node's figures, each read from its API. */
export type NodeFigures = {
  participant: string;
  authority: string;
  /** `GET /api/v1/dashboard`. */
  outgoing: StatusCounts;
  incoming: StatusCounts;
  /** `GET /api/v1/certificates` (delivery `paper`). */
  paperOut: number;
  paperIn: number;
  /** Outgoing certificates whose timeline shows the signed receipt (`delivered` event). */
  delivered: number;
  /** Issue to signed receipt, from the timelines (`GET /api/v1/certificates/{number}`). */
  medianDeliveryMs: number | null;
  /** `GET /api/v1/reconciliation`: this node's exports whose confirmation differs. */
  discrepancies: number;
  /** `GET /api/v1/anomalies`. */
  anomalies: Anomaly[];
  /** `GET /api/v1/statistics`: the quarter's totals as this node computes them. */
  statistics: { export?: Figures; import?: Figures };
  /** `GET /api/v1/applications` (and each one's timeline). */
  applications: ApplicationFigures;
};

/** The demo's summary: every figure read back from the nodes' and the registry's APIs. */
export type DemoSummary = {
  period: string;
  nodes: NodeFigures[];
  totals: {
    issued: number;
    paper: number;
    delivered: number;
    confirmed: number;
    discrepancies: number;
    rejected: number;
    cancelled: number;
    superseded: number;
    /** Delivered, not yet confirmed or rejected, at the end of the quarter. */
    pending: number;
    paperRecorded: number;
    medianDeliveryMs: number | null;
    /** Distinct anomalies over all nodes (the same certificate is seen by both sides), by kind. */
    anomalies: Record<string, number>;
    reuseCaught: number;
    forgeriesCaught: number;
    /** Trader applications over all nodes: `total` submitted, by state, revised, certificates confirmed. */
    applications: ApplicationFigures & { total: number };
  };
  /** `GET /statistics/global` at the registry: what the Participants' returns add up to. */
  registry: {
    exports: Figures;
    imports: Figures;
    participants: Array<{
      participant: string;
      returns: number;
      exports: Figures;
      imports: Figures;
    }>;
  };
};

type Detail = { events: Array<{ at: string; type: string }> };
type Reconciliation = { groups: Array<{ exporter: string; discrepancies: unknown[] }> };
type Global = {
  totals: { exports: Figures; imports: Figures };
  participants: Array<{
    participant: string;
    returns: unknown[];
    exports: { totals: Figures };
    imports: { totals: Figures };
  }>;
};

type ApplicationRow = {
  id: string;
  status: ApplicationStatus;
  certificateStatus: string | null;
};
type ApplicationPage = { items: ApplicationRow[]; nextCursor: string | null };

const noApplications = (): ApplicationCounts => ({
  submitted: 0,
  under_review: 0,
  changes_requested: 0,
  refused: 0,
  approved: 0,
});

/** A node's applications (every page, as an officer who oversees them sees them), counted. */
async function readApplications(officer: ApiClient): Promise<ApplicationFigures> {
  const rows: ApplicationRow[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `limit=200${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
    const page: ApplicationPage = await officer.get<ApplicationPage>(
      `/api/v1/applications?${query}`,
    );
    rows.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  const byStatus = noApplications();
  for (const row of rows) byStatus[row.status] += 1;
  let revised = 0;
  await forEachBounded(rows, 6, async (row) => {
    const detail = await officer.get<{ events: Array<{ type: string }> }>(
      `/api/v1/applications/${encodeURIComponent(row.id)}`,
    );
    if (detail.events.some((e) => e.type === 'changes_requested')) revised += 1;
  });
  return {
    byStatus,
    revised,
    certificatesConfirmed: rows.filter(
      (r) => r.status === 'approved' && r.certificateStatus === 'confirmed',
    ).length,
  };
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : Math.round(((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2);
}

/**
 * Reads the quarter back from every node (dashboard, lists, timelines, reconciliation,
 * anomalies, statistics, trader applications) and from the registry's global table. Nothing is taken from what the
 * demo meant to do, except whether the forged certificate was refused: that is the answer the
 * node gave to the forger, which no API keeps.
 */
export async function readSummary(network: DemoNetwork, run: RunReport): Promise<DemoSummary> {
  const { period } = run;
  const nodes: NodeFigures[] = [];
  const allDelivery: number[] = [];
  for (const node of Object.values(network.nodes)) {
    const analyst = apiClient(node.url, node.tokens.analyst);
    const officer = apiClient(node.url, node.tokens.admin);
    const dashboard = await officer.get<{
      certificates: { outgoing: StatusCounts; incoming: StatusCounts };
    }>('/api/v1/dashboard');
    const outgoing = await listAll(officer, 'outgoing');
    const incoming = await listAll(officer, 'incoming');
    const times: number[] = [];
    let delivered = 0;
    await forEachBounded(
      outgoing.filter((c) => c.delivery === 'electronic'),
      6,
      async (c) => {
        const detail = await officer.get<Detail>(
          `/api/v1/certificates/${encodeURIComponent(c.number)}`,
        );
        const issued = detail.events.find((e) => e.type === 'issued');
        const arrived = detail.events.find((e) => e.type === 'delivered');
        if (arrived === undefined) return;
        delivered += 1;
        if (issued !== undefined) times.push(Date.parse(arrived.at) - Date.parse(issued.at));
      },
    );
    allDelivery.push(...times);
    const reconciliation = await analyst.get<Reconciliation>(
      `/api/v1/reconciliation?period=${period}`,
    );
    const anomalies = await analyst.get<{ anomalies: Anomaly[] }>(
      `/api/v1/anomalies?period=${period}`,
    );
    const statistics = await analyst.get<{ totals: { export?: Figures; import?: Figures } }>(
      `/api/v1/statistics?period=${period}`,
    );
    const applications = await readApplications(officer);
    nodes.push({
      participant: node.participant,
      authority: node.authority,
      outgoing: dashboard.certificates.outgoing,
      incoming: dashboard.certificates.incoming,
      paperOut: outgoing.filter((c) => c.delivery === 'paper').length,
      paperIn: incoming.filter((c) => c.delivery === 'paper').length,
      delivered,
      medianDeliveryMs: median(times),
      discrepancies: reconciliation.groups
        .filter((g) => g.exporter === node.participant)
        .reduce((n, g) => n + g.discrepancies.length, 0),
      anomalies: anomalies.anomalies,
      statistics: statistics.totals,
      applications,
    });
  }

  const global = await apiClient(network.registryUrl).get<Global>(
    `/statistics/global?period=${period}`,
  );
  const sum = (f: (n: NodeFigures) => number) => nodes.reduce((a, n) => a + f(n), 0);
  const outgoingTotal = (n: NodeFigures) => Object.values(n.outgoing).reduce((a, b) => a + b, 0);
  const distinct = new Map<string, string>();
  for (const a of nodes.flatMap((n) => n.anomalies))
    distinct.set(`${a.kind}/${a.number ?? `${a.period ?? ''}/${a.partner ?? ''}`}`, a.kind);
  const anomalies: Record<string, number> = {};
  for (const kind of distinct.values()) anomalies[kind] = (anomalies[kind] ?? 0) + 1;
  const byStatus = noApplications();
  for (const n of nodes)
    for (const [status, count] of Object.entries(n.applications.byStatus))
      byStatus[status as ApplicationStatus] += count;
  return {
    period,
    nodes,
    totals: {
      issued: sum(outgoingTotal),
      paper: sum((n) => n.paperOut),
      delivered: sum((n) => n.delivered),
      confirmed: sum((n) => n.outgoing.confirmed),
      discrepancies: sum((n) => n.discrepancies),
      rejected: sum((n) => n.outgoing.rejected),
      cancelled: sum((n) => n.outgoing.cancelled),
      superseded: sum((n) => n.outgoing.superseded),
      pending: sum((n) => n.outgoing.delivered),
      paperRecorded: sum((n) => n.paperIn),
      medianDeliveryMs: median(allDelivery),
      anomalies,
      reuseCaught: anomalies.reuse ?? 0,
      forgeriesCaught: run.forgery.caught ? 1 : 0,
      applications: {
        total: Object.values(byStatus).reduce((a, b) => a + b, 0),
        byStatus,
        revised: sum((n) => n.applications.revised),
        certificatesConfirmed: sum((n) => n.applications.certificatesConfirmed),
      },
    },
    registry: {
      exports: global.totals.exports,
      imports: global.totals.imports,
      participants: global.participants
        .filter((p) => p.returns.length > 0)
        .map((p) => ({
          participant: p.participant,
          returns: p.returns.length,
          exports: p.exports.totals,
          imports: p.imports.totals,
        })),
    },
  };
}

/** `1234567.89` → `1,234,567.89` (the string stays exact: no floating point). */
export function groupThousands(amount: string): string {
  const [whole = '', cents] = amount.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return cents === undefined ? grouped : `${grouped}.${cents}`;
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  // Numbers right-aligned, the first two columns (names) left-aligned.
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => (c < 2 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** One line on the trader applications: totals by state, then how many each node holds. */
function applicationsLine(summary: DemoSummary): string {
  const a = summary.totals.applications;
  const open = a.byStatus.submitted + a.byStatus.under_review + a.byStatus.changes_requested;
  const perNode = summary.nodes
    .map((n) => ({
      participant: n.participant,
      count: Object.values(n.applications.byStatus).reduce((x, y) => x + y, 0),
    }))
    .filter((n) => n.count > 0)
    .map((n) => `${n.participant} ${n.count}`)
    .join(', ');
  return `trader applications: ${a.total}${perNode === '' ? '' : ` (${perNode})`}; approved ${a.byStatus.approved} (${a.revised} after changes requested), refused ${a.byStatus.refused}, open ${open}; certificates issued from them confirmed: ${a.certificatesConfirmed}`;
}

/** The summary as a person reads it: one row per node, the totals, the registry's table. */
export function renderSummary(summary: DemoSummary): string {
  const head = [
    'Participant',
    'authority',
    'issued',
    'paper',
    'delivered',
    'confirmed',
    'discrep.',
    'rejected',
    'cancelled',
    'amended',
    'pending',
    'paper in',
    'anomalies',
    'median ms',
  ];
  const ms = (v: number | null) => (v === null ? '-' : String(v));
  const rows = summary.nodes.map((n) => [
    n.participant,
    n.authority,
    String(Object.values(n.outgoing).reduce((a, b) => a + b, 0)),
    String(n.paperOut),
    String(n.delivered),
    String(n.outgoing.confirmed),
    String(n.discrepancies),
    String(n.outgoing.rejected),
    String(n.outgoing.cancelled),
    String(n.outgoing.superseded),
    String(n.outgoing.delivered),
    String(n.paperIn),
    String(n.anomalies.length),
    ms(n.medianDeliveryMs),
  ]);
  const t = summary.totals;
  const anomalyCount = Object.values(t.anomalies).reduce((a, b) => a + b, 0);
  rows.push([
    'all',
    '',
    String(t.issued),
    String(t.paper),
    String(t.delivered),
    String(t.confirmed),
    String(t.discrepancies),
    String(t.rejected),
    String(t.cancelled),
    String(t.superseded),
    String(t.pending),
    String(t.paperRecorded),
    String(anomalyCount),
    ms(t.medianDeliveryMs),
  ]);
  const kinds = Object.entries(t.anomalies)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ');
  const registryRows = summary.registry.participants.map((p) => [
    p.participant,
    String(p.returns),
    String(p.exports.certificates),
    groupThousands(p.exports.carats),
    groupThousands(p.exports.valueUsd),
    String(p.imports.certificates),
    groupThousands(p.imports.carats),
    groupThousands(p.imports.valueUsd),
  ]);
  const r = summary.registry;
  registryRows.push([
    'all',
    '',
    String(r.exports.certificates),
    groupThousands(r.exports.carats),
    groupThousands(r.exports.valueUsd),
    String(r.imports.certificates),
    groupThousands(r.imports.carats),
    groupThousands(r.imports.valueUsd),
  ]);
  return [
    `Certificates of ${summary.period}, as each node's API reports them (anomalies: distinct over all nodes; the per-node column counts what each node sees)`,
    '',
    table(head, rows),
    '',
    `anomalies: ${anomalyCount === 0 ? 'none' : kinds}; reuse attempts caught: ${t.reuseCaught}; forgeries caught: ${t.forgeriesCaught}; median delivery (issue to signed receipt): ${ms(t.medianDeliveryMs)} ms`,
    applicationsLine(summary),
    '',
    `Registry, global statistics of ${summary.period} (from the Participants' signed returns)`,
    '',
    table(
      ['Participant', 'returns', 'exports', 'carats', 'US$', 'imports', 'carats', 'US$'],
      registryRows,
    ),
  ].join('\n');
}
