import { beforeEach, describe, expect, it } from 'vitest';
import { forEachDialect } from '../../../../test/support/dialects.js';
import type { Storage } from '../storage/storage.js';
import { appendAudit } from './append-audit.js';
import { auditHash, genesisHash } from './audit-hash.js';
import { verifyAuditChain } from './verify-audit-chain.js';

forEachDialect((d) => {
  let storage: Storage;
  beforeEach(async () => {
    storage = await d.openStorage();
    for (let i = 1; i <= 5; i++) {
      await appendAudit(storage.db, {
        at: `2026-03-02T09:00:0${i}.000Z`,
        actor: 'token:t1',
        action: 'certificate.issue',
        subject: `RU-2026-00000${i}`,
        data: { delivery: 'electronic', n: i },
      });
    }
  });

  describe('audit log hash chain', () => {
    it('links every entry to the previous one and verifies', async () => {
      const rows = await storage.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
      expect(rows[0]?.prev_hash).toBe(genesisHash);
      expect(rows[1]?.prev_hash).toBe(rows[0]?.hash);
      expect(rows[0]?.hash).toBe(
        auditHash({
          seq: 1,
          at: '2026-03-02T09:00:01.000Z',
          actor: 'token:t1',
          action: 'certificate.issue',
          subject: 'RU-2026-000001',
          data: { delivery: 'electronic', n: 1 },
          prevHash: genesisHash,
        }),
      );
      expect(await verifyAuditChain(storage.db)).toEqual({ ok: true, entries: 5 });
    });

    it('names the first entry whose content was changed', async () => {
      await storage.db
        .updateTable('audit_log')
        .set({ data: '{"delivery":"paper","n":3}' })
        .where('seq', '=', 3)
        .execute();
      expect(await verifyAuditChain(storage.db)).toEqual({
        ok: false,
        firstBrokenSeq: 3,
        reason: 'hash does not match the entry (the entry was changed)',
      });
    });

    it('names a changed actor, even when the attacker recomputes that entry’s own hash', async () => {
      const row = await storage.db
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '=', 2)
        .executeTakeFirstOrThrow();
      const hash = auditHash({
        seq: 2,
        at: row.at,
        actor: 'token:someone-else',
        action: row.action,
        subject: row.subject,
        data: JSON.parse(row.data) as unknown,
        prevHash: row.prev_hash,
      });
      await storage.db
        .updateTable('audit_log')
        .set({ actor: 'token:someone-else', hash })
        .where('seq', '=', 2)
        .execute();
      expect(await verifyAuditChain(storage.db)).toMatchObject({ ok: false, firstBrokenSeq: 3 });
    });

    it('names a removed entry', async () => {
      await storage.db.deleteFrom('audit_log').where('seq', '=', 4).execute();
      expect(await verifyAuditChain(storage.db)).toMatchObject({
        ok: false,
        firstBrokenSeq: 4,
        reason: expect.stringMatching(/missing/) as string,
      });
    });

    it('verifies an empty log', async () => {
      await storage.db.deleteFrom('audit_log').execute();
      expect(await verifyAuditChain(storage.db)).toEqual({ ok: true, entries: 0 });
    });
  });
});
