import type { Kysely, OperationNodeSource } from 'kysely';
import type { KpxDatabase } from '../storage/database-schema.js';

/** A signed receipt about a certificate: one a partner gave us, or one we gave a partner. */
export type ReceiptRecord = {
  messageId: string;
  certificateNumber: string;
  messageType: string;
  role: 'received' | 'issued';
  signerAuthority: string;
  result: 'accepted' | 'rejected';
  code: string | null;
  receivedAt: string;
  jws: string;
};

/** Storage port of receipts. */
export interface ReceiptRepository {
  insert(receipt: ReceiptRecord): Promise<void>;
  /** The insert `insert` runs, not yet run (`appendAudit`'s `alongside`). */
  insertWrite(receipt: ReceiptRecord): OperationNodeSource;
  forCertificate(number: string): Promise<ReceiptRecord[]>;
}

/** The Kysely adapter of {@link ReceiptRepository}. */
export function receiptRepository(db: Kysely<KpxDatabase>): ReceiptRepository {
  const insertWrite = (r: ReceiptRecord) =>
    db
      .insertInto('receipts')
      .values({
        message_id: r.messageId,
        certificate_number: r.certificateNumber,
        message_type: r.messageType,
        role: r.role,
        signer_authority: r.signerAuthority,
        result: r.result,
        code: r.code,
        received_at: r.receivedAt,
        jws: r.jws,
      })
      // A retried dead letter gets the partner's first receipt again: keep the one stored.
      .onConflict((oc) => oc.column('message_id').doNothing());
  return Object.freeze<ReceiptRepository>({
    async insert(r: ReceiptRecord) {
      await insertWrite(r).execute();
    },
    insertWrite,
    async forCertificate(number: string) {
      const rows = await db
        .selectFrom('receipts')
        .selectAll()
        .where('certificate_number', '=', number)
        .orderBy('received_at')
        .orderBy('message_id')
        .execute();
      return rows.map((r) => ({
        messageId: r.message_id,
        certificateNumber: r.certificate_number,
        messageType: r.message_type,
        role: r.role,
        signerAuthority: r.signer_authority,
        result: r.result,
        code: r.code,
        receivedAt: r.received_at,
        jws: r.jws,
      }));
    },
  });
}
