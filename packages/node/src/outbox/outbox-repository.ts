import type { ExpressionBuilder, Kysely, OperationNodeSource, Selectable } from 'kysely';
import type { KpxDatabase, OutboxState, OutboxTable } from '../storage/database-schema.js';
import { dialectOf } from '../storage/dialect.js';

/** An outbox entry: one signed envelope waiting for (or done with) delivery. */
export type OutboxEntry = {
  id: string;
  type: string;
  toAuthority: string;
  endpoint: string;
  subject: string;
  envelope: string;
  digest: string;
  attempts: number;
  nextAttemptAt: string;
  lastAttemptAt: string | null;
  lastError: string | null;
  overdue: boolean;
  state: OutboxState;
  createdAt: string;
  deliveredAt: string | null;
};

/** A new outbox entry, as `insert` takes it. */
export type NewOutboxEntry = Omit<
  OutboxEntry,
  'attempts' | 'lastAttemptAt' | 'lastError' | 'overdue' | 'state' | 'deliveredAt'
>;

/** A claimed entry, with what sending it needs to know of its subject. */
export type ClaimedEntry = OutboxEntry & {
  /**
   * The expiry date of the certificate the entry is about, read with the claim (it never
   * changes); null when the subject is no certificate held here.
   */
  subjectExpiresOn: string | null;
};

/** Storage port of the outbox. */
export interface OutboxRepository {
  insert(entry: NewOutboxEntry): Promise<void>;
  /** The insert `insert` runs, not yet run (`appendAudit`'s `alongside`). */
  insertWrite(entry: NewOutboxEntry): OperationNodeSource;
  find(id: string): Promise<OutboxEntry | undefined>;
  /**
   * Claims up to `limit` due entries for `worker` until `until`: pending, due, not claimed by a
   * live lease, and not behind an earlier pending message about the same certificate to the
   * same partner (so a cancellation never overtakes the certificate it cancels). Call it in a
   * transaction: on PostgreSQL the select takes `FOR UPDATE SKIP LOCKED` row locks, so
   * processes never wait on each other nor claim the same entry.
   */
  claimDue(now: string, worker: string, until: string, limit: number): Promise<ClaimedEntry[]>;
  /** Records the outcome of an attempt made under `worker`'s claim; false if the claim was lost. */
  finish(
    id: string,
    worker: string,
    change: {
      state: OutboxState;
      attempts: number;
      nextAttemptAt: string;
      lastAttemptAt: string;
      lastError: string | null;
      overdue: boolean;
      deliveredAt: string | null;
    },
  ): Promise<boolean>;
  /** When the earliest pending entry is due (the dispatcher sleeps until then). */
  earliestPending(): Promise<string | undefined>;
  listDead(limit: number): Promise<OutboxEntry[]>;
  /** Puts a dead entry back to pending, due now; false if it is not dead. */
  revive(id: string, now: string): Promise<boolean>;
  stats(now: string): Promise<{
    pending: number;
    dead: number;
    overdue: number;
    oldestPendingCreatedAt: string | undefined;
  }>;
  /** The message ids sent about a certificate (for the detail view). */
  forSubject(subject: string): Promise<OutboxEntry[]>;
}

type OutboxScope = { o: OutboxTable; earlier: OutboxTable };

/** An earlier pending message about the same certificate to the same partner (per-certificate FIFO). */
function earlierPending(
  selectFrom: ExpressionBuilder<KpxDatabase & OutboxScope, 'o'>['selectFrom'],
) {
  return selectFrom('outbox as earlier')
    .select('earlier.id')
    .whereRef('earlier.subject', '=', 'o.subject')
    .whereRef('earlier.to_authority', '=', 'o.to_authority')
    .where('earlier.state', '=', 'pending')
    .whereRef('earlier.id', '<', 'o.id');
}

function toEntry(row: Selectable<OutboxTable>): OutboxEntry {
  return {
    id: row.id,
    type: row.type,
    toAuthority: row.to_authority,
    endpoint: row.endpoint,
    subject: row.subject,
    envelope: row.envelope,
    digest: row.digest,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastAttemptAt: row.last_attempt_at,
    lastError: row.last_error,
    overdue: row.overdue === 1,
    state: row.state,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
  };
}

/** The Kysely adapter of {@link OutboxRepository}. */
export function outboxRepository(db: Kysely<KpxDatabase>): OutboxRepository {
  const insertWrite = (e: NewOutboxEntry) =>
    db.insertInto('outbox').values({
      id: e.id,
      type: e.type,
      to_authority: e.toAuthority,
      endpoint: e.endpoint,
      subject: e.subject,
      envelope: e.envelope,
      digest: e.digest,
      attempts: 0,
      next_attempt_at: e.nextAttemptAt,
      last_attempt_at: null,
      last_error: null,
      overdue: 0,
      state: 'pending',
      created_at: e.createdAt,
      delivered_at: null,
      claimed_by: null,
      claimed_until: null,
    });
  return Object.freeze<OutboxRepository>({
    async insert(e): Promise<void> {
      await insertWrite(e).execute();
    },
    insertWrite,

    async find(id) {
      const row = await db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : toEntry(row);
    },

    async claimDue(now, worker, until, limit) {
      const due = db
        .selectFrom('outbox as o')
        .selectAll('o')
        // The dispatcher drops an entry whose certificate expired: no look-up of its own.
        .select((eb) =>
          eb
            .selectFrom('certificates')
            .select('certificates.expires_on')
            .whereRef('certificates.number', '=', 'o.subject')
            .as('subject_expires_on'),
        )
        .where('o.state', '=', 'pending')
        .where('o.next_attempt_at', '<=', now)
        .where((eb) => eb.or([eb('o.claimed_until', 'is', null), eb('o.claimed_until', '<', now)]))
        .where(({ not, exists, selectFrom }) => not(exists(earlierPending(selectFrom))))
        .orderBy('o.next_attempt_at')
        .orderBy('o.id')
        .limit(limit);
      // PostgreSQL: several processes claim at once. Rows another claimer has locked are skipped,
      // not waited for; one it claimed and committed meanwhile is re-checked against the lease
      // condition when locked, and dropped. The locks last until the claim below commits.
      const rows = await (
        dialectOf(db) === 'postgres' ? due.forUpdate().skipLocked() : due
      ).execute();
      if (rows.length === 0) return [];
      await db
        .updateTable('outbox')
        .set({ claimed_by: worker, claimed_until: until })
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
      return rows.map((row) => ({
        ...toEntry(row),
        subjectExpiresOn: row.subject_expires_on ?? null,
      }));
    },

    async finish(id, worker, c) {
      const result = await db
        .updateTable('outbox')
        .set({
          state: c.state,
          attempts: c.attempts,
          next_attempt_at: c.nextAttemptAt,
          last_attempt_at: c.lastAttemptAt,
          last_error: c.lastError,
          overdue: c.overdue ? 1 : 0,
          delivered_at: c.deliveredAt,
          claimed_by: null,
          claimed_until: null,
        })
        .where('id', '=', id)
        .where('claimed_by', '=', worker)
        .executeTakeFirst();
      return result.numUpdatedRows === 1n;
    },

    async earliestPending() {
      // Only entries the next claim could take: one queued behind an earlier message about the
      // same certificate is not due before that one is done.
      const row = await db
        .selectFrom('outbox as o')
        .select('o.next_attempt_at')
        .where('o.state', '=', 'pending')
        .where(({ not, exists, selectFrom }) => not(exists(earlierPending(selectFrom))))
        .orderBy('o.next_attempt_at')
        .limit(1)
        .executeTakeFirst();
      return row?.next_attempt_at;
    },

    async listDead(limit) {
      const rows = await db
        .selectFrom('outbox')
        .selectAll()
        .where('state', '=', 'dead')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toEntry);
    },

    async revive(id, now) {
      const result = await db
        .updateTable('outbox')
        .set({ state: 'pending', next_attempt_at: now, claimed_by: null, claimed_until: null })
        .where('id', '=', id)
        .where('state', '=', 'dead')
        .executeTakeFirst();
      return result.numUpdatedRows === 1n;
    },

    async stats() {
      const counts = await db
        .selectFrom('outbox')
        .select((eb) => [
          'state',
          'overdue',
          eb.fn.countAll<number>().as('count'),
          eb.fn.min('created_at').as('oldest'),
        ])
        .where('state', 'in', ['pending', 'dead'])
        .groupBy(['state', 'overdue'])
        .execute();
      let pending = 0;
      let dead = 0;
      let overdue = 0;
      let oldest: string | undefined;
      for (const row of counts) {
        const n = Number(row.count);
        if (row.state === 'dead') dead += n;
        else {
          pending += n;
          if (row.overdue === 1) overdue += n;
          if (row.oldest !== null && (oldest === undefined || row.oldest < oldest))
            oldest = row.oldest;
        }
      }
      return { pending, dead, overdue, oldestPendingCreatedAt: oldest };
    },

    async forSubject(subject) {
      const rows = await db
        .selectFrom('outbox')
        .selectAll()
        .where('subject', '=', subject)
        .orderBy('id')
        .execute();
      return rows.map(toEntry);
    },
  });
}
