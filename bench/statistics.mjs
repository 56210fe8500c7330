// Statistics at scale (issue "Statistics and reconciliation", Speed): a node holding
// 1,000,000 certificates (`--quick`: 20,000) loaded through the storage port — the certificate
// and confirmation repositories every use case writes through, in batched transactions, so the
// trade aggregate and mirror entries are maintained exactly as when officers work (signing,
// outbox and audit rows are left out: the exchange bench measures those). Then:
//   - a quarterly return from the maintained aggregate, median over every quarter (goal ≤ 50 ms),
//     beside the same return by full scan of the records through the domain (the baseline;
//     `ratio` = full scan ÷ aggregate, the speed-up). Every quarter's return is compared with
//     its full scan, row by row and total by total: any difference FAILS the run (exit 1);
//   - whole-history mirror reconciliation (goal ≤ 2 s), checked against the domain's reconcile
//     of every record (a difference FAILS the run too).
// SQLite file database, synchronous=normal (durability is not what is measured here).
//
// `npm run bench -- --only statistics [--quick] [--certificates N] [--database PATH]`
// (--database: keep the loaded database at PATH, and reuse it when it exists: no second load.)
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { aggregateOf, aggregateTrade, totalsOf } from '@kpx/domain';
import {
  buildStatisticsReturn,
  buildTestTrustList,
  createManualClock,
  createNode,
  fullScanTradeFacts,
  generateTestKey,
  getReconciliation,
  loadSyntheticTrade,
  quartersBetween,
  reconcileRecords,
  silentLogger,
  staticTrustSource,
} from '@kpx/node';
import { median, quick, record } from './lib.mjs';

const argValue = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** Wall time (what the limits are about) and this process's CPU time (what a busy machine does not inflate). */
async function timed(fn) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = await fn();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, value };
}

export async function benchStatistics() {
  const count = Number(argValue('--certificates') ?? (quick ? 20_000 : 1_000_000));
  const kept = argValue('--database');
  const reuse = kept !== undefined && existsSync(kept);
  const dir = kept === undefined ? mkdtempSync(join(tmpdir(), 'kpx-bench-statistics-')) : undefined;
  const path = kept ?? join(dir, 'node.sqlite');
  const key = generateTestKey();
  const start = '2025-01-01';
  const days = 730;
  // "Today" a few days after the last date of issue: the last weeks are still open.
  const clock = createManualClock('2027-01-05T09:00:00.000Z');
  const node = await createNode(
    {
      authority: 'RU-MINFIN',
      signingKey: key.privateJwk,
      database: { kind: 'sqlite', path, synchronous: 'normal' },
    },
    {
      clock,
      logger: silentLogger(),
      trustSource: staticTrustSource(buildTestTrustList({ 'RU-MINFIN': key.publicJwk })),
    },
  );
  let failed = false;
  try {
    const ctx = node.context;
    const tty = process.stdout.isTTY;
    const load = await timed(async () =>
      reuse
        ? { stored: count, end: '2026-12-31' }
        : loadSyntheticTrade(ctx, {
            count,
            start,
            days,
            batch: 2000,
            progress: (n) => {
              if (tty && n % 50_000 === 0)
                process.stdout.write(`\r  loaded ${n.toLocaleString('en')}`);
            },
          }),
    );
    if (tty) process.stdout.write('\r');
    if (reuse)
      console.log(`statistics: reusing ${path} (${count.toLocaleString('en')} certificates)`);
    else {
      console.log(
        `statistics: ${count.toLocaleString('en')} certificates loaded in ${(load.ms / 1000).toFixed(1)} s through the storage port`,
      );
      record({
        name: `statistics: load through storage port (${count / 1000}k)`,
        backend: 'sqlite',
        value: (count * 1000) / load.ms,
        unit: 'certificates/s',
      });
    }

    // Quarterly returns from the aggregate, every quarter, a few rounds each.
    const quarters = quartersBetween(start, load.value.end);
    const times = [];
    const cpuTimes = [];
    const returns = new Map();
    for (let round = 0; round < (quick ? 5 : 3); round += 1) {
      for (const q of quarters) {
        const r = await timed(() => buildStatisticsReturn(ctx, q));
        times.push(r.ms);
        cpuTimes.push(r.cpuMs);
        returns.set(q, r.value);
      }
    }
    const returnMs = median(times);

    // The baseline: the same returns by full scan of the records through the domain.
    const scan = await timed(() => fullScanTradeFacts(ctx.storage.db));
    const scannedAggregate = aggregateOf(scan.value);
    const fullTimes = [];
    for (const q of quarters) {
      const r = await timed(() => ({
        rows: [
          ...aggregateTrade(scan.value, { period: q, flow: 'export' }),
          ...aggregateTrade(scan.value, { period: q, flow: 'import' }),
        ],
        totals: {
          export: totalsOf(scannedAggregate, { period: q, flow: 'export' }),
          import: totalsOf(scannedAggregate, { period: q, flow: 'import' }),
        },
      }));
      fullTimes.push(scan.ms + r.ms);
      const mine = returns.get(q);
      if (!same(mine.rows, r.value.rows) || !same(mine.totals, r.value.totals)) {
        failed = true;
        console.error(`FAIL: the ${q} return differs from its full scan`);
      }
    }
    const fullMs = median(fullTimes);
    record({
      name: 'statistics: quarterly return (aggregate)',
      backend: 'sqlite',
      value: returnMs,
      unit: 'ms',
      limit: 50,
      ratio: fullMs / returnMs,
    });
    record({
      name: 'statistics: quarterly return (full scan)',
      backend: 'sqlite',
      value: fullMs,
      unit: 'ms',
    });

    // Whole-history reconciliation, checked against the domain over every record.
    const reconTimes = [];
    const reconCpu = [];
    let report;
    for (let round = 0; round < 3; round += 1) {
      const r = await timed(() => getReconciliation(ctx));
      reconTimes.push(r.ms);
      reconCpu.push(r.cpuMs);
      report = r.value;
    }
    const reference = await timed(() => reconcileRecords(ctx));
    if (!same(report.groups, reference.value)) {
      failed = true;
      console.error('FAIL: the reconciliation differs from the domain over every record');
    }
    const reconMs = median(reconTimes);
    const findings = report.groups.reduce(
      (s, g) => s + g.discrepancies.length + g.overdue.length + g.unknownConfirmations.length,
      0,
    );
    console.log(
      `statistics: ${quarters.length} quarters, ${returns.get(quarters[0]).rows.length} rows in ${quarters[0]}, return CPU median ${median(cpuTimes).toFixed(2)} ms; reconciliation ${report.groups.length} groups, ${findings.toLocaleString('en')} findings, CPU median ${median(reconCpu).toFixed(0)} ms; domain over all records ${(reference.ms / 1000).toFixed(1)} s (load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores)`,
    );
    record({
      name: 'statistics: reconciliation, whole history',
      backend: 'sqlite',
      value: reconMs,
      unit: 'ms',
      limit: 2000,
      ratio: reference.ms / reconMs,
    });
  } finally {
    await node.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }
  if (failed) {
    process.exitCode = 1;
    console.error('statistics: the maintained figures disagree with the full scan');
  }
}

// Run on its own: `node bench/statistics.mjs [--quick]`.
if (import.meta.url === `file://${process.argv[1]}`) await benchStatistics();
