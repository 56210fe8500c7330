import type { Kysely, Migration } from 'kysely';
import { columnTypes } from '../column-types.js';
import { dialectOf } from '../dialect.js';

// Only portable column types (text, integer) so the same migration runs on SQLite and
// PostgreSQL; `columnTypes` gives PostgreSQL's text byte-order collation (on SQLite the DDL is
// exactly what it always was). Never edit a migration once released: append a new one to
// `migration-list.ts`.
export const initialMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const t = columnTypes(dialectOf(db));
    await db.schema
      .createTable('certificates')
      .addColumn('number', t.text, (c) => c.primaryKey())
      .addColumn('direction', t.text, (c) => c.notNull())
      .addColumn('status', t.text, (c) => c.notNull())
      .addColumn('delivery', t.text, (c) => c.notNull())
      .addColumn('issuing_authority', t.text, (c) => c.notNull())
      .addColumn('partner_participant', t.text, (c) => c.notNull())
      .addColumn('partner_authority', t.text)
      .addColumn('signed', t.text)
      .addColumn('certificate_json', t.text, (c) => c.notNull())
      .addColumn('issued_on', t.text, (c) => c.notNull())
      .addColumn('expires_on', t.text, (c) => c.notNull())
      .addColumn('replaces', t.text)
      .addColumn('replaced_by', t.text)
      .addColumn('created_at', t.text, (c) => c.notNull())
      .addColumn('updated_at', t.text, (c) => c.notNull())
      .addColumn('version', t.integer, (c) => c.notNull().defaultTo(1))
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
      .addColumn('id', t.text, (c) => c.primaryKey())
      .addColumn('certificate_number', t.text, (c) => c.notNull())
      .addColumn('at', t.text, (c) => c.notNull())
      .addColumn('type', t.text, (c) => c.notNull())
      .addColumn('actor', t.text, (c) => c.notNull())
      .addColumn('data', t.text)
      .execute();
    await db.schema
      .createIndex('events_certificate')
      .on('events')
      .columns(['certificate_number', 'id'])
      .execute();

    await db.schema
      .createTable('outbox')
      .addColumn('id', t.text, (c) => c.primaryKey())
      .addColumn('type', t.text, (c) => c.notNull())
      .addColumn('to_authority', t.text, (c) => c.notNull())
      .addColumn('endpoint', t.text, (c) => c.notNull())
      .addColumn('subject', t.text, (c) => c.notNull())
      .addColumn('envelope', t.text, (c) => c.notNull())
      .addColumn('digest', t.text, (c) => c.notNull())
      .addColumn('attempts', t.integer, (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', t.text, (c) => c.notNull())
      .addColumn('last_attempt_at', t.text)
      .addColumn('last_error', t.text)
      .addColumn('overdue', t.integer, (c) => c.notNull().defaultTo(0))
      .addColumn('state', t.text, (c) => c.notNull())
      .addColumn('created_at', t.text, (c) => c.notNull())
      .addColumn('delivered_at', t.text)
      .addColumn('claimed_by', t.text)
      .addColumn('claimed_until', t.text)
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
      .addColumn('message_id', t.text, (c) => c.primaryKey())
      .addColumn('digest', t.text, (c) => c.notNull())
      .addColumn('envelope', t.text, (c) => c.notNull())
      .addColumn('type', t.text, (c) => c.notNull())
      .addColumn('from_authority', t.text, (c) => c.notNull())
      .addColumn('subject', t.text)
      .addColumn('result', t.text, (c) => c.notNull())
      .addColumn('code', t.text)
      .addColumn('receipt', t.text, (c) => c.notNull())
      .addColumn('received_at', t.text, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('receipts')
      .addColumn('message_id', t.text, (c) => c.primaryKey())
      .addColumn('certificate_number', t.text, (c) => c.notNull())
      .addColumn('message_type', t.text, (c) => c.notNull())
      .addColumn('role', t.text, (c) => c.notNull())
      .addColumn('signer_authority', t.text, (c) => c.notNull())
      .addColumn('result', t.text, (c) => c.notNull())
      .addColumn('code', t.text)
      .addColumn('received_at', t.text, (c) => c.notNull())
      .addColumn('jws', t.text, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('receipts_certificate')
      .on('receipts')
      .columns(['certificate_number'])
      .execute();

    await db.schema
      .createTable('confirmations')
      .addColumn('certificate_number', t.text, (c) => c.primaryKey())
      .addColumn('confirmation_json', t.text, (c) => c.notNull())
      .addColumn('discrepancies_json', t.text, (c) => c.notNull())
      .addColumn('confirmed_at', t.text, (c) => c.notNull())
      .addColumn('confirmed_by', t.text, (c) => c.notNull())
      .addColumn('message_id', t.text)
      .execute();

    await db.schema
      .createTable('idempotency_keys')
      .addColumn('principal', t.text, (c) => c.notNull())
      .addColumn('key', t.text, (c) => c.notNull())
      .addColumn('request_hash', t.text, (c) => c.notNull())
      .addColumn('status', t.integer, (c) => c.notNull())
      .addColumn('response_json', t.text, (c) => c.notNull())
      .addColumn('created_at', t.text, (c) => c.notNull())
      .addPrimaryKeyConstraint('idempotency_keys_pk', ['principal', 'key'])
      .execute();

    await db.schema
      .createTable('api_tokens')
      .addColumn('id', t.text, (c) => c.primaryKey())
      .addColumn('token_hash', t.text, (c) => c.notNull().unique())
      .addColumn('role', t.text, (c) => c.notNull())
      .addColumn('name', t.text, (c) => c.notNull())
      .addColumn('created_at', t.text, (c) => c.notNull())
      .addColumn('expires_at', t.text)
      .addColumn('revoked_at', t.text)
      .execute();

    await db.schema
      .createTable('serial_counters')
      .addColumn('authority', t.text, (c) => c.notNull())
      .addColumn('year', t.integer, (c) => c.notNull())
      .addColumn('value', t.integer, (c) => c.notNull())
      .addPrimaryKeyConstraint('serial_counters_pk', ['authority', 'year'])
      .execute();

    await db.schema
      .createTable('audit_log')
      .addColumn('seq', t.integer, (c) => c.primaryKey())
      .addColumn('at', t.text, (c) => c.notNull())
      .addColumn('actor', t.text, (c) => c.notNull())
      .addColumn('action', t.text, (c) => c.notNull())
      .addColumn('subject', t.text, (c) => c.notNull())
      .addColumn('data', t.text, (c) => c.notNull())
      .addColumn('prev_hash', t.text, (c) => c.notNull())
      .addColumn('hash', t.text, (c) => c.notNull())
      .execute();
  },
};
