import { canonicalize } from '@kpx/protocol';
import { sql, type Kysely, type Transaction } from 'kysely';
import { dialectOf } from '../storage/dialect.js';
import type { KpxDatabase } from '../storage/database-schema.js';
import { auditHash, genesisHash } from './audit-hash.js';

/**
 * First key of the audit chain's advisory lock (`pg_advisory_xact_lock(class, object)`); the
 * second is the audit table's OID, so nodes in different schemas of one database do not
 * contend. Kysely's migration lock uses the single-key form, which never collides with this.
 */
const auditLockClass = 0x6b7078; // 'kpx'

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
 * head read here cannot race. On PostgreSQL several transactions (and processes) append at
 * once: a transaction-scoped advisory lock on the audit table is taken first and held until
 * commit, so each appender reads the head the previous one committed (READ COMMITTED takes a
 * new snapshot per statement). Should the lock ever be missed, the `seq` primary key turns the
 * race into a failed, retried transaction, never a forked chain.
 */
export async function appendAudit(
  db: Transaction<KpxDatabase> | Kysely<KpxDatabase>,
  record: AuditRecord,
): Promise<number> {
  if (dialectOf(db) === 'postgres') {
    // Outside a transaction the lock would end with its own statement: make one.
    if (!db.isTransaction) return db.transaction().execute((trx) => appendAudit(trx, record));
    await sql`select pg_advisory_xact_lock(${sql.lit(auditLockClass)}, 'audit_log'::regclass::oid::int)`.execute(
      db,
    );
  }
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
