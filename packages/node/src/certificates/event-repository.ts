import type { Kysely, OperationNodeSource } from 'kysely';
import type { KpxDatabase } from '../storage/database-schema.js';

/** One entry of a certificate's timeline. */
export type CertificateEvent = { at: string; type: string; actor: string; data?: unknown };

/** A stored timeline row as an entry (certificates' and applications' timelines alike). */
export function timelineEntryOf(row: {
  at: string;
  type: string;
  actor: string;
  data: string | null;
}): CertificateEvent {
  return {
    at: row.at,
    type: row.type,
    actor: row.actor,
    ...(row.data === null ? {} : { data: JSON.parse(row.data) as unknown }),
  };
}

/** Storage port of the certificate timeline. */
export interface EventRepository {
  append(certificateNumber: string, event: CertificateEvent): Promise<void>;
  /**
   * The insert `append` runs, not yet run: for a caller that sends it as part of another
   * statement (`appendAudit`'s `alongside`), one round trip fewer on PostgreSQL.
   */
  appendWrite(certificateNumber: string, event: CertificateEvent): OperationNodeSource;
  /** The timeline, oldest first. */
  list(certificateNumber: string): Promise<CertificateEvent[]>;
}

/** The Kysely adapter of {@link EventRepository}; `nextId` must give time-ordered ids. */
export function eventRepository(db: Kysely<KpxDatabase>, nextId: () => string): EventRepository {
  const insert = (certificateNumber: string, event: CertificateEvent) =>
    db.insertInto('events').values({
      id: nextId(),
      certificate_number: certificateNumber,
      at: event.at,
      type: event.type,
      actor: event.actor,
      data: event.data === undefined ? null : JSON.stringify(event.data),
    });
  return Object.freeze<EventRepository>({
    async append(certificateNumber: string, event: CertificateEvent): Promise<void> {
      await insert(certificateNumber, event).execute();
    },
    appendWrite: insert,
    async list(certificateNumber: string): Promise<CertificateEvent[]> {
      const rows = await db
        .selectFrom('events')
        .select(['at', 'type', 'actor', 'data'])
        .where('certificate_number', '=', certificateNumber)
        .orderBy('id')
        .execute();
      return rows.map(timelineEntryOf);
    },
  });
}
