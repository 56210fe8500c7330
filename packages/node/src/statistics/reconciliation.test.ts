import { sampleDraft, type CertificateDraft, type ReconciliationGroup } from '@kpx/domain';
import { signEnvelope, uuidv7 } from '@kpx/protocol';
import { createNodeSigner } from '@kpx/protocol/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forEachDialect } from '../../../../test/support/dialects.js';
import { isoAt } from '../runtime/clock.js';
import { createTestNetwork, type TestNetwork, type TestNode } from '../testing/test-network.js';
import type { ReconciliationReport } from './get-reconciliation.js';
import { reconcileRecords } from './reconcile-records.js';

// Mirror reconciliation after exchanges between three real nodes: every planted difference
// shows, on the nodes that can see it, and nothing else; and the node's answer (database sums
// for the pairs that agree + the domain for the rest) equals the domain's reconcile over all
// of the node's records.

let net: TestNetwork;
let ru: TestNode;
let eu: TestNode;
let inn: TestNode;

const parties = {
  RU: { participant: 'RU', authority: 'RU-MINFIN' },
  EU: { participant: 'EU', authority: 'EU-BE-ANTWERP' },
  IN: { participant: 'IN', authority: 'IN-GJEPC' },
} as const;

function draftTo(to: keyof typeof parties, from: keyof typeof parties): CertificateDraft {
  return {
    ...(structuredClone(sampleDraft) as CertificateDraft),
    importingParticipant: parties[to].participant,
    importingAuthority: parties[to].authority,
    origin: from === 'EU' ? 'MIXED' : from,
    seals: [`${from}-S-000777`],
  };
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

const exact = { parcels: 4, carats: '4320.45', valueUsd: '335150.95', sealsIntact: true };

async function confirm(node: TestNode, number: string, change: Record<string, unknown> = {}) {
  const res = await node.request(`/api/v1/certificates/${number}/confirmation`, {
    method: 'POST',
    role: 'importer',
    json: { ...exact, receivedOn: '2026-03-10', ...change },
  });
  expect(res.status, JSON.stringify(await res.clone().json())).toBe(200);
}

async function dispatchAll(): Promise<void> {
  for (let i = 0; i < 4; i += 1) {
    net.clock.advance(1000);
    for (const n of Object.values(net.nodes)) await n.node.dispatchOutbox();
  }
}

async function reconciliation(node: TestNode, period?: string): Promise<ReconciliationReport> {
  const res = await node.request(
    `/api/v1/reconciliation${period === undefined ? '' : `?period=${period}`}`,
    {
      role: 'analyst',
    },
  );
  expect(res.status).toBe(200);
  return (await res.json()) as ReconciliationReport;
}

/** Everything a reconciliation reports beyond totals, as short strings. */
function findings(groups: readonly ReconciliationGroup[]): string[] {
  return groups
    .flatMap((g) => [
      ...g.discrepancies.flatMap((d) =>
        d.differences.map((x) => `${d.number} ${x.field} ${x.expected}→${x.actual}`),
      ),
      ...g.overdue.map((o) => `${o.number} overdue ${o.daysOpen}d`),
      ...g.notMirrored.map((n) => `${n} not mirrored`),
      ...g.unknownConfirmations.map((u) => `${u.number} ${u.reason}`),
    ])
    .sort();
}

forEachDialect((d) => {
  beforeEach(async () => {
    net = await createTestNetwork(['RU-MINFIN', 'EU-BE-ANTWERP', 'IN-GJEPC'], {
      database: () => d.database(),
    });
    ru = net.nodes['RU-MINFIN']!;
    eu = net.nodes['EU-BE-ANTWERP']!;
    inn = net.nodes['IN-GJEPC']!;
  });
  afterEach(async () => {
    await net.stop();
  });

  describe('mirror reconciliation between RU-MINFIN, EU-BE-ANTWERP and IN-GJEPC', () => {
    it('shows every planted difference and nothing else', async () => {
      // Trade that agrees on both sides.
      const agree = [
        await issue(ru, draftTo('EU', 'RU')),
        await issue(ru, draftTo('IN', 'RU')),
        await issue(inn, draftTo('EU', 'IN')),
        await issue(eu, draftTo('RU', 'EU')),
      ];
      const short = await issue(ru, draftTo('EU', 'RU')); // confirmed 0.45 ct short
      const parcels = await issue(ru, draftTo('IN', 'RU')); // confirmed with 3 parcels
      const open = await issue(inn, draftTo('EU', 'IN')); // never confirmed: overdue
      const withdrawn = await issue(eu, draftTo('IN', 'EU')); // cancelled, yet confirmed by IN
      await dispatchAll();

      await confirm(eu, agree[0]!);
      await confirm(inn, agree[1]!);
      await confirm(eu, agree[2]!);
      await confirm(ru, agree[3]!);
      await confirm(eu, short, { carats: '4320.00' });
      await confirm(inn, parcels, { parcels: 3 });
      // EU cancels while IN is off the network; IN confirms the copy it holds.
      net.setReachable('IN-GJEPC', false);
      const cancel = await eu.request(`/api/v1/certificates/${withdrawn}/cancellation`, {
        method: 'POST',
        role: 'issuer',
        json: { reason: 'withdrawn by the exporter' },
      });
      expect(cancel.status).toBe(200);
      await dispatchAll();
      await confirm(inn, withdrawn);
      net.setReachable('IN-GJEPC', true);
      await dispatchAll();
      net.clock.advance(60 * 60 * 1000); // past the backoff
      await dispatchAll();
      // A confirmation, signed by IN, of a certificate RU never issued.
      const forged = await signEnvelope(
        {
          id: uuidv7(net.clock.now(), new Uint8Array(10).fill(7)),
          type: 'import.confirmed',
          from: 'IN-GJEPC',
          to: 'RU-MINFIN',
          createdAt: isoAt(net.clock.now()),
          body: {
            number: 'RU-2026-999999',
            confirmation: { ...exact, receivedOn: '2026-03-11' },
            discrepancies: [],
          },
        },
        createNodeSigner(inn.key.privateJwk),
      );
      const refused = await ru.request('/exchange/v1/messages', {
        method: 'POST',
        body: forged,
        headers: { 'content-type': 'application/jose' },
      });
      expect(refused.status).toBe(200); // a signed rejection receipt

      net.clock.set('2026-04-15T09:00:00.000Z'); // 44 days after issue
      const days = 44;

      const ruReport = await reconciliation(ru);
      expect(ruReport).toMatchObject({ today: '2026-04-15', overdueDays: 30 });
      expect(findings(ruReport.groups)).toEqual(
        [
          `${short} carats 4320.45→4320.00`,
          `${parcels} parcels 4→3`,
          'RU-2026-999999 unknown',
        ].sort(),
      );
      expect(findings((await reconciliation(eu)).groups)).toEqual(
        [
          `${short} carats 4320.45→4320.00`,
          `${open} overdue ${days}d`,
          `${withdrawn} cancelled`,
        ].sort(),
      );
      expect(findings((await reconciliation(inn)).groups)).toEqual(
        [`${parcels} parcels 4→3`, `${open} overdue ${days}d`].sort(),
      );

      // Per route: RU → EU at RU: two exports, two confirmations, both matched.
      const ruEu = ruReport.groups.find((g) => g.exporter === 'RU' && g.importer === 'EU')!;
      expect(ruEu).toMatchObject({
        period: '2026-Q1',
        exports: { certificates: 2, carats: '8640.90', valueUsd: '670301.90', parcels: 8 },
        imports: { certificates: 2, carats: '8640.45', valueUsd: '670301.90', parcels: 8 },
        matched: 2,
      });

      // The node's answer is the domain's reconcile of all its records, for any period.
      for (const node of [ru, eu, inn]) {
        for (const period of [undefined, '2026-Q1', '2026-Q2', '2026']) {
          expect((await reconciliation(node, period)).groups).toEqual(
            await reconcileRecords(node.node.context, period),
          );
        }
      }
      expect((await reconciliation(ru, '2026-Q2')).groups).toEqual([]);
      const bad = await ru.request('/api/v1/reconciliation?period=2026-X', { role: 'analyst' });
      expect(bad.status).toBe(422);
    });
  });
});
