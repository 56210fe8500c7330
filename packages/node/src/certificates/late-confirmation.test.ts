import {
  aggregateTrade,
  sampleDraft,
  totalsOf,
  tradeRowsOf,
  type CertificateDraft,
} from '@kpx/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forEachDialect } from '../../../../test/support/dialects.js';
import { getAnomalies } from '../statistics/get-anomalies.js';
import { getReconciliation } from '../statistics/get-reconciliation.js';
import { reconcileRecords } from '../statistics/reconcile-records.js';
import { fullScanTradeAggregate, fullScanTradeFacts } from '../statistics/scan-records.js';
import { readTradeAggregate } from '../statistics/trade-aggregate-store.js';
import { statisticsDb } from '../statistics/statistics-tables.js';
import { createTestNetwork, type TestNetwork, type TestNode } from '../testing/test-network.js';

// Late confirmation (docs/decisions.md D16): a shipment received on or before the date of expiry
// can still be confirmed after both nodes marked the certificate expired; one received after
// expiry stays refused with KPX_CERTIFICATE_EXPIRED.

let net: TestNetwork;
let ru: TestNode;
let eu: TestNode;

const expiresOn = '2026-03-20';

async function issue(): Promise<string> {
  const draft = { ...(structuredClone(sampleDraft) as CertificateDraft), expiresOn };
  const res = await ru.request('/api/v1/certificates', {
    method: 'POST',
    role: 'issuer',
    json: draft,
  });
  expect(res.status, JSON.stringify(await res.clone().json())).toBe(201);
  return ((await res.json()) as { number: string }).number;
}

async function dispatchAll(): Promise<void> {
  for (let i = 0; i < 4; i += 1) {
    net.clock.advance(1000);
    for (const n of Object.values(net.nodes)) await n.node.dispatchOutbox();
  }
}

async function statusOn(node: TestNode, number: string): Promise<string> {
  const res = await node.request(`/api/v1/certificates/${number}`, {
    role: node === ru ? 'issuer' : 'importer',
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { status: string }).status;
}

function confirm(number: string, receivedOn: string) {
  return eu.request(`/api/v1/certificates/${number}/confirmation`, {
    method: 'POST',
    role: 'importer',
    json: {
      parcels: 4,
      carats: '4320.45',
      valueUsd: '335150.95',
      receivedOn,
      sealsIntact: true,
    },
  });
}

async function expectStatisticsEqualFullScan(node: TestNode): Promise<void> {
  const ctx = node.node.context;
  const db = ctx.storage.db;
  const maintained = await readTradeAggregate(statisticsDb(db));
  const scanned = await fullScanTradeAggregate(db);
  const facts = await fullScanTradeFacts(db);
  for (const flow of ['export', 'import'] as const) {
    expect(tradeRowsOf(maintained, { period: '2026-Q1', flow })).toEqual(
      aggregateTrade(facts, { period: '2026-Q1', flow }),
    );
    expect(totalsOf(maintained, { period: '2026-Q1', flow })).toEqual(
      totalsOf(scanned, { period: '2026-Q1', flow }),
    );
  }
  expect((await getReconciliation(ctx)).groups).toEqual(await reconcileRecords(ctx));
}

async function expiredUnconfirmed(node: TestNode): Promise<string[]> {
  const report = await getAnomalies(node.node.context, { period: '2026-Q1' });
  return report.anomalies
    .filter((a) => a.kind === 'expired-unconfirmed')
    .map((a) => a.number ?? '');
}

forEachDialect((d) => {
  beforeEach(async () => {
    net = await createTestNetwork(['RU-MINFIN', 'EU-BE-ANTWERP'], {
      database: () => d.database(),
      start: '2026-03-02T09:00:00.000Z',
    });
    ru = net.nodes['RU-MINFIN']!;
    eu = net.nodes['EU-BE-ANTWERP']!;
  });
  afterEach(async () => {
    await net.stop();
  });

  describe('late confirmation of an expired certificate', () => {
    it('confirms on both nodes a shipment received before expiry, refuses one received after', async () => {
      const onTime = await issue();
      const late = await issue();
      await dispatchAll();
      expect(await statusOn(eu, onTime)).toBe('delivered');

      // Past the date of expiry: each node expires its own copies.
      net.clock.set('2026-03-25T10:00:00.000Z');
      expect(await ru.node.expireCertificates()).toBe(2);
      expect(await eu.node.expireCertificates()).toBe(2);
      expect(await statusOn(ru, onTime)).toBe('expired');
      expect(await statusOn(eu, onTime)).toBe('expired');
      expect((await expiredUnconfirmed(ru)).sort()).toEqual([onTime, late].sort());
      await expectStatisticsEqualFullScan(ru);
      await expectStatisticsEqualFullScan(eu);

      // Received on the last valid day, recorded five days later: confirmed.
      const ok = await confirm(onTime, expiresOn);
      expect(ok.status, JSON.stringify(await ok.clone().json())).toBe(200);
      expect(await ok.json()).toMatchObject({ number: onTime, status: 'confirmed' });
      // Received after expiry: refused, nothing changes.
      const refused = await confirm(late, '2026-03-21');
      expect(refused.status).toBe(422);
      expect(await refused.json()).toMatchObject({ code: 'KPX_CERTIFICATE_EXPIRED' });
      expect(await statusOn(eu, late)).toBe('expired');

      await dispatchAll();
      expect(await statusOn(eu, onTime)).toBe('confirmed');
      expect(await statusOn(ru, onTime)).toBe('confirmed');
      expect(await statusOn(ru, late)).toBe('expired');

      // Statistics follow: the import counts, the anomaly lists only the unconfirmed one, and
      // the mirror pairs the export with its confirmation.
      for (const node of [ru, eu]) {
        await expectStatisticsEqualFullScan(node);
        expect(await expiredUnconfirmed(node)).toEqual([late]);
      }
      const euImports = totalsOf(
        await readTradeAggregate(statisticsDb(eu.node.context.storage.db)),
        {
          period: '2026-Q1',
          flow: 'import',
        },
      );
      expect(euImports.certificates).toBe(1);
      const groups = (await getReconciliation(ru.node.context)).groups;
      expect(groups.reduce((n, g) => n + g.matched, 0)).toBe(1);
    });
  });
});
