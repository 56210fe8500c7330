import { describe, expect, it } from 'vitest';
import { forEachDialect } from '../../../../test/support/dialects.js';
import type { Storage } from '../storage/storage.js';
import { appendAudit, appendAuditAfter, type AuditRecord } from './append-audit.js';
import { verifyAuditChain } from './verify-audit-chain.js';

const entry = (n: number): AuditRecord => ({
  at: `2026-03-02T09:00:${String(n).padStart(2, '0')}.000Z`,
  actor: 'system',
  action: 'test.append',
  subject: `s${n}`,
  data: { n },
});

const subjects = async (storage: Storage) =>
  (await storage.db.selectFrom('audit_log').select('subject').orderBy('seq').execute()).map(
    (r) => r.subject,
  );

forEachDialect((d) => {
  describe('appendAuditAfter', () => {
    it('chains the entries its work appends and the last one, in order, after another process’s', async () => {
      const database = d.durableDatabase();
      const storage = await d.openStorage(database);
      // A second storage on the same database: another process of the node, whose append makes
      // this one's idea of the head stale.
      const other = await d.openStorage(database);
      await appendAudit(storage.db, entry(1));
      await appendAudit(other.db, entry(2));
      const seen = await storage.transactor.transact((uow) =>
        appendAuditAfter(
          uow.db,
          async () => {
            const counter = uow.db
              .insertInto('serial_counters')
              .values({ authority: 'RU-MINFIN', year: 2026, value: 7 });
            await appendAudit(uow.db, entry(3), { alongside: [counter] });
            // The entry's writes are not held back: the unit's next statements see them.
            const row = await uow.db
              .selectFrom('serial_counters')
              .select('value')
              .executeTakeFirst();
            await appendAudit(uow.db, entry(4));
            return row?.value;
          },
          (value) => ({ record: { ...entry(5), data: { n: 5, value } } }),
        ),
      );
      expect(seen).toBe(7);
      expect(await subjects(storage)).toEqual(['s1', 's2', 's3', 's4', 's5']);
      expect(await verifyAuditChain(storage.db)).toEqual({ ok: true, entries: 5 });

      // The next unit appends after this process's own last entry (PostgreSQL: no head read).
      await storage.transactor.transact((uow) =>
        appendAuditAfter(
          uow.db,
          () => appendAudit(uow.db, entry(6)),
          () => ({ record: entry(7) }),
        ),
      );
      await appendAudit(other.db, entry(8));
      expect(await subjects(other)).toEqual(['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8']);
      expect(await verifyAuditChain(other.db)).toEqual({ ok: true, entries: 8 });
    });

    it('leaves nothing of a unit whose work failed, and the chain goes on', async () => {
      const storage = await d.openStorage();
      await appendAudit(storage.db, entry(1));
      await expect(
        storage.transactor.transact((uow) =>
          appendAuditAfter(
            uow.db,
            async () => {
              await appendAudit(uow.db, entry(2));
              throw new Error('the change failed');
            },
            () => ({ record: entry(3) }),
          ),
        ),
      ).rejects.toThrow('the change failed');
      await appendAudit(storage.db, entry(4));
      expect(await subjects(storage)).toEqual(['s1', 's4']);
      expect(await verifyAuditChain(storage.db)).toEqual({ ok: true, entries: 2 });
    });
  });
});
