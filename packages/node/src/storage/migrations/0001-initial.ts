import type { Kysely, Migration } from 'kysely';

// Only portable column types (text, integer) so the same migration runs on SQLite and
// PostgreSQL. Never edit a migration once released: append a new one to `migration-list.ts`.
export const initialMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('certificates')
      .addColumn('number', 'text', (c) => c.primaryKey())
      .addColumn('direction', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('delivery', 'text', (c) => c.notNull())
      .addColumn('issuing_authority', 'text', (c) => c.notNull())
      .addColumn('partner_participant', 'text', (c) => c.notNull())
      .addColumn('partner_authority', 'text')
      .addColumn('signed', 'text')
      .addColumn('certificate_json', 'text', (c) => c.notNull())
      .addColumn('issued_on', 'text', (c) => c.notNull())
      .addColumn('expires_on', 'text', (c) => c.notNull())
      .addColumn('replaces', 'text')
      .addColumn('replaced_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    // The list is newest first, all or per direction (cursor on created_at, number); the
    // expiry sweep scans by status and expires_on; metrics count by direction and status.
    await db.schema
      .createIndex('certificates_recent')
      .on('certificates')
      .columns(['created_at', 'number'])
      .execute();
    await db.schema
      .createIndex('certificates_list')
      .on('certificates')
      .columns(['direction', 'created_at', 'number'])
      .execute();
    await db.schema
      .createIndex('certificates_status')
      .on('certificates')
      .columns(['direction', 'status'])
      .execute();
    await db.schema
      .createIndex('certificates_expiry')
      .on('certificates')
      .columns(['status', 'expires_on'])
      .execute();

    await db.schema
      .createTable('events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('certificate_number', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('data', 'text')
      .execute();
    await db.schema
      .createIndex('events_certificate')
      .on('events')
      .columns(['certificate_number', 'id'])
      .execute();

    await db.schema
      .createTable('outbox')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('to_authority', 'text', (c) => c.notNull())
      .addColumn('endpoint', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('envelope', 'text', (c) => c.notNull())
      .addColumn('digest', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'text', (c) => c.notNull())
      .addColumn('last_attempt_at', 'text')
      .addColumn('last_error', 'text')
      .addColumn('overdue', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('delivered_at', 'text')
      .addColumn('claimed_by', 'text')
      .addColumn('claimed_until', 'text')
      .execute();
    await db.schema
      .createIndex('outbox_due')
      .on('outbox')
      .columns(['state', 'next_attempt_at'])
      .execute();
    await db.schema
      .createIndex('outbox_subject')
      .on('outbox')
      .columns(['subject', 'state', 'id'])
      .execute();

    await db.schema
      .createTable('inbox')
      .addColumn('message_id', 'text', (c) => c.primaryKey())
      .addColumn('digest', 'text', (c) => c.notNull())
      .addColumn('envelope', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('from_authority', 'text', (c) => c.notNull())
      .addColumn('subject', 'text')
      .addColumn('result', 'text', (c) => c.notNull())
      .addColumn('code', 'text')
      .addColumn('receipt', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('receipts')
      .addColumn('message_id', 'text', (c) => c.primaryKey())
      .addColumn('certificate_number', 'text', (c) => c.notNull())
      .addColumn('message_type', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('signer_authority', 'text', (c) => c.notNull())
      .addColumn('result', 'text', (c) => c.notNull())
      .addColumn('code', 'text')
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addColumn('jws', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('receipts_certificate')
      .on('receipts')
      .columns(['certificate_number'])
      .execute();

    await db.schema
      .createTable('confirmations')
      .addColumn('certificate_number', 'text', (c) => c.primaryKey())
      .addColumn('confirmation_json', 'text', (c) => c.notNull())
      .addColumn('discrepancies_json', 'text', (c) => c.notNull())
      .addColumn('confirmed_at', 'text', (c) => c.notNull())
      .addColumn('confirmed_by', 'text', (c) => c.notNull())
      .addColumn('message_id', 'text')
      .execute();

    await db.schema
      .createTable('idempotency_keys')
      .addColumn('principal', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('request_hash', 'text', (c) => c.notNull())
      .addColumn('status', 'integer', (c) => c.notNull())
      .addColumn('response_json', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('idempotency_keys_pk', ['principal', 'key'])
      .execute();

    await db.schema
      .createTable('api_tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text')
      .addColumn('revoked_at', 'text')
      .execute();

    await db.schema
      .createTable('serial_counters')
      .addColumn('authority', 'text', (c) => c.notNull())
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('value', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('serial_counters_pk', ['authority', 'year'])
      .execute();

    await db.schema
      .createTable('audit_log')
      .addColumn('seq', 'integer', (c) => c.primaryKey())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('prev_hash', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .execute();
  },
};
