import { canonicalize } from '@kpx/protocol';
import type { Kysely, Transaction } from 'kysely';
import type { KpxDatabase } from '../storage/database-schema.js';
import { auditHash, genesisHash } from './audit-hash.js';

/** What a use case records in the audit log. `actor` is a token id, an authority, or `system`. */
export type AuditRecord = {
  at: string;
  actor: string;
  action: string;
  subject: string;
  data?: unknown;
};

/**
 * Appends one entry to the hash-chained audit log, inside the caller's transaction (so the
 * entry exists exactly when the change it describes does). SQLite serialises writers, so the
 * head read here cannot race; on PostgreSQL the adapter must take a transaction-scoped advisory
 * lock first (the `seq` primary key turns a missed lock into a failed, retried transaction,
 * never a forked chain).
 */
export async function appendAudit(
  db: Transaction<KpxDatabase> | Kysely<KpxDatabase>,
  record: AuditRecord,
): Promise<number> {
  const head = await db
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const seq = (head?.seq ?? 0) + 1;
  const prevHash = head?.hash ?? genesisHash;
  const data = record.data ?? null;
  const hash = auditHash({
    seq,
    at: record.at,
    actor: record.actor,
    action: record.action,
    subject: record.subject,
    data,
    prevHash,
  });
  await db
    .insertInto('audit_log')
    .values({
      seq,
      at: record.at,
      actor: record.actor,
      action: record.action,
      subject: record.subject,
      data: canonicalize(data),
      prev_hash: prevHash,
      hash,
    })
    .execute();
  return seq;
}
