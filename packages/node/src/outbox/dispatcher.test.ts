import { sampleDraft } from '@kpx/domain';
import { afterEach, describe, expect, it } from 'vitest';
import { forEachDialect } from '../../../../test/support/dialects.js';
import type { NodeConfigInput } from '../config/node-config.js';
import { createNode, type KpxNode } from '../create-node.js';
import { createManualClock } from '../runtime/clock.js';
import { silentLogger } from '../runtime/logger.js';
import { createTestNetwork, type TestNetwork } from '../testing/test-network.js';
import { buildTestTrustList, generateTestKey, testEndpoint } from '../testing/test-trust-list.js';
import { staticTrustSource } from '../trust/trust-source.js';
import { createFetchTransport, routeByOrigin, type FetchHandler } from './fetch-transport.js';
import { outboxRepository } from './outbox-repository.js';

forEachDialect((d) => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  const network = (authorities: string[]) =>
    createTestNetwork(authorities, { database: () => d.database() });

  describe('dispatcher', () => {
    it('keeps its schedule across a restart: the same signed bytes are delivered by the new process', async () => {
      const databases: Record<string, NodeConfigInput['database']> = {
        'RU-MINFIN': d.durableDatabase(),
        'EU-BE-ANTWERP': d.durableDatabase(),
      };
      const clock = createManualClock('2026-03-02T09:00:00Z');
      const ruKey = generateTestKey();
      const euKey = generateTestKey();
      const trust = staticTrustSource(
        buildTestTrustList({ 'RU-MINFIN': ruKey.publicJwk, 'EU-BE-ANTWERP': euKey.publicJwk }),
      );
      const routes: Record<string, FetchHandler> = {};
      const transport = createFetchTransport(routeByOrigin(routes));
      const open = (authority: string, key: typeof ruKey): Promise<KpxNode> =>
        createNode(
          {
            authority,
            signingKey: key.privateJwk,
            database: databases[authority],
          },
          { clock, transport, trustSource: trust, logger: silentLogger() },
        );

      let ru = await open('RU-MINFIN', ruKey);
      const token = (await ru.createToken({ role: 'issuer', name: 'officer' })).token;
      const res = await ru.app.request('/api/v1/certificates', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(sampleDraft),
      });
      const { number } = (await res.json()) as { number: string };
      expect(await ru.dispatchOutbox()).toMatchObject({ failed: 1 }); // EU not on the network yet
      const before = await ru.context.storage.db
        .selectFrom('outbox')
        .selectAll()
        .executeTakeFirstOrThrow();
      await ru.stop();

      ru = await open('RU-MINFIN', ruKey);
      const eu = await open('EU-BE-ANTWERP', euKey);
      cleanups.push(
        () => ru.stop(),
        () => eu.stop(),
      );
      routes[new URL(testEndpoint('EU-BE-ANTWERP')).origin] = eu.fetch;
      const after = await ru.context.storage.db
        .selectFrom('outbox')
        .selectAll()
        .executeTakeFirstOrThrow();
      expect(after).toMatchObject({
        attempts: 1,
        next_attempt_at: before.next_attempt_at,
        envelope: before.envelope,
      });
      clock.advance(60_000);
      expect(await ru.dispatchOutbox()).toMatchObject({ delivered: 1 });
      const inbox = await eu.context.storage.db
        .selectFrom('inbox')
        .select('envelope')
        .executeTakeFirstOrThrow();
      expect(inbox.envelope).toBe(before.envelope);
      const cert = await ru.context.storage.db
        .selectFrom('certificates')
        .select('status')
        .where('number', '=', number)
        .executeTakeFirstOrThrow();
      expect(cert.status).toBe('delivered');
    });

    it('leaves a live claim alone and takes over once the crashed worker’s lease expires', async () => {
      const net: TestNetwork = await network(['RU-MINFIN', 'EU-BE-ANTWERP']);
      cleanups.push(() => net.stop());
      const ru = net.nodes['RU-MINFIN']!;
      await ru.request('/api/v1/certificates', {
        method: 'POST',
        role: 'issuer',
        json: sampleDraft,
      });
      const now = net.clock.now();
      const claimed = await outboxRepository(ru.node.context.storage.db).claimDue(
        new Date(now).toISOString(),
        'crashed-worker',
        new Date(now + 120_000).toISOString(),
        10,
      );
      expect(claimed).toHaveLength(1);
      expect(await ru.node.dispatchOutbox()).toMatchObject({ claimed: 0 });
      net.clock.advance(120_001);
      expect(await ru.node.dispatchOutbox()).toMatchObject({ claimed: 1, delivered: 1 });
    });

    it('runs as a worker: start() delivers right after commit, stop() ends it gracefully', async () => {
      const net = await network(['RU-MINFIN', 'EU-BE-ANTWERP']);
      cleanups.push(() => net.stop());
      const ru = net.nodes['RU-MINFIN']!;
      ru.node.start();
      const res = await ru.request('/api/v1/certificates', {
        method: 'POST',
        role: 'issuer',
        json: sampleDraft,
      });
      const { number } = (await res.json()) as { number: string };
      const deadline = Date.now() + 5000;
      let status = '';
      while (Date.now() < deadline && status !== 'delivered') {
        await new Promise((r) => setTimeout(r, 10));
        status = (
          (await (
            await ru.request(`/api/v1/certificates/${number}`, { role: 'auditor' })
          ).json()) as { status: string }
        ).status;
      }
      expect(status).toBe('delivered');
      await ru.node.stop();
    });
  });

  describe('audit log of a running node', () => {
    it('verifies, and names a tampered row (also through GET /api/v1/audit/verification)', async () => {
      const net = await network(['RU-MINFIN', 'EU-BE-ANTWERP']);
      cleanups.push(() => net.stop());
      const ru = net.nodes['RU-MINFIN']!;
      for (let i = 0; i < 3; i++)
        await ru.request('/api/v1/certificates', {
          method: 'POST',
          role: 'issuer',
          json: sampleDraft,
        });
      await ru.node.dispatchOutbox();
      const ok = await ru.request('/api/v1/audit/verification', { role: 'auditor' });
      const entries = ((await ok.json()) as { entries: number }).entries;
      expect(entries).toBeGreaterThanOrEqual(6); // tokens, issues, deliveries
      const victim = await ru.node.context.storage.db
        .selectFrom('audit_log')
        .select('seq')
        .where('action', '=', 'certificate.issue')
        .orderBy('seq')
        .executeTakeFirstOrThrow();
      await ru.node.context.storage.db
        .updateTable('audit_log')
        .set({ subject: 'RU-2026-999999' })
        .where('seq', '=', victim.seq)
        .execute();
      expect(await ru.node.verifyAuditChain()).toMatchObject({
        ok: false,
        firstBrokenSeq: victim.seq,
      });
      const broken = await ru.request('/api/v1/audit/verification', { role: 'auditor' });
      expect(await broken.json()).toMatchObject({ ok: false, firstBrokenSeq: victim.seq });
    });
  });
});
