import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { forEachDialect } from '../../../../test/support/dialects.js';
import type { KpxDatabase } from '../storage/database-schema.js';
import { createTestNetwork, type TestNetwork } from '../testing/test-network.js';
import { loadSyntheticTrade } from './synthetic-trade.js';

// The bulk load of the benchmark must leave exactly what the repositories leave: the same
// seeded trade is written change by change through the repositories on one node, and in bulk,
// final states only, four transactions in flight, on another; every row of every table they
// write must be the same.

const tables = {
  certificates: 'number',
  confirmations: 'certificate_number',
  mirror_entries: 'number',
  mirror_groups: 'period, exporter, importer',
  trade_aggregate: 'period, flow, partner, hs, origin, provenance',
  trade_groups: 'period, flow, partner, origin, provenance',
};

const rowsOf = async (db: Kysely<KpxDatabase>, table: string, order: string) =>
  (await sql`select * from ${sql.table(table)} order by ${sql.raw(order)}`.execute(db)).rows;

const networks: TestNetwork[] = [];

forEachDialect((d) => {
  afterEach(async () => {
    for (const net of networks.splice(0)) await net.stop();
  });

  describe('storeHeldCertificates (the bulk load)', () => {
    it('stores the same rows and statistics as the repositories, change by change', async () => {
      const open = async () => {
        const net = await createTestNetwork(['RU-MINFIN'], {
          database: () => d.database(),
          start: '2026-01-05T09:00:00.000Z',
        });
        networks.push(net);
        return net.nodes['RU-MINFIN']!.node.context;
      };
      const trade = { count: 1200, start: '2025-01-01', days: 365 };
      const stepwise = await open();
      const bulk = await open();
      await loadSyntheticTrade(stepwise, { ...trade, batch: 300 });
      await loadSyntheticTrade(bulk, { ...trade, batch: 100, lanes: 4, write: 'bulk' });
      for (const [table, order] of Object.entries(tables)) {
        const expected = await rowsOf(stepwise.storage.db, table, order);
        expect(expected.length, table).toBeGreaterThan(10);
        expect(await rowsOf(bulk.storage.db, table, order), table).toEqual(expected);
      }
      // Some of every kind of change happened, so the comparison covers them.
      const statuses = await sql<{
        status: string;
      }>`select distinct status from certificates order by status`.execute(stepwise.storage.db);
      expect(statuses.rows.map((s) => s.status)).toEqual([
        'cancelled',
        'confirmed',
        'delivered',
        'expired',
        'rejected',
        'superseded',
      ]);
    }, 120_000);
  });
});
