import type { Kysely } from 'kysely';
import type { KpxDatabase } from '../storage/database-schema.js';
import { auditHash, genesisHash } from './audit-hash.js';

/** Result of {@link verifyAuditChain}: the number of entries, or the first entry that is wrong and why. */
export type AuditChainResult =
  { ok: true; entries: number } | { ok: false; firstBrokenSeq: number; reason: string };

const pageSize = 1000;

/**
 * Walks the audit log in `seq` order and recomputes every hash: a changed column, a removed or
 * inserted row, or a reordering is reported at the first entry where the chain breaks.
 *
 * @example
 * ```ts
 * const result = await verifyAuditChain(storage.db);
 * if (!result.ok) console.error(`audit log broken at ${result.firstBrokenSeq}: ${result.reason}`);
 * ```
 */
export async function verifyAuditChain(db: Kysely<KpxDatabase>): Promise<AuditChainResult> {
  let expectedSeq = 1;
  let prevHash = genesisHash;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    for (const row of rows) {
      const broken = (reason: string): AuditChainResult => ({
        ok: false,
        firstBrokenSeq: row.seq,
        reason,
      });
      if (row.seq !== expectedSeq) {
        return {
          ok: false,
          firstBrokenSeq: expectedSeq,
          reason: `entry ${expectedSeq} is missing (next is ${row.seq})`,
        };
      }
      if (row.prev_hash !== prevHash)
        return broken('prev_hash does not match the hash of the previous entry');
      let data: unknown;
      try {
        data = JSON.parse(row.data);
      } catch {
        return broken('data is not JSON');
      }
      const hash = auditHash({
        seq: row.seq,
        at: row.at,
        actor: row.actor,
        action: row.action,
        subject: row.subject,
        data,
        prevHash: row.prev_hash,
      });
      if (hash !== row.hash) return broken('hash does not match the entry (the entry was changed)');
      prevHash = row.hash;
      expectedSeq += 1;
    }
    if (rows.length < pageSize) return { ok: true, entries: expectedSeq - 1 };
  }
}
