import type { Kysely, Migration } from 'kysely';
import { columnTypes } from '../column-types.js';
import { dialectOf } from '../dialect.js';

// The officer console (docs/internal-contract.md, "Console API"): officer accounts, their
// sessions, the sign-in slow-down, and the QR payload stored with each issued certificate.
// Portable column types only, like 0001; never edit once released.
export const officerConsoleMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const t = columnTypes(dialectOf(db));
    await db.schema
      .createTable('users')
      .addColumn('id', t.text, (c) => c.primaryKey())
      .addColumn('username', t.text, (c) => c.notNull().unique())
      .addColumn('display_name', t.text, (c) => c.notNull())
      .addColumn('role', t.text, (c) => c.notNull())
      .addColumn('password_hash', t.text, (c) => c.notNull())
      .addColumn('disabled', t.integer, (c) => c.notNull().defaultTo(0))
      .addColumn('must_change_password', t.integer, (c) => c.notNull().defaultTo(0))
      .addColumn('totp_secret', t.text)
      .addColumn('totp_pending_secret', t.text)
      .addColumn('totp_last_step', t.integer)
      .addColumn('created_at', t.text, (c) => c.notNull())
      .addColumn('updated_at', t.text, (c) => c.notNull())
      .addColumn('last_sign_in_at', t.text)
      .execute();

    await db.schema
      .createTable('sessions')
      .addColumn('id_hash', t.text, (c) => c.primaryKey())
      .addColumn('user_id', t.text, (c) => c.notNull())
      .addColumn('csrf_token', t.text, (c) => c.notNull())
      .addColumn('created_at', t.text, (c) => c.notNull())
      .addColumn('last_seen_at', t.text, (c) => c.notNull())
      .addColumn('expires_at', t.text, (c) => c.notNull())
      .addColumn('ip', t.text)
      .addColumn('user_agent', t.text)
      .execute();
    await db.schema.createIndex('sessions_user').on('sessions').columns(['user_id']).execute();
    await db.schema.createIndex('sessions_expiry').on('sessions').columns(['expires_at']).execute();

    await db.schema
      .createTable('sign_in_throttle')
      .addColumn('key', t.text, (c) => c.primaryKey())
      .addColumn('failures', t.integer, (c) => c.notNull())
      .addColumn('window_started_at', t.text, (c) => c.notNull())
      .addColumn('last_failure_at', t.text, (c) => c.notNull())
      .execute();

    await db.schema.alterTable('certificates').addColumn('qr_text', t.text).execute();
  },
};
