import { canonicalize } from '@kpx/protocol';
import {
  sql,
  type Kysely,
  type OperationNodeSource,
  type RawBuilder,
  type Transaction,
} from 'kysely';
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

/** Options of {@link appendAudit}. */
export type AppendOptions = {
  /**
   * Writes (inserts that return nothing, each on its own table) that belong with the entry,
   * e.g. the timeline event of the same change: run before the entry, in the same transaction;
   * on PostgreSQL as data-modifying CTEs of the next statement sent (the lock, or the entry's
   * insert), so they cost no round trip of their own.
   */
  alongside?: readonly OperationNodeSource[];
};

/** An entry to append and the writes that go with it (see {@link AppendOptions}). */
export type AuditAppend = { record: AuditRecord; alongside?: readonly OperationNodeSource[] };

/**
 * Appends one entry to the hash-chained audit log, inside the caller's transaction (so the
 * entry exists exactly when the change it describes does). SQLite serialises writers, so the
 * head read here cannot race. On PostgreSQL several transactions (and processes) append at
 * once: a transaction-scoped advisory lock on the audit table is taken first and held until
 * commit, so each appender reads the head the previous one committed (READ COMMITTED takes a
 * new snapshot per statement). Should the lock ever be missed, the `seq` primary key turns the
 * race into a failed, retried transaction, never a forked chain. Returns the entry's `seq`;
 * `undefined` for one held back by {@link appendAuditAfter} (it is numbered when written).
 */
export async function appendAudit(
  db: Transaction<KpxDatabase> | Kysely<KpxDatabase>,
  record: AuditRecord,
  options: AppendOptions = {},
): Promise<number | undefined> {
  const alongside = options.alongside ?? [];
  if (dialectOf(db) === 'sqlite') {
    for (const write of alongside) await sql`${write}`.execute(db);
    const head = await db
      .selectFrom('audit_log')
      .select(['seq', 'hash'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    const entry = auditEntry(record, head);
    await db.insertInto('audit_log').values(entry).execute();
    return entry.seq;
  }
  // Outside a transaction the lock would end with its own statement: make one.
  if (!db.isTransaction)
    return db.transaction().execute((trx) => appendAudit(trx, record, options));
  const held = heldEntries.get(db);
  if (held === undefined) return appendEntries(db, [record], alongside);
  // Inside `appendAuditAfter`'s work: the writes go now (later statements of the unit may
  // read them), with the lock when it is not held yet; the entry waits for the last one.
  if (!locked.has(db)) await lock(db, alongside);
  else if (alongside.length > 0) await withWrites(alongside, sql`select 1`).execute(db);
  held.push(record);
  return undefined;
}

/**
 * Runs `work`, then appends the entry `last` makes of its result. On PostgreSQL the entries
 * `work` appends (with {@link appendAudit}) are held back and inserted with that last one, in
 * one statement: a unit that appends two entries (a received certificate's, then the
 * message's) sends one insert less and holds the audit lock, which every unit of the node
 * waits for, one round trip less. The chain is the same as if each were appended in turn. On
 * SQLite the entries are appended in turn.
 */
export async function appendAuditAfter<T>(
  db: Transaction<KpxDatabase>,
  work: () => Promise<T>,
  last: (value: T) => AuditAppend,
): Promise<T> {
  if (dialectOf(db) === 'sqlite' || heldEntries.has(db)) {
    const value = await work();
    const { record, alongside } = last(value);
    await appendAudit(db, record, alongside === undefined ? {} : { alongside });
    return value;
  }
  const held: AuditRecord[] = [];
  heldEntries.set(db, held);
  let value: T;
  try {
    value = await work();
  } finally {
    heldEntries.delete(db);
  }
  const { record, alongside } = last(value);
  await appendEntries(db, [...held, record], alongside ?? []);
  return value;
}

/** PostgreSQL: `statement` with `writes` as data-modifying CTEs (each on its own table). */
function withWrites<T>(
  writes: readonly OperationNodeSource[],
  statement: RawBuilder<T>,
): RawBuilder<T> {
  if (writes.length === 0) return statement;
  const parts = writes.map((write, i) => sql`${sql.raw(`w${i}`)} as (${write})`);
  return sql<T>`with ${sql.join(parts)} ${statement}`;
}

/**
 * PostgreSQL: takes the audit lock, sending `writes` in the same statement. Held until the
 * transaction ends (no unit uses savepoints on PostgreSQL), so a unit's second append needs
 * no second ask.
 */
async function lock(
  db: Kysely<KpxDatabase>,
  writes: readonly OperationNodeSource[],
): Promise<void> {
  await withWrites(
    writes,
    sql`select pg_advisory_xact_lock(${sql.lit(auditLockClass)}, 'audit_log'::regclass::oid::int)`,
  ).execute(db);
  locked.add(db);
}

/** PostgreSQL: appends `records` in order, chained, under the lock, with `alongside`. */
async function appendEntries(
  db: Kysely<KpxDatabase>,
  records: readonly AuditRecord[],
  alongside: readonly OperationNodeSource[],
): Promise<number> {
  // The writes `alongside` go into the next statement sent (data-modifying CTEs, which always
  // run, each on its own table), so they cost no round trip of their own.
  let pending = alongside;
  const withPending = <T>(statement: RawBuilder<T>): RawBuilder<T> => {
    const next = withWrites(pending, statement);
    pending = [];
    return next;
  };
  if (!locked.has(db)) {
    await lock(db, pending);
    pending = [];
  }
  // Under the lock, the head is most often the entry this process appended last: append
  // after it in one statement that also checks it still is the head (its seq and hash, and
  // nothing after it; this statement's snapshot is taken after the lock was granted, so it
  // sees every committed entry). If not (another process appended, or that append was rolled
  // back), nothing is inserted and the head is read as on SQLite.
  const adapter = db.getExecutor().adapter;
  const known = lastHeads.get(adapter);
  if (known !== undefined) {
    const entries = chained(records, known);
    const rows = entries.map(
      (e) =>
        sql`(${e.seq}::integer, ${e.at}, ${e.actor}, ${e.action}, ${e.subject}, ${e.data}, ${e.prev_hash}, ${e.hash})`,
    );
    const inserted = await withPending(sql`insert into audit_log
        (seq, at, actor, action, subject, data, prev_hash, hash)
      select * from (values ${sql.join(rows)})
        as entry (seq, at, actor, action, subject, data, prev_hash, hash)
      where exists (select 1 from audit_log where seq = ${known.seq} and hash = ${known.hash})
        and not exists (select 1 from audit_log where seq > ${known.seq})`).execute(db);
    if (inserted.numAffectedRows === BigInt(entries.length)) {
      const last = headOf(entries);
      lastHeads.set(adapter, last);
      return last.seq;
    }
  }
  const head = (
    await withPending(
      sql<{
        seq: number;
        hash: string;
      }>`select seq, hash from audit_log order by seq desc limit 1`,
    ).execute(db)
  ).rows[0];
  const entries = chained(records, head);
  await db.insertInto('audit_log').values(entries).execute();
  const last = headOf(entries);
  lastHeads.set(adapter, last);
  return last.seq;
}

/** The rows of `records`, each following the one before, the first following `head`. */
function chained(records: readonly AuditRecord[], head: { seq: number; hash: string } | undefined) {
  const entries: Array<ReturnType<typeof auditEntry>> = [];
  let previous = head;
  for (const record of records) {
    const entry = auditEntry(record, previous);
    entries.push(entry);
    previous = { seq: entry.seq, hash: entry.hash };
  }
  return entries;
}

function headOf(entries: ReadonlyArray<{ seq: number; hash: string }>): {
  seq: number;
  hash: string;
} {
  const last = entries[entries.length - 1];
  if (last === undefined) throw new RangeError('no audit entry to append');
  return { seq: last.seq, hash: last.hash };
}

/** PostgreSQL: per transaction inside `appendAuditAfter`'s work, the entries held back. */
const heldEntries = new WeakMap<object, AuditRecord[]>();

/** PostgreSQL: the transactions that hold the audit lock (it ends with them). */
const locked = new WeakSet<object>();

/**
 * PostgreSQL: per database (Kysely adapter) the last entry this process appended — a hint
 * only, checked by the appending statement itself; an entry of a unit that was rolled back
 * fails that check, never the chain.
 */
const lastHeads = new WeakMap<object, { seq: number; hash: string }>();

/** The row of the entry that follows `head` (the genesis when there is none). */
function auditEntry(record: AuditRecord, head: { seq: number; hash: string } | undefined) {
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
  return {
    seq,
    at: record.at,
    actor: record.actor,
    action: record.action,
    subject: record.subject,
    data: canonicalize(data),
    prev_hash: prevHash,
    hash,
  };
}
