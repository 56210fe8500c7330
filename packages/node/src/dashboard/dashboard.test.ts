import { sampleDraft, type Confirmation } from '@kpx/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forEachDialect } from '../../../../test/support/dialects.js';
import { createTestNetwork, type TestNetwork, type TestNode } from '../testing/test-network.js';
import type { Dashboard } from './dashboard.js';

let net: TestNetwork;
let ru: TestNode;
let eu: TestNode;
const day = 86_400_000;

const confirmation: Confirmation = {
  parcels: 4,
  carats: '4320.45',
  valueUsd: '335150.95',
  receivedOn: '2026-03-03',
  sealsIntact: true,
};

async function dashboard(node: TestNode): Promise<Dashboard> {
  const res = await node.request('/api/v1/dashboard', { role: 'auditor' });
  expect(res.status).toBe(200);
  return (await res.json()) as Dashboard;
}

async function issue(): Promise<string> {
  const res = await ru.request('/api/v1/certificates', {
    method: 'POST',
    role: 'issuer',
    json: sampleDraft,
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { number: string }).number;
}

const none = {
  issued: 0,
  delivered: 0,
  confirmed: 0,
  rejected: 0,
  cancelled: 0,
  expired: 0,
  superseded: 0,
};

forEachDialect((d) => {
  beforeEach(async () => {
    net = await createTestNetwork(['RU-MINFIN', 'EU-BE-ANTWERP'], { database: () => d.database() });
    ru = net.nodes['RU-MINFIN']!;
    eu = net.nodes['EU-BE-ANTWERP']!;
  });
  afterEach(async () => {
    await net.stop();
  });

  describe('GET /api/v1/dashboard', () => {
    it('counts both sides of a two-node exchange, and shows the latest activity', async () => {
      const empty = await dashboard(ru);
      expect(empty).toEqual({
        certificates: { outgoing: none, incoming: none },
        overdueDeliveries: 0,
        overdueConfirmations: 0,
        deadLetters: 0,
        recentActivity: [],
        trustList: { version: 1, ageSeconds: 0 },
      });

      const [first, second, third] = [await issue(), await issue(), await issue()];
      net.clock.advance(1000);
      expect(await ru.node.dispatchOutbox()).toMatchObject({ delivered: 3 });
      const confirmed = await eu.request(`/api/v1/certificates/${first}/confirmation`, {
        method: 'POST',
        role: 'importer',
        json: confirmation,
      });
      expect(confirmed.status).toBe(200);
      const cancelled = await ru.request(`/api/v1/certificates/${third}/cancellation`, {
        method: 'POST',
        role: 'issuer',
        json: { reason: 'wrong parcel count' },
      });
      expect(cancelled.status).toBe(200);
      net.clock.advance(1000);
      await eu.node.dispatchOutbox();
      await ru.node.dispatchOutbox();

      const atRu = await dashboard(ru);
      expect(atRu.certificates).toEqual({
        outgoing: { ...none, delivered: 1, confirmed: 1, cancelled: 1 },
        incoming: none,
      });
      const atEu = await dashboard(eu);
      expect(atEu.certificates).toEqual({
        outgoing: none,
        incoming: { ...none, delivered: 1, confirmed: 1, cancelled: 1 },
      });
      expect(atRu.recentActivity[0]).toEqual({
        number: expect.stringMatching(/^RU-2026-/) as string,
        type: expect.any(String) as string,
        at: expect.stringMatching(/^2026-03-02T/) as string,
        actor: expect.any(String) as string,
      });
      const types = atRu.recentActivity.map((e) => `${e.number} ${e.type}`);
      expect(types).toContain(`${first} confirmed`);
      expect(types).toContain(`${third} cancelled`);
      expect(types.indexOf(`${first} confirmed`)).toBeLessThan(types.indexOf(`${second} issued`));
      expect(atEu.recentActivity.find((e) => e.type === 'received')?.actor).toBe(
        'partner:RU-MINFIN',
      );
      expect(atRu.trustList).toEqual({ version: 1, ageSeconds: 2 });
    });

    it('counts incoming certificates left unconfirmed past 30 days', async () => {
      await issue();
      await issue();
      net.clock.advance(1000);
      await ru.node.dispatchOutbox();
      expect((await dashboard(eu)).overdueConfirmations).toBe(0);
      net.clock.advance(30 * day);
      expect((await dashboard(eu)).overdueConfirmations).toBe(0);
      net.clock.advance(1 * day);
      expect((await dashboard(eu)).overdueConfirmations).toBe(2);
      // The issuer's own outgoing certificates are not the importer's to confirm.
      expect((await dashboard(ru)).overdueConfirmations).toBe(0);
    });

    it('counts overdue deliveries while the partner is down, and dead letters after expiry', async () => {
      net.setReachable('EU-BE-ANTWERP', false);
      await issue();
      await ru.node.dispatchOutbox();
      expect((await dashboard(ru)).overdueDeliveries).toBe(0);
      net.clock.advance(day + 1000);
      await ru.node.dispatchOutbox();
      expect(await dashboard(ru)).toMatchObject({ overdueDeliveries: 1, deadLetters: 0 });
      net.clock.advance(200 * day);
      await ru.node.expireCertificates();
      await ru.node.dispatchOutbox();
      expect(await dashboard(ru)).toMatchObject({ overdueDeliveries: 0, deadLetters: 1 });
    });

    it('keeps the last 20 events only', async () => {
      for (let i = 0; i < 12; i++) await issue();
      net.clock.advance(1000);
      await ru.node.dispatchOutbox();
      const { recentActivity } = await dashboard(ru);
      expect(recentActivity).toHaveLength(20);
      const times = recentActivity.map((e) => e.at);
      expect([...times].sort().reverse()).toEqual(times);
    });
  });
});
