import { sampleDraft } from '@kpx/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forEachDialect } from '../../../../test/support/dialects.js';
import { createTestNetwork, type TestNetwork, type TestNode } from '../testing/test-network.js';

// Requests that race. On SQLite the single writer serialises them; on PostgreSQL they really
// run at once (a pool of connections, several processes): the results must be the same — one
// certificate per Idempotency-Key, one inbox row and one receipt per message, gapless serials,
// one audit chain.

let net: TestNetwork;
let ru: TestNode;
let eu: TestNode;

const count = async (node: TestNode, table: 'certificates' | 'inbox' | 'idempotency_keys') =>
  (
    await node.node.context.storage.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n;

forEachDialect((d) => {
  beforeEach(async () => {
    net = await createTestNetwork(['RU-MINFIN', 'EU-BE-ANTWERP'], {
      database: () => d.database(),
    });
    ru = net.nodes['RU-MINFIN']!;
    eu = net.nodes['EU-BE-ANTWERP']!;
  });
  afterEach(async () => {
    await net.stop();
  });

  describe('concurrent requests', () => {
    it('answer every retry of an Idempotency-Key with the first certificate', async () => {
      const responses = await Promise.all(
        Array.from({ length: 6 }, () =>
          ru.request('/api/v1/certificates', {
            method: 'POST',
            role: 'issuer',
            json: sampleDraft,
            headers: { 'idempotency-key': 'retry-me' },
          }),
        ),
      );
      const bodies = (await Promise.all(responses.map((r) => r.json()))) as Array<{
        number: string;
      }>;
      expect(responses.map((r) => r.status)).toEqual(Array(6).fill(201));
      expect(new Set(bodies.map((b) => b.number)).size).toBe(1);
      expect(await count(ru, 'certificates')).toBe(1);
      expect(await count(ru, 'idempotency_keys')).toBe(1);
      expect(await ru.node.verifyAuditChain()).toMatchObject({ ok: true });
    });

    it('number concurrent issues without gaps or repeats, on one audit chain', async () => {
      const responses = await Promise.all(
        Array.from({ length: 20 }, () =>
          ru.request('/api/v1/certificates', { method: 'POST', role: 'issuer', json: sampleDraft }),
        ),
      );
      const numbers = (
        (await Promise.all(responses.map((r) => r.json()))) as Array<{ number: string }>
      )
        .map((b) => b.number)
        .sort();
      expect(numbers).toEqual(
        Array.from({ length: 20 }, (_, i) => `RU-2026-${String(i + 1).padStart(6, '0')}`),
      );
      const audit = await ru.node.verifyAuditChain();
      expect(audit).toMatchObject({ ok: true });
      const issues = await ru.node.context.storage.db
        .selectFrom('audit_log')
        .select('subject')
        .where('action', '=', 'certificate.issue')
        .execute();
      expect(issues.map((r) => r.subject).sort()).toEqual(numbers);
    });

    it('store a message delivered several times at once once, and answer each with the same receipt', async () => {
      const issued = (await (
        await ru.request('/api/v1/certificates', {
          method: 'POST',
          role: 'issuer',
          json: sampleDraft,
        })
      ).json()) as { number: string };
      const { envelope } = await ru.node.context.storage.db
        .selectFrom('outbox')
        .select('envelope')
        .where('subject', '=', issued.number)
        .executeTakeFirstOrThrow();
      const responses = await Promise.all(
        Array.from({ length: 6 }, () =>
          eu.request('/exchange/v1/messages', {
            method: 'POST',
            body: envelope,
            headers: { 'content-type': 'application/jose' },
          }),
        ),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(6).fill(200));
      const receipts = await Promise.all(responses.map((r) => r.text()));
      expect(new Set(receipts).size).toBe(1);
      expect(await count(eu, 'inbox')).toBe(1);
      expect(await count(eu, 'certificates')).toBe(1);
      const received = await eu.node.context.storage.db
        .selectFrom('audit_log')
        .select('seq')
        .where('action', '=', 'message.receive')
        .execute();
      expect(received).toHaveLength(1);
      expect(await eu.node.verifyAuditChain()).toMatchObject({ ok: true });
      // And the issuer's own delivery of it is answered with that receipt too.
      net.clock.advance(1000);
      expect(await ru.node.dispatchOutbox()).toMatchObject({ claimed: 1, delivered: 1 });
      const stored = await ru.node.context.storage.db
        .selectFrom('receipts')
        .select('jws')
        .where('role', '=', 'received')
        .executeTakeFirstOrThrow();
      expect(stored.jws).toBe(receipts[0]);
    });
  });
});
