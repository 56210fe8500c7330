import {
  aggregateTrade,
  sampleDraft,
  totalsOf,
  tradeRowsOf,
  type CertificateDraft,
  type TradeAggregate,
} from '@kpx/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forEachDialect } from '../../../../test/support/dialects.js';
import { createTestNetwork, type TestNetwork, type TestNode } from '../testing/test-network.js';
import { getReconciliation } from './get-reconciliation.js';
import { reconcileRecords } from './reconcile-records.js';
import { fullScanTradeAggregate, fullScanTradeFacts } from './scan-records.js';
import { rebuildStatistics } from './rebuild-statistics.js';
import { statisticsDb } from './statistics-tables.js';
import { readTradeAggregate } from './trade-aggregate-store.js';

// Aggregates maintained with every certificate change (issue, deliver, cancel, amend, confirm
// with HS lines or totals only, reject, paper record, expiry) must equal a full scan of the
// records through the domain's aggregateTrade — on each dialect.

type Json = Record<string, unknown>;

let net: TestNetwork;
let ru: TestNode;
let eu: TestNode;

function draft(change: Partial<CertificateDraft>): CertificateDraft {
  return { ...(structuredClone(sampleDraft) as CertificateDraft), ...change };
}

async function issue(node: TestNode, body: CertificateDraft): Promise<string> {
  const res = await node.request('/api/v1/certificates', {
    method: 'POST',
    role: 'issuer',
    json: body,
  });
  expect(res.status, JSON.stringify(await res.clone().json())).toBe(201);
  return ((await res.json()) as { number: string }).number;
}

async function post(node: TestNode, path: string, role: 'importer' | 'issuer', json: unknown) {
  const res = await node.request(path, { method: 'POST', role, json });
  expect(res.status, JSON.stringify(await res.clone().json())).toBeLessThan(300);
  return (await res.json()) as Json;
}

async function dispatchAll(): Promise<void> {
  for (let i = 0; i < 4; i += 1) {
    net.clock.advance(1000);
    for (const n of Object.values(net.nodes)) await n.node.dispatchOutbox();
  }
}

/** Maps of a TradeAggregate as plain sorted entries (bigints as text), for toEqual. */
function plain(a: TradeAggregate) {
  const cells = [...a.lines.entries()].map(([k, c]) => [
    k,
    c.certificates,
    c.caratsCents.toString(),
    c.valueCents.toString(),
  ]);
  const groups = [...a.groups.entries()].map(([k, g]) => [k, g.certificates]);
  return { cells: cells.sort(), groups: groups.sort() };
}

async function expectMaintainedEqualsFullScan(node: TestNode): Promise<TradeAggregate> {
  const db = node.node.context.storage.db;
  const maintained = await readTradeAggregate(statisticsDb(db));
  const scanned = await fullScanTradeAggregate(db);
  expect(plain(maintained)).toEqual(plain(scanned));
  const facts = await fullScanTradeFacts(db);
  for (const period of ['2026-Q1', '2026-Q2', '2026-H1', '2026']) {
    for (const flow of ['export', 'import'] as const) {
      expect(tradeRowsOf(maintained, { period, flow })).toEqual(
        aggregateTrade(facts, { period, flow }),
      );
      expect(totalsOf(maintained, { period, flow })).toEqual(totalsOf(scanned, { period, flow }));
    }
  }
  // The mirror entries and their sums follow too: reconciliation = the domain over the records.
  const ctx = node.node.context;
  expect((await getReconciliation(ctx)).groups).toEqual(await reconcileRecords(ctx));
  return maintained;
}

forEachDialect((d) => {
  beforeEach(async () => {
    net = await createTestNetwork(['RU-MINFIN', 'EU-BE-ANTWERP'], { database: () => d.database() });
    ru = net.nodes['RU-MINFIN']!;
    eu = net.nodes['EU-BE-ANTWERP']!;
  });
  afterEach(async () => {
    await net.stop();
  });

  describe('trade aggregate maintained as certificates change', () => {
    it('equals a full scan through issue, cancel, amend, confirm (lines / totals only), reject, paper and expiry', async () => {
      const a = await issue(ru, draft({ origin: 'RU' }));
      const b = await issue(
        ru,
        draft({
          origin: 'MIXED',
          items: [{ hs: '7102.10', carats: '100.00', valueUsd: '5000.00' }],
        }),
      );
      const c = await issue(
        ru,
        draft({
          items: [
            { hs: '7102.10', carats: '10.00', valueUsd: '100.00' },
            { hs: '7102.21', carats: '20.00', valueUsd: '200.00' },
            { hs: '7102.31', carats: '30.00', valueUsd: '3000.00' },
          ],
        }),
      );
      const cancelled = await issue(ru, draft({ origin: 'BW' }));
      const amended = await issue(ru, draft({ origin: 'RU' }));
      const rejected = await issue(ru, draft({ origin: 'RU' }));
      await dispatchAll();
      await expectMaintainedEqualsFullScan(ru);
      await expectMaintainedEqualsFullScan(eu);

      await post(ru, `/api/v1/certificates/${cancelled}/cancellation`, 'issuer', {
        reason: 'shipment withdrawn',
      });
      const replacement = await issue(
        ru,
        draft({
          origin: 'RU',
          replaces: amended,
          items: [{ hs: '7102.31', carats: '2450.35', valueUsd: '313644.80' }],
        }),
      );
      await dispatchAll();
      await expectMaintainedEqualsFullScan(ru);
      await expectMaintainedEqualsFullScan(eu);

      // Into the next quarter: imports are dated by the date of receipt.
      net.clock.set('2026-04-10T10:00:00.000Z');
      await post(eu, `/api/v1/certificates/${a}/confirmation`, 'importer', {
        parcels: 4,
        carats: '4320.45',
        valueUsd: '335150.95',
        items: [
          { hs: '7102.31', carats: '2450.35', valueUsd: '313644.80' },
          { hs: '7102.21', carats: '1870.10', valueUsd: '21506.15' },
        ],
        receivedOn: '2026-04-09',
        sealsIntact: true,
      });
      // Totals only, not the certificate's: apportioned over its lines.
      await post(eu, `/api/v1/certificates/${c}/confirmation`, 'importer', {
        parcels: 4,
        carats: '59.99',
        valueUsd: '3300.01',
        receivedOn: '2026-04-10',
        sealsIntact: true,
      });
      // Totals only, equal to the certificate's.
      await post(eu, `/api/v1/certificates/${b}/confirmation`, 'importer', {
        parcels: 4,
        carats: '100.00',
        valueUsd: '5000.00',
        receivedOn: '2026-03-31',
        sealsIntact: true,
      });
      await post(eu, `/api/v1/certificates/${replacement}/confirmation`, 'importer', {
        parcels: 4,
        carats: '2450.00',
        valueUsd: '313000.00',
        items: [{ hs: '7102.31', carats: '2450.00', valueUsd: '313000.00' }],
        receivedOn: '2026-04-10',
        sealsIntact: false,
      });
      await post(eu, `/api/v1/certificates/${rejected}/rejection`, 'importer', {
        reason: 'seals broken',
      });
      // A paper certificate from a Participant without a node, recorded and confirmed.
      const paper = await post(eu, '/api/v1/paper-certificates', 'importer', {
        number: 'IN-2026-PAPER-1',
        issuingAuthority: 'Gem & Jewellery Export Promotion Council',
        exportingParticipant: 'IN',
        importingParticipant: 'EU',
        exporter: { name: 'Surat Rough Pvt Ltd', address: 'Surat, Gujarat, India' },
        importer: { name: 'Schupstraat Rough Trading BV', address: 'Antwerpen' },
        origin: 'MIXED',
        items: [{ hs: '7102.21', carats: '500.00', valueUsd: '9000.00' }],
        totals: { carats: '500.00', valueUsd: '9000.00' },
        parcels: 1,
        issuedOn: '2026-04-01',
        expiresOn: '2026-06-30',
      });
      await post(eu, `/api/v1/certificates/${paper['number'] as string}/confirmation`, 'importer', {
        parcels: 1,
        carats: '500.00',
        valueUsd: '9000.00',
        receivedOn: '2026-04-10',
        sealsIntact: true,
      });
      await dispatchAll();
      const ruAggregate = await expectMaintainedEqualsFullScan(ru);
      const euAggregate = await expectMaintainedEqualsFullScan(eu);

      // Exports of RU in Q1: a, b, c, the replacement and the rejected one (the cancelled and
      // the superseded certificate do not count); each certificate once in the totals.
      expect(totalsOf(ruAggregate, { period: '2026-Q1', flow: 'export' })).toEqual({
        certificates: 5,
        carats: '11251.25', // 4320.45 + 100.00 + 60.00 + 2450.35 + 4320.45
        valueUsd: '992246.70',
      });
      // EU imports: b in Q1 (received 31 March), a, c, the replacement and paper in Q2.
      expect(totalsOf(euAggregate, { period: '2026-Q1', flow: 'import' })).toEqual({
        certificates: 1,
        carats: '100.00',
        valueUsd: '5000.00',
      });
      expect(totalsOf(euAggregate, { period: '2026-Q2', flow: 'import' })).toEqual({
        certificates: 4,
        carats: '7330.44', // 4320.45 + 59.99 + 2450.00 + 500.00
        valueUsd: '660450.96', // 335150.95 + 3300.01 + 313000.00 + 9000.00
      });
      // The totals-only confirmation of c is apportioned exactly over its three lines.
      const cRows = tradeRowsOf(euAggregate, { period: '2026-Q2', flow: 'import', partner: 'RU' });
      expect(cRows.map((r) => [r.hs, r.origin, r.certificates, r.carats])).toEqual([
        ['7102.10', 'RU', 1, '10.00'], // c: 59.99 over 10/20/30 → 10.00, 20.00, 29.99
        ['7102.21', 'RU', 2, '1890.10'], // a 1870.10 + c 20.00
        ['7102.31', 'RU', 3, '4930.34'], // a 2450.35 + c 29.99 + replacement 2450.00
      ]);

      // Expiry: past every expiry date, open exports expire (they keep counting).
      net.clock.set('2026-12-31T10:00:00.000Z');
      await ru.node.expireCertificates();
      await eu.node.expireCertificates();
      await expectMaintainedEqualsFullScan(ru);
      await expectMaintainedEqualsFullScan(eu);

      // A rebuild from the records (what migration 0003 runs) gives the same cells and sums.
      for (const node of [ru, eu]) {
        const ctx = node.node.context;
        const before = plain(await readTradeAggregate(statisticsDb(ctx.storage.db)));
        const reconciliation = await getReconciliation(ctx);
        await rebuildStatistics(ctx.storage.db);
        expect(plain(await readTradeAggregate(statisticsDb(ctx.storage.db)))).toEqual(before);
        expect(await getReconciliation(ctx)).toEqual(reconciliation);
      }
    });
  });
});
