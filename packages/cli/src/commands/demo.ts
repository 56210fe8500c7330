import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { subtractAmounts, type Discrepancy } from '@kpx/domain';
import { startNetwork, type NetworkNode, type RunningNetwork } from '@kpx/node';
import { CliError, exitCodes, printJson, type Io } from '../output.js';
import { todayUtc } from '../today.js';
import { apiClient, pollUntil } from './demo-client.js';
import { demoDraft } from './demo-trade.js';
import { parseParticipants } from './network-up.js';
import { stderrLogger } from './network-logger.js';
import { operatorErrors, parsePort } from './node-errors.js';
import { aborted, shutdownSignal } from './node-shutdown.js';

export type DemoOptions = {
  participants: string;
  certificates: string;
  exit?: boolean;
  dir?: string;
  basePort: string;
  json?: boolean;
};

/** What the importing officer does with a certificate in the demo. */
type Plan = 'confirm' | 'discrepancy' | 'reject';

/** One line of the demo's table; every figure read back from the nodes' APIs. */
export type DemoRow = {
  number: string;
  to: string;
  plan: Plan;
  statusAtIssuer: string;
  statusAtImporter: string;
  deliveryMs: number | null;
  discrepancies: string[];
};

type Detail = {
  number: string;
  status: string;
  certificate: { parcels: number; totals: { carats: string; valueUsd: string }; seals: string[] };
  events: Array<{ at: string; type: string }>;
  confirmation: { discrepancies: Discrepancy[] } | null;
};

const settleMs = 20_000;
const planOf = (i: number): Plan => (i === 1 ? 'discrepancy' : i === 2 ? 'reject' : 'confirm');

function deliveryMs(detail: Detail): number | null {
  const issued = detail.events.find((e) => e.type === 'issued');
  const delivered = detail.events.find((e) => e.type === 'delivered');
  return issued === undefined || delivered === undefined
    ? null
    : Date.parse(delivered.at) - Date.parse(issued.at);
}

async function runTrade(
  net: RunningNetwork,
  count: number,
  io: Io,
  progress: boolean,
): Promise<DemoRow[]> {
  const nodes = Object.values(net.nodes);
  const exporter = nodes[0] as NetworkNode;
  const importers = nodes.slice(1);
  const issuer = apiClient(exporter.url, exporter.tokens.issuer);
  const issued: Array<{ number: string; to: NetworkNode; plan: Plan }> = [];
  for (let i = 0; i < count; i += 1) {
    const to = importers[i % importers.length] as NetworkNode;
    const draft = demoDraft(i, exporter, to);
    const { body } = await issuer.post<{ number: string }>('/api/v1/certificates', draft, {
      'idempotency-key': `demo-${i}`,
    });
    issued.push({ number: body.number, to, plan: planOf(i) });
    if (progress) io.err(`issued ${body.number} at ${exporter.authority} for ${to.authority}`);
  }

  const rows: DemoRow[] = [];
  for (const { number, to, plan } of issued) {
    const path = `/api/v1/certificates/${encodeURIComponent(number)}`;
    const atIssuer = await pollUntil(
      () => issuer.get<Detail>(path),
      (d) => d.status !== 'issued',
      settleMs,
    );
    if (atIssuer.status === 'issued')
      throw new CliError(
        'KPX_INTERNAL',
        `${number} was not delivered within ${settleMs / 1000} s`,
        exitCodes.invalid,
      );
    const importer = apiClient(to.url, to.tokens.importer);
    const received = await importer.get<Detail>(path);
    const today = todayUtc();
    if (plan === 'reject') {
      await importer.post(`${path}/rejection`, {
        reason: `Seal ${received.certificate.seals[0] ?? ''} broken on arrival; shipment refused`,
      });
    } else {
      const { parcels, totals } = received.certificate;
      await importer.post(`${path}/confirmation`, {
        // The planted discrepancy: one parcel and 12.35 ct short.
        parcels: plan === 'discrepancy' && parcels > 1 ? parcels - 1 : parcels,
        carats: plan === 'discrepancy' ? subtractAmounts(totals.carats, '12.35') : totals.carats,
        valueUsd: totals.valueUsd,
        receivedOn: today,
        sealsIntact: true,
        ...(plan === 'discrepancy'
          ? { remarks: 'Weighed on arrival: 12.35 ct and one parcel short' }
          : {}),
      });
    }
    if (progress)
      io.err(`${plan === 'reject' ? 'rejected' : 'confirmed'} ${number} at ${to.authority}`);
    rows.push({
      number,
      to: to.authority,
      plan,
      statusAtIssuer: '',
      statusAtImporter: '',
      deliveryMs: null,
      discrepancies: [],
    });
  }

  // Read everything back once the signed confirmations and rejections reached the issuer.
  for (const row of rows) {
    const path = `/api/v1/certificates/${encodeURIComponent(row.number)}`;
    const final = row.plan === 'reject' ? 'rejected' : 'confirmed';
    const atIssuer = await pollUntil(
      () => issuer.get<Detail>(path),
      (d) => d.status === final,
      settleMs,
    );
    const to = importers.find((n) => n.authority === row.to) as NetworkNode;
    const atImporter = await apiClient(to.url, to.tokens.importer).get<Detail>(path);
    row.statusAtIssuer = atIssuer.status;
    row.statusAtImporter = atImporter.status;
    row.deliveryMs = deliveryMs(atIssuer);
    row.discrepancies = (atImporter.confirmation?.discrepancies ?? []).map(
      (d) => `${d.field} ${d.difference}`,
    );
  }
  return rows;
}

function table(rows: readonly DemoRow[], issuer: string): string {
  const head = [
    'number',
    `at ${issuer}`,
    'at importer',
    'importer',
    'delivery ms',
    'discrepancies',
  ];
  const body = rows.map((r) => [
    r.number,
    r.statusAtIssuer,
    r.statusAtImporter,
    r.to,
    r.deliveryMs === null ? '-' : String(r.deliveryMs),
    r.discrepancies.length === 0
      ? r.plan === 'reject'
        ? '(rejected)'
        : 'none'
      : r.discrepancies.join(', '),
  ]);
  const widths = head.map((h, c) =>
    Math.max(h.length, ...body.map((row) => (row[c] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => cell.padEnd(widths[c] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

/** Whether every certificate ended where the plan says, on both sides. */
function asPlanned(row: DemoRow): boolean {
  const final = row.plan === 'reject' ? 'rejected' : 'confirmed';
  return (
    row.statusAtIssuer === final &&
    row.statusAtImporter === final &&
    (row.plan === 'discrepancy') === row.discrepancies.length > 0
  );
}

/**
 * `kpx demo`: starts a network (RU and EU by default), issues certificates at the first
 * Participant's node through the HTTP API, waits for the signed receipts, confirms them at the
 * importer (one with a planted discrepancy, one rejected) and prints what each node says. With
 * `--exit` it stops; otherwise it keeps serving and prints the URLs and tokens.
 */
export async function demo(options: DemoOptions, io: Io): Promise<number> {
  const participants = parseParticipants(options.participants);
  if (participants.length < 2)
    throw new CliError(
      'KPX_USAGE',
      '--participants needs an exporter and at least one importer, e.g. RU,EU',
      exitCodes.usage,
    );
  const count = /^[0-9]{1,4}$/.test(options.certificates) ? Number(options.certificates) : NaN;
  if (!(count >= 1 && count <= 1000))
    throw new CliError(
      'KPX_USAGE',
      `--certificates must be 1 to 1000, not ${options.certificates}`,
      exitCodes.usage,
    );
  const basePort = parsePort(options.basePort, '--base-port', true);
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'kpx-demo-')));
  const shutdown = shutdownSignal();
  let net: RunningNetwork | undefined;
  try {
    net = await operatorErrors(() =>
      startNetwork({ dir, participants, basePort, logger: stderrLogger(io) }),
    );
    const exporter = Object.values(net.nodes)[0] as NetworkNode;
    const started = performance.now();
    const rows = await runTrade(net, count, io, options.json !== true);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const ok = rows.every(asPlanned);
    if (options.json)
      printJson(io, { network: net.manifest, dir, certificates: rows, asPlanned: ok });
    else {
      const delivered = rows
        .map((r) => r.deliveryMs)
        .filter((ms): ms is number => ms !== null)
        .sort((a, b) => a - b);
      io.out(`\n${table(rows, exporter.authority)}\n`);
      io.out(
        `${rows.length} certificates issued at ${exporter.authority}, delivered with signed receipts (median ${delivered[delivered.length >> 1] ?? '-'} ms), ` +
          `${rows.filter((r) => r.statusAtIssuer === 'confirmed').length} confirmed (${rows.filter((r) => r.discrepancies.length > 0).length} with discrepancies), ` +
          `${rows.filter((r) => r.statusAtIssuer === 'rejected').length} rejected, in ${seconds} s${ok ? '' : ' — NOT as planned'}`,
      );
    }
    if (options.exit !== true) {
      if (options.json !== true) {
        io.out(`\nnetwork in ${dir}; registry ${net.registryUrl}/trust-list.json`);
        for (const node of Object.values(net.nodes)) {
          io.out(`  ${node.participant} ${node.authority} ${node.url}`);
          for (const [role, token] of Object.entries(node.tokens))
            io.out(`    ${role.padEnd(9)} ${token}`);
        }
        io.out('serving; SIGINT or SIGTERM stops the network');
      }
      await aborted(shutdown.signal);
    }
    return ok ? exitCodes.ok : exitCodes.invalid;
  } finally {
    await net?.stop();
    shutdown.dispose();
  }
}
