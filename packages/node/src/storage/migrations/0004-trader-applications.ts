import type { Kysely, Migration } from 'kysely';
import { columnTypes } from '../column-types.js';
import { dialectOf } from '../dialect.js';

// Trader applications (docs/applications.md): companies registered with the authority, the
// company of a trader account or token, applications with their supporting documents and
// their timeline. Attachments are kept as the exact bytes received (BLOB / bytea) beside their
// SHA-256; the node never parses or renders them. Never edit once released.
export const traderApplicationsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const dialect = dialectOf(db);
    const t = columnTypes(dialect);
    await db.schema
      .createTable('companies')
      .addColumn('id', t.text, (c) => c.primaryKey())
      .addColumn('name', t.text, (c) => c.notNull())
      .addColumn('address', t.text, (c) => c.notNull())
      .addColumn('licence', t.text, (c) => c.notNull().unique())
      .addColumn('status', t.text, (c) => c.notNull())
      .addColumn('created_at', t.text, (c) => c.notNull())
      .addColumn('updated_at', t.text, (c) => c.notNull())
      .execute();

    await db.schema.alterTable('users').addColumn('company_id', t.text).execute();
    await db.schema.alterTable('api_tokens').addColumn('company_id', t.text).execute();

    await db.schema
      .createTable('applications')
      .addColumn('id', t.text, (c) => c.primaryKey())
      .addColumn('company_id', t.text, (c) => c.notNull())
      .addColumn('status', t.text, (c) => c.notNull())
      .addColumn('draft_json', t.text, (c) => c.notNull())
      .addColumn('submitted_by', t.text, (c) => c.notNull())
      .addColumn('submitted_at', t.text, (c) => c.notNull())
      .addColumn('updated_at', t.text, (c) => c.notNull())
      .addColumn('decided_by', t.text)
      .addColumn('decided_at', t.text)
      .addColumn('reason', t.text)
      .addColumn('seals_json', t.text)
      .addColumn('check_note', t.text)
      .addColumn('certificate_number', t.text)
      .addColumn('version', t.integer, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('applications_company')
      .on('applications')
      .columns(['company_id', 'id'])
      .execute();
    await db.schema
      .createIndex('applications_status')
      .on('applications')
      .columns(['status', 'submitted_at'])
      .execute();
    await db.schema
      .createIndex('applications_certificate')
      .on('applications')
      .columns(['certificate_number'])
      .execute();

    await db.schema
      .createTable('application_attachments')
      .addColumn('id', t.text, (c) => c.primaryKey())
      .addColumn('application_id', t.text, (c) => c.notNull())
      .addColumn('kind', t.text, (c) => c.notNull())
      .addColumn('filename', t.text, (c) => c.notNull())
      .addColumn('content_type', t.text, (c) => c.notNull())
      .addColumn('size', t.integer, (c) => c.notNull())
      .addColumn('sha256', t.text, (c) => c.notNull())
      .addColumn('content', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('application_attachments_application')
      .on('application_attachments')
      .columns(['application_id'])
      .execute();

    await db.schema
      .createTable('application_events')
      .addColumn('id', t.text, (c) => c.primaryKey())
      .addColumn('application_id', t.text, (c) => c.notNull())
      .addColumn('at', t.text, (c) => c.notNull())
      .addColumn('type', t.text, (c) => c.notNull())
      .addColumn('actor', t.text, (c) => c.notNull())
      .addColumn('data', t.text)
      .execute();
    await db.schema
      .createIndex('application_events_application')
      .on('application_events')
      .columns(['application_id', 'id'])
      .execute();

    // A trader's webhook (docs/applications.md, "Following"): signed JSON events of its
    // company's applications and certificates, delivered and retried like the outbox.
    await db.schema
      .createTable('webhooks')
      .addColumn('id', t.text, (c) => c.primaryKey())
      .addColumn('company_id', t.text, (c) => c.notNull())
      .addColumn('url', t.text, (c) => c.notNull())
      .addColumn('secret', t.text, (c) => c.notNull())
      .addColumn('created_by', t.text, (c) => c.notNull())
      .addColumn('created_at', t.text, (c) => c.notNull())
      .addColumn('deleted_at', t.text)
      .execute();
    await db.schema
      .createIndex('webhooks_company')
      .on('webhooks')
      .columns(['company_id'])
      .execute();
    await db.schema
      .createTable('webhook_deliveries')
      .addColumn('id', t.text, (c) => c.primaryKey())
      .addColumn('webhook_id', t.text, (c) => c.notNull())
      .addColumn('event_id', t.text, (c) => c.notNull())
      .addColumn('event_type', t.text, (c) => c.notNull())
      .addColumn('body', t.text, (c) => c.notNull())
      .addColumn('state', t.text, (c) => c.notNull())
      .addColumn('attempts', t.integer, (c) => c.notNull())
      .addColumn('next_attempt_at', t.text, (c) => c.notNull())
      .addColumn('lease_until', t.text)
      .addColumn('last_status', t.integer)
      .addColumn('last_error', t.text)
      .addColumn('created_at', t.text, (c) => c.notNull())
      .addColumn('delivered_at', t.text)
      .execute();
    await db.schema
      .createIndex('webhook_deliveries_due')
      .on('webhook_deliveries')
      .columns(['state', 'next_attempt_at'])
      .execute();
  },
};
