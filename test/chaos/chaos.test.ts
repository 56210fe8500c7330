// The chaos run (test/chaos/chaos-run.ts) as CI runs it: a fixed seed and 300 certificates on
// each backend, real `kpx node start` processes (build first: `npx tsc -b`), a fault proxy on
// the exchange, EU SIGKILLed several times and RU once. `npm run chaos` runs the same core with
// 10,000 certificates by default.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kpxBin } from '../support/kpx-process.js';
import { skipPostgres, skipReason, withTestDatabase } from '../support/postgres.js';
import { formatChaosReport, removeChaosDir, runChaos, type ChaosReport } from './chaos-run.js';

const certificates = Number(process.env['KPX_CHAOS_CERTIFICATES'] ?? 300);
const seed = 20261128;
const runTimeoutMs = 600_000;
// KPX_CHAOS_VERBOSE=1 prints the run's progress (kills, drain) as it happens.
const progress =
  process.env['KPX_CHAOS_VERBOSE'] === '1' ? (line: string) => console.log(line) : undefined;

function expectNothingLostOrDoubled(report: ChaosReport): void {
  console.log(formatChaosReport(report).join('\n'));
  expect(report.answered201).toBe(certificates);
  expect(report.issueFailures).toBe(0);
  expect({ lost: report.lost, doubled: report.doubled }).toEqual({ lost: 0, doubled: 0 });
  expect(report.receiptsBack).toBe(certificates);
  expect(report.statusMismatches).toBe(0);
  expect(report.undelivered).toBe(0);
  // Both chains verify, with one issue and one delivery per certificate at RU and one receipt
  // of each at EU (besides the tokens made at set-up).
  expect(report.audit.ru.ok).toBe(true);
  expect(report.audit.eu.ok).toBe(true);
  expect(report.auditActions.ru).toMatchObject({
    'certificate.issue': certificates,
    'message.deliver': certificates,
  });
  expect(report.auditActions.eu).toMatchObject({
    'certificate.receive': certificates,
    'message.receive': certificates,
  });
  // The run was chaotic: the proxy interfered and both nodes were killed.
  expect(report.euKills).toBeGreaterThanOrEqual(3);
  expect(report.ruKills).toBe(1);
  expect(report.deliveryRetries).toBeGreaterThan(0);
  expect(report.ok).toBe(true);
  removeChaosDir(report);
}

describe('chaos run', () => {
  it(
    `SQLite: ${certificates} certificates RU→EU through faults and SIGKILLs, none lost or doubled`,
    async () => {
      expect(existsSync(kpxBin), 'build first: npx tsc -b').toBe(true);
      const report = await runChaos({
        certificates,
        backend: 'sqlite',
        seed,
        ...(progress === undefined ? {} : { progress }),
      });
      expectNothingLostOrDoubled(report);
    },
    runTimeoutMs,
  );

  const describePostgres = skipPostgres() ? describe.skip : describe;
  if (skipPostgres()) console.warn(skipReason);
  describePostgres('PostgreSQL', () => {
    const database = withTestDatabase();
    it(
      `PostgreSQL: ${certificates} certificates RU→EU through faults and SIGKILLs, none lost or doubled`,
      async () => {
        expect(existsSync(kpxBin), 'build first: npx tsc -b').toBe(true);
        const report = await runChaos({
          certificates,
          backend: 'postgres',
          seed,
          postgresUrl: database.url,
          ...(progress === undefined ? {} : { progress }),
        });
        expectNothingLostOrDoubled(report);
      },
      runTimeoutMs,
    );
  });
});
