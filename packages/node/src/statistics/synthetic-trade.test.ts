import { aggregateTrade, totalsOf } from '@kpx/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forEachDialect } from '../../../../test/support/dialects.js';
import { createTestNetwork, type TestNetwork } from '../testing/test-network.js';
import { getReconciliation } from './get-reconciliation.js';
import { reconcileRecords } from './reconcile-records.js';
import { fullScanTradeAggregate, fullScanTradeFacts } from './scan-records.js';
import { buildStatisticsReturn } from './send-statistics-return.js';
import { loadSyntheticTrade, quartersBetween } from './synthetic-trade.js';

// Many certificates in every state, written through the storage port (as the benchmark does):
// each quarterly return equals the full scan to the cent and the carat, and the reconciliation
// (database sums + domain for the rest) equals the domain's reconcile of every record.

let net: TestNetwork;

forEachDialect((d) => {
  beforeEach(async () => {
    net = await createTestNetwork(['RU-MINFIN'], {
      database: () => d.database(),
      start: '2026-01-05T09:00:00.000Z',
    });
  });
  afterEach(async () => {
    await net.stop();
  });

  describe('synthetic trade through the storage port', () => {
    it('keeps returns and reconciliation equal to full scans', async () => {
      const ctx = net.nodes['RU-MINFIN']!.node.context;
      const { stored, end } = await loadSyntheticTrade(ctx, {
        count: 800,
        batch: 200,
        start: '2025-01-01',
        days: 365,
      });
      expect(stored).toBe(800);
      expect(end).toBe('2025-12-31');
      const facts = await fullScanTradeFacts(ctx.storage.db);
      const scanned = await fullScanTradeAggregate(ctx.storage.db);
      for (const period of quartersBetween('2025-01-01', end)) {
        const body = await buildStatisticsReturn(ctx, period);
        expect(body.rows).toEqual([
          ...aggregateTrade(facts, { period, flow: 'export' }),
          ...aggregateTrade(facts, { period, flow: 'import' }),
        ]);
        expect(body.totals.export).toEqual(totalsOf(scanned, { period, flow: 'export' }));
        expect(body.totals.import).toEqual(totalsOf(scanned, { period, flow: 'import' }));
        expect(body.totals.export.certificates).toBeGreaterThan(100);
      }
      for (const today of ['2026-01-05', '2025-07-01']) {
        net.clock.set(`${today}T09:00:00.000Z`);
        for (const period of [undefined, '2025-Q2', '2025-H2', '2025']) {
          const report = await getReconciliation(ctx, period === undefined ? {} : { period });
          expect(report.groups).toEqual(await reconcileRecords(ctx, period));
        }
      }
      const whole = await getReconciliation(ctx);
      const count = (f: (g: (typeof whole.groups)[number]) => number) =>
        whole.groups.reduce((s, g) => s + f(g), 0);
      expect(count((g) => g.discrepancies.length)).toBeGreaterThan(5);
      expect(count((g) => g.overdue.length)).toBeGreaterThan(5);
      expect(count((g) => g.matched)).toBeGreaterThan(450);
    }, 120_000);
  });
});
