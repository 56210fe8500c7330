import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNetwork, type NetworkManifest, type RunningNetwork } from '@kpx/node';
import { CliError, exitCodes, printJson, type Io } from '../output.js';
import { todayUtc } from '../today.js';
import { planQuarter, type DemoPlan } from './demo-plan.js';
import { createProgress, type Progress } from './demo-progress.js';
import { runPlan, type DemoNetwork } from './demo-run.js';
import { readSummary, renderSummary } from './demo-summary.js';
import { compareWithPlan, type Comparison } from './demo-verdict.js';
import { parseParticipants } from './network-up.js';
import { stderrLogger } from './network-logger.js';
import { operatorErrors, parsePort } from './node-errors.js';
import { aborted, shutdownSignal } from './node-shutdown.js';

export type DemoOptions = {
  participants: string;
  certificates: string;
  seed: string;
  exit?: boolean;
  dir?: string;
  basePort: string;
  json?: boolean;
};

export const demoLimits = { minCertificates: 20, maxCertificates: 5000 } as const;

function parseCount(value: string): number {
  const n = /^[0-9]{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(n >= demoLimits.minCertificates && n <= demoLimits.maxCertificates))
    throw new CliError(
      'KPX_USAGE',
      `--certificates must be ${demoLimits.minCertificates} to ${demoLimits.maxCertificates}, not ${value}`,
      exitCodes.usage,
    );
  return n;
}

function parseSeed(value: string): number {
  const n = /^[0-9]{1,10}$/.test(value) ? Number(value) : NaN;
  if (!(n >= 0 && n <= 0xffffffff))
    throw new CliError(
      'KPX_USAGE',
      `--seed must be 0 to 4294967295, not ${value}`,
      exitCodes.usage,
    );
  return n;
}

function plan(participants: string[], certificates: number, seed: number): DemoPlan {
  try {
    return planQuarter({ participants, certificates, seed, today: todayUtc() });
  } catch (error) {
    if (error instanceof RangeError)
      throw new CliError('KPX_USAGE', error.message, exitCodes.usage);
    throw error;
  }
}

function comparisonTable(rows: readonly Comparison[]): string {
  const width = Math.max(...rows.map((r) => r.figure.length));
  return rows
    .map(
      (r) =>
        `  ${r.figure.padEnd(width)}  planted ${String(r.planted).padStart(4)}  reported ${String(r.reported).padStart(4)}${r.planted === r.reported ? '' : '   <-- differs'}`,
    )
    .join('\n');
}

/** Where to sign in on each node's console, with the demo's generated accounts. */
function consoles(manifest: NetworkManifest): string {
  const lines: string[] = [];
  for (const [participant, node] of Object.entries(manifest.nodes)) {
    lines.push(`  ${participant}  ${node.authority.padEnd(14)} ${node.url}/`);
    const wanted = ['issuer', 'importer', 'analyst', 'admin', 'trader'];
    for (const user of node.users.filter((u) => wanted.includes(u.role)))
      lines.push(`      ${user.role.padEnd(9)} sign in as ${user.username} / ${user.password}`);
  }
  return lines.join('\n');
}

/**
 * `kpx demo`: a registry and a node per Participant on loopback (RU, EU via Antwerp, BY, IN,
 * AE by default; SQLite each), then a simulated quarter of trade through the real APIs (see
 * {@link planQuarter}), then a summary whose every figure is read back from the nodes' and the
 * registry's APIs, compared with what was planted. Keeps serving (console URLs and sign-in
 * printed) until SIGINT/SIGTERM, or ends after the summary with `--exit`. Exit code 1 when a
 * figure differs from the plan.
 */
export async function demo(options: DemoOptions, io: Io): Promise<number> {
  const participants = parseParticipants(options.participants);
  if (participants.length < 2)
    throw new CliError(
      'KPX_USAGE',
      '--participants needs an exporter and at least one importer, e.g. RU,EU',
      exitCodes.usage,
    );
  const certificates = parseCount(options.certificates);
  const seed = parseSeed(options.seed);
  const basePort = parsePort(options.basePort, '--base-port', true);
  const quarter = plan(participants, certificates, seed);
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'kpx-demo-')));
  const tty = options.json !== true && process.stderr.isTTY === true;
  const progress: Progress = createProgress({
    tty,
    write: tty ? (text) => void process.stderr.write(text) : (text) => io.err(text),
  });
  const shutdown = shutdownSignal();
  let net: RunningNetwork | undefined;
  try {
    progress.note(
      `kpx demo: a registry and ${participants.length} nodes (${participants.join(', ')}) on loopback, SQLite each, in ${dir}`,
    );
    net = await operatorErrors(() =>
      startNetwork({ dir, participants, basePort, logger: stderrLogger(io) }),
    );
    const network: DemoNetwork = { registryUrl: net.registryUrl, nodes: net.nodes };
    const started = performance.now();
    const run = await runPlan(quarter, network, progress);
    const summary = await readSummary(network, run);
    const seconds = Number(((performance.now() - started) / 1000).toFixed(1));
    const comparison = compareWithPlan(quarter.expected, summary);
    const asPlanned = comparison.every((c) => c.planted === c.reported);
    if (options.json)
      printJson(io, {
        period: run.period,
        seed,
        dir,
        seconds,
        asPlanned,
        planted: quarter.expected,
        comparison,
        summary,
        fraud: { reuse: run.reuse, forgery: run.forgery },
        applications: run.applications,
        returns: run.returns,
        network: net.manifest,
      });
    else {
      io.out(`\n${renderSummary(summary)}\n`);
      io.out(
        `\nPlanted against reported (${quarter.expected.issued} certificates, seed ${seed}, trade in ${seconds} s): ${asPlanned ? 'as planned' : 'NOT as planned'}`,
      );
      io.out(comparisonTable(comparison));
      io.out(
        `  forged certificate: verify said ${run.forgery.verify.valid ? 'valid' : `not valid (${run.forgery.verify.failedCheck ?? '?'} ${run.forgery.verify.code ?? ''})`}; exchange answered ${run.forgery.exchange.status} ${run.forgery.exchange.code ?? ''}`,
      );
      io.out(
        `  reuse of ${run.reuse.number} at ${run.reuse.at}: HTTP ${run.reuse.status} ${run.reuse.code ?? ''}`,
      );
      io.out(`\nConsoles (network.json in ${dir} has every account and API token):`);
      io.out(consoles(net.manifest));
      io.out(`  registry  ${net.registryUrl}/trust-list.json`);
    }
    if (options.exit !== true) {
      if (options.json !== true) io.out('\nServing; Ctrl-C (SIGINT) or SIGTERM stops the network.');
      await aborted(shutdown.signal);
    }
    return asPlanned ? exitCodes.ok : exitCodes.invalid;
  } finally {
    progress.done();
    await net?.stop();
    shutdown.dispose();
  }
}
