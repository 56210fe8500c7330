import type { Kysely, OperationNodeSource } from 'kysely';
import type { KpxDatabase } from '../storage/database-schema.js';

/** A message this node received, with the receipt it answered. */
export type InboxEntry = {
  messageId: string;
  digest: string;
  envelope: string;
  type: string;
  fromAuthority: string;
  subject: string | null;
  result: 'accepted' | 'rejected';
  code: string | null;
  receipt: string;
  receivedAt: string;
};

/** Storage port of the inbox: deduplication of partner messages by id. */
export interface InboxRepository {
  find(messageId: string): Promise<InboxEntry | undefined>;
  insert(entry: InboxEntry): Promise<void>;
  /** The insert `insert` runs, not yet run (`appendAudit`'s `alongside`). */
  insertWrite(entry: InboxEntry): OperationNodeSource;
}

/** The Kysely adapter of {@link InboxRepository}. */
export function inboxRepository(db: Kysely<KpxDatabase>): InboxRepository {
  const insertWrite = (e: InboxEntry) =>
    db.insertInto('inbox').values({
      message_id: e.messageId,
      digest: e.digest,
      envelope: e.envelope,
      type: e.type,
      from_authority: e.fromAuthority,
      subject: e.subject,
      result: e.result,
      code: e.code,
      receipt: e.receipt,
      received_at: e.receivedAt,
    });
  return Object.freeze<InboxRepository>({
    async find(messageId: string) {
      const row = await db
        .selectFrom('inbox')
        .selectAll()
        .where('message_id', '=', messageId)
        .executeTakeFirst();
      if (row === undefined) return undefined;
      return {
        messageId: row.message_id,
        digest: row.digest,
        envelope: row.envelope,
        type: row.type,
        fromAuthority: row.from_authority,
        subject: row.subject,
        result: row.result,
        code: row.code,
        receipt: row.receipt,
        receivedAt: row.received_at,
      };
    },
    async insert(e: InboxEntry) {
      await insertWrite(e).execute();
    },
    insertWrite,
  });
}
