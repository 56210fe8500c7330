import type { Kysely, Migration } from 'kysely';

// Never edit a migration once released: append a new one to `migration-list.ts`.
export const initialMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('participants')
      .addColumn('code', 'text', (c) => c.primaryKey())
      .addColumn('name_en', 'text', (c) => c.notNull())
      .addColumn('name_ru', 'text', (c) => c.notNull())
      .addColumn('name_fr', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('authorities')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('participant', 'text', (c) => c.notNull().references('participants.code'))
      .addColumn('name_en', 'text', (c) => c.notNull())
      .addColumn('name_ru', 'text', (c) => c.notNull())
      .addColumn('name_fr', 'text', (c) => c.notNull())
      .addColumn('may_issue', 'integer', (c) => c.notNull())
      .addColumn('may_import', 'integer', (c) => c.notNull())
      .addColumn('default_importing', 'integer', (c) => c.notNull())
      .addColumn('endpoint', 'text')
      .addColumn('number_pattern', 'text', (c) => c.notNull())
      .addColumn('validity_default_days', 'integer', (c) => c.notNull())
      .addColumn('validity_max_days', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('keys')
      .addColumn('kid', 'text', (c) => c.primaryKey())
      .addColumn('authority', 'text', (c) => c.notNull().references('authorities.id'))
      .addColumn('alg', 'text', (c) => c.notNull())
      .addColumn('jwk', 'text', (c) => c.notNull())
      .addColumn('valid_from', 'text', (c) => c.notNull())
      .addColumn('valid_to', 'text')
      .addColumn('revoked_at', 'text')
      .addColumn('revocation_reason', 'text')
      .addColumn('superseded_by', 'text')
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('added_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('keys_authority').on('keys').columns(['authority']).execute();

    await db.schema
      .createTable('enrolments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('authority', 'text', (c) => c.notNull())
      .addColumn('kid', 'text', (c) => c.notNull())
      .addColumn('jwk', 'text', (c) => c.notNull())
      .addColumn('valid_from', 'text', (c) => c.notNull())
      .addColumn('requested_at', 'text', (c) => c.notNull())
      .addColumn('signed_by', 'text', (c) => c.notNull())
      .addColumn('jws', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addColumn('decided_at', 'text')
      .addColumn('decision_reason', 'text')
      .execute();
    await db.schema.createIndex('enrolments_kid').on('enrolments').columns(['kid']).execute();
    await db.schema
      .createIndex('enrolments_status')
      .on('enrolments')
      .columns(['status', 'received_at'])
      .execute();

    await db.schema
      .createTable('list_keys')
      .addColumn('kid', 'text', (c) => c.primaryKey())
      .addColumn('alg', 'text', (c) => c.notNull())
      .addColumn('jwk', 'text', (c) => c.notNull())
      .addColumn('valid_from', 'text', (c) => c.notNull())
      .addColumn('valid_to', 'text', (c) => c.notNull())
      .addColumn('endorsement', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('versions')
      .addColumn('version', 'integer', (c) => c.primaryKey())
      .addColumn('issued_at', 'text', (c) => c.notNull())
      .addColumn('next_update', 'text', (c) => c.notNull())
      .addColumn('list_kid', 'text', (c) => c.notNull())
      .addColumn('jws', 'text', (c) => c.notNull())
      .addColumn('etag', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .execute();
  },
};
