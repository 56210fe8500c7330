import { describe, expect, it } from 'vitest';
import { forEachDialect } from '../../../../test/support/dialects.js';
import type { Storage } from '../storage/storage.js';
import { outboxRepository, type OutboxEntry } from './outbox-repository.js';

// Claiming outbox work with a lease, on every dialect. Several node processes share one
// PostgreSQL database: claims must never overlap, never wait on each other, and a crashed
// worker's claims must lapse.

const t0 = '2026-03-02T09:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(t0) + seconds * 1000).toISOString();
const id = (n: number) => `019cad6a-0e80-7000-8000-${String(n).padStart(12, '0')}`;

async function enqueue(
  storage: Storage,
  n: number,
  options: { subject?: string; due?: string } = {},
): Promise<void> {
  await outboxRepository(storage.db).insert({
    id: id(n),
    type: 'certificate.issued',
    toAuthority: 'EU-BE-ANTWERP',
    endpoint: 'http://eu.test',
    subject: options.subject ?? `RU-2026-${String(n).padStart(6, '0')}`,
    envelope: `envelope-${n}`,
    digest: `digest-${n}`,
    nextAttemptAt: options.due ?? t0,
    createdAt: t0,
  });
}

const claim = (storage: Storage, worker: string, now: string, limit = 100, leaseS = 60) =>
  storage.transactor.transact((uow) =>
    outboxRepository(uow.db).claimDue(now, worker, at(leaseS), limit),
  );

const ids = (entries: readonly OutboxEntry[]) => entries.map((e) => e.id).sort();

const done = {
  state: 'delivered' as const,
  attempts: 1,
  nextAttemptAt: t0,
  lastAttemptAt: t0,
  lastError: null,
  overdue: false,
  deliveredAt: t0,
};

forEachDialect((d) => {
  describe('outbox claims', () => {
    it('claim what is due, oldest first, and leave what is not due or claimed', async () => {
      const storage = await d.openStorage();
      await enqueue(storage, 3);
      await enqueue(storage, 1);
      await enqueue(storage, 2, { due: at(30) });
      const first = await claim(storage, 'w1', t0, 10);
      expect(first.map((e) => e.id)).toEqual([id(1), id(3)]);
      expect(await claim(storage, 'w2', t0, 10)).toEqual([]);
      expect(ids(await claim(storage, 'w2', at(31), 10))).toEqual([id(2)]);
    });

    it('let another worker take over once a lease expires; the old worker cannot finish', async () => {
      const storage = await d.openStorage();
      await enqueue(storage, 1);
      expect(ids(await claim(storage, 'crashed', t0, 10, 60))).toEqual([id(1)]);
      expect(await claim(storage, 'w2', at(59))).toEqual([]);
      expect(ids(await claim(storage, 'w2', at(61)))).toEqual([id(1)]);
      const outbox = outboxRepository(storage.db);
      expect(await outbox.finish(id(1), 'crashed', done)).toBe(false);
      expect(await outbox.finish(id(1), 'w2', done)).toBe(true);
      expect((await outbox.find(id(1)))?.state).toBe('delivered');
    });

    it('keep messages about one certificate in order: the next waits for the one before', async () => {
      const storage = await d.openStorage();
      await enqueue(storage, 1, { subject: 'RU-2026-000001' });
      await enqueue(storage, 2, { subject: 'RU-2026-000001' });
      await enqueue(storage, 3, { subject: 'RU-2026-000003' });
      expect(ids(await claim(storage, 'w1', t0))).toEqual([id(1), id(3)]);
      expect(await claim(storage, 'w2', at(61), 100, 120)).toHaveLength(2); // leases lapsed: same two
      expect(await outboxRepository(storage.db).finish(id(1), 'w2', done)).toBe(true);
      expect(ids(await claim(storage, 'w3', at(62)))).toEqual([id(2)]);
    });

    it('never hand one entry to two concurrent claimers', async () => {
      const storage = await d.openStorage();
      for (let n = 1; n <= 60; n++) await enqueue(storage, n);
      const batches = await Promise.all(
        Array.from({ length: 6 }, (_, w) => claim(storage, `w${w}`, t0, 15)),
      );
      const all = batches.flatMap(ids);
      expect(new Set(all).size).toBe(all.length);
      expect(all).toHaveLength(60);
      const rows = await storage.db.selectFrom('outbox').select(['id', 'claimed_by']).execute();
      const owner = new Map(batches.flatMap((b, w) => b.map((e) => [e.id, `w${w}`] as const)));
      for (const row of rows) expect(row.claimed_by).toBe(owner.get(row.id));
    });

    it.runIf(d.dialect === 'postgres')(
      'skip rows another transaction is claiming instead of waiting for it (FOR UPDATE SKIP LOCKED)',
      async () => {
        const storage = await d.openStorage();
        for (let n = 1; n <= 4; n++) await enqueue(storage, n);
        const trx = await storage.db.startTransaction().execute();
        try {
          const held = await outboxRepository(trx).claimDue(t0, 'slow', at(60), 2);
          expect(ids(held)).toEqual([id(1), id(2)]);
          const started = Date.now();
          const other = await claim(storage, 'fast', t0, 10);
          expect(ids(other)).toEqual([id(3), id(4)]);
          expect(Date.now() - started).toBeLessThan(2000);
        } finally {
          await trx.rollback().execute();
        }
        // Rolled back: the slow claim never happened, its rows are free again.
        expect(ids(await claim(storage, 'third', t0, 10))).toEqual([id(1), id(2)]);
      },
    );
  });
});
