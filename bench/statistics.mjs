// Statistics at scale (issue "Statistics and reconciliation", Speed), on SQLite and PostgreSQL:
// a node holding 1,000,000 certificates (`--quick`: 20,000). On SQLite they are loaded through
// the storage port — the certificate and confirmation repositories every use case writes
// through, change by change, in batched transactions, so the trade aggregate and mirror
// entries are maintained exactly as when officers work (signing, outbox and audit rows are left
// out: the exchange bench measures those). On PostgreSQL, where each of those statements is a
// round trip (a million would take about 20 minutes), the same trade is loaded in bulk: each
// certificate in its final state, a few multi-row statements a transaction, six transactions in
// flight on partner-disjoint rows (`storeHeldCertificates`, whose test shows every table equal
// to the repositories' path on both dialects). `--load repositories|bulk` picks either on either.
// Then:
//   - a quarterly return from the maintained aggregate, median over every quarter (goal ≤ 50 ms),
//     beside the same return by full scan of the records through the domain (the baseline;
//     `ratio` = full scan ÷ aggregate, the speed-up). Every quarter's return is compared with
//     its full scan, row by row and total by total: any difference FAILS the run (exit 1);
//   - whole-history mirror reconciliation (goal ≤ 2 s), checked against the domain's reconcile
//     of every record (a difference FAILS the run too).
// SQLite: a file database, synchronous=normal (durability is not what is measured here).
// PostgreSQL: a fresh schema on KPX_BENCH_PG_URL (bench/lib.mjs), dropped at the end.
//
// `npm run bench -- --only statistics [--quick] [--backend sqlite|postgres|both]
//   [--certificates N] [--database PATH] [--schema NAME] [--load repositories|bulk] [--lanes N]`
// (--database / --schema: keep the loaded SQLite file / PostgreSQL schema, and reuse it when it
// already holds certificates: no second load.)
import { mkdtempSync, rmSync } from 'node:fs';
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
import {
  argValue,
  freshSchema,
  median,
  postgresStatement,
  postgresUrl,
  quick,
  record,
} from './lib.mjs';

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** Wall time (what the limits are about) and this process's CPU time (what a busy machine does not inflate). */
async function timed(fn) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = await fn();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, value };
}

// The same counts on both: loaded in bulk, PostgreSQL's 20,000 add a few seconds to --quick.
const defaultCounts = quick
  ? { sqlite: 20_000, postgres: 20_000 }
  : { sqlite: 1_000_000, postgres: 1_000_000 };

// How the certificates are loaded: through the repositories, change by change (SQLite), or in
// bulk, final states in multi-row statements (PostgreSQL, where the repositories' statement per
// change is a round trip each: over 20 min for a million instead of under 2). `--load` overrides.
const loadWay = (backend) => {
  const way = argValue('--load') ?? (backend === 'postgres' ? 'bulk' : 'repositories');
  if (way !== 'repositories' && way !== 'bulk')
    throw new Error(`bench: --load is repositories or bulk, not ${way}`);
  return way;
};

const loadHow = {
  repositories: 'through the storage port (the repositories, change by change)',
  bulk: 'in bulk (final states, multi-row statements: storeHeldCertificates)',
};
const loadRow = { repositories: 'through storage port', bulk: 'in bulk, final states' };

const backendsOf = (value = 'both') => {
  if (value === 'both') return ['sqlite', 'postgres'];
  if (value === 'sqlite' || value === 'postgres') return [value];
  throw new Error(`bench: --backend is sqlite, postgres or both, not ${value}`);
};

export async function benchStatistics() {
  for (const backend of backendsOf(argValue('--backend'))) {
    const count = Number(argValue('--certificates') ?? defaultCounts[backend]);
    if (!(await benchStatisticsOn(backend, count))) {
      process.exitCode = 1;
      console.error(`statistics: the maintained figures disagree with the full scan on ${backend}`);
    }
  }
}

/**
 * Where the node's database lives: a SQLite file (`--database PATH` keeps it) or a PostgreSQL
 * schema (`--schema NAME` keeps it); otherwise a fresh one, removed by `drop()`.
 */
function databaseFor(backend) {
  if (backend === 'sqlite') {
    const kept = argValue('--database');
    const dir =
      kept === undefined ? mkdtempSync(join(tmpdir(), 'kpx-bench-statistics-')) : undefined;
    const path = kept ?? join(dir, 'node.sqlite');
    return {
      where: path,
      database: { kind: 'sqlite', path, synchronous: 'normal' },
      drop: async () => {
        if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const kept = argValue('--schema');
  const schema = kept ?? freshSchema('statistics');
  return {
    where: `schema ${schema}`,
    database: { kind: 'postgres', url: postgresUrl, schema },
    drop: async () => {
      if (kept === undefined) await postgresStatement(`drop schema if exists ${schema} cascade`);
    },
  };
}

/** One backend: load (or reuse), then returns and reconciliation; false if any check failed. */
async function benchStatisticsOn(backend, wanted) {
  let count = wanted;
  const place = databaseFor(backend);
  const key = generateTestKey();
  const start = '2025-01-01';
  const days = 730;
  // "Today" a few days after the last date of issue: the last weeks are still open.
  const clock = createManualClock('2027-01-05T09:00:00.000Z');
  const node = await createNode(
    {
      authority: 'RU-MINFIN',
      signingKey: key.privateJwk,
      database: place.database,
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
    // A kept database that already holds certificates is reused as it is: no second load.
    const held = await ctx.storage.db
      .selectFrom('certificates')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const reuse = Number(held.n) > 0;
    let shown = 0;
    if (reuse) count = Number(held.n);
    const load = await timed(async () =>
      reuse
        ? { stored: count, end: '2026-12-31' }
        : loadSyntheticTrade(ctx, {
            count,
            start,
            days,
            batch: 2000,
            lanes: Number(argValue('--lanes') ?? (backend === 'postgres' ? 6 : 1)),
            write: loadWay(backend),
            progress: (n) => {
              if (tty && Math.floor(n / 50_000) > Math.floor(shown / 50_000))
                process.stdout.write(`\r  loaded ${n.toLocaleString('en')}`);
              shown = n;
            },
          }),
    );
    if (tty) process.stdout.write('\r');
    if (reuse)
      console.log(
        `statistics on ${backend}: reusing ${place.where} (${count.toLocaleString('en')} certificates)`,
      );
    else {
      console.log(
        `statistics on ${backend}: ${count.toLocaleString('en')} certificates loaded in ${(load.ms / 1000).toFixed(1)} s ${loadHow[loadWay(backend)]} (CPU of this process ${(load.cpuMs / 1000).toFixed(1)} s)`,
      );
      record({
        name: `statistics: load ${loadRow[loadWay(backend)]} (${count / 1000}k)`,
        backend,
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
      backend,
      value: returnMs,
      unit: 'ms',
      limit: 50,
      ratio: fullMs / returnMs,
    });
    record({
      name: 'statistics: quarterly return (full scan)',
      backend,
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
      `statistics on ${backend}: ${quarters.length} quarters, ${returns.get(quarters[0]).rows.length} rows in ${quarters[0]}, return CPU median ${median(cpuTimes).toFixed(2)} ms; reconciliation ${report.groups.length} groups, ${findings.toLocaleString('en')} findings, CPU median ${median(reconCpu).toFixed(0)} ms; domain over all records ${(reference.ms / 1000).toFixed(1)} s (load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores)`,
    );
    record({
      name: 'statistics: reconciliation, whole history',
      backend,
      value: reconMs,
      unit: 'ms',
      limit: 2000,
      ratio: reference.ms / reconMs,
    });
  } finally {
    await node.stop();
    await place.drop();
  }
  return !failed;
}

// Run on its own: `node bench/statistics.mjs [--quick]`.
if (import.meta.url === `file://${process.argv[1]}`) await benchStatistics();
