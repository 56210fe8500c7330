import type { Confirmation, Discrepancy } from '@kpx/domain';
import type { Insertable, Kysely } from 'kysely';
import type { ConfirmationsTable, KpxDatabase } from '../storage/database-schema.js';

/** An import confirmation (KPCS III(b)) with the discrepancies against the certificate. */
export type ConfirmationRecord = {
  certificateNumber: string;
  confirmation: Confirmation;
  discrepancies: Discrepancy[];
  confirmedAt: string;
  /** The importing authority that confirmed. */
  confirmedBy: string;
  /** The `import.confirmed` message that carried it (sent or received). */
  messageId: string | null;
};

/** Storage port of confirmations. */
export interface ConfirmationRepository {
  insert(record: ConfirmationRecord): Promise<void>;
  find(number: string): Promise<ConfirmationRecord | undefined>;
}

/** The stored row of a confirmation (also for bulk loads of many rows). */
export function confirmationRow(r: ConfirmationRecord): Insertable<ConfirmationsTable> {
  return {
    certificate_number: r.certificateNumber,
    confirmation_json: JSON.stringify(r.confirmation),
    discrepancies_json: JSON.stringify(r.discrepancies),
    confirmed_at: r.confirmedAt,
    confirmed_by: r.confirmedBy,
    message_id: r.messageId,
  };
}

/** The Kysely adapter of {@link ConfirmationRepository}. */
export function confirmationRepository(db: Kysely<KpxDatabase>): ConfirmationRepository {
  return Object.freeze<ConfirmationRepository>({
    async insert(r: ConfirmationRecord) {
      await db.insertInto('confirmations').values(confirmationRow(r)).execute();
    },
    async find(number: string) {
      const row = await db
        .selectFrom('confirmations')
        .selectAll()
        .where('certificate_number', '=', number)
        .executeTakeFirst();
      if (row === undefined) return undefined;
      return {
        certificateNumber: row.certificate_number,
        confirmation: JSON.parse(row.confirmation_json) as Confirmation,
        discrepancies: JSON.parse(row.discrepancies_json) as Discrepancy[],
        confirmedAt: row.confirmed_at,
        confirmedBy: row.confirmed_by,
        messageId: row.message_id,
      };
    },
  });
}
