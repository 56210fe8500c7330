import type { Kysely, Migration } from 'kysely';

// Statistical returns (ARCHITECTURE.md flow 6): every message received on /exchange/v1/messages
// with the receipt signed for it, and the latest return per authority and quarter. Portable
// column types; never edit once released.
export const statisticsReturnsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('statistics_inbox')
      .addColumn('message_id', 'text', (c) => c.primaryKey())
      .addColumn('digest', 'text', (c) => c.notNull())
      .addColumn('envelope', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('from_authority', 'text', (c) => c.notNull())
      .addColumn('result', 'text', (c) => c.notNull())
      .addColumn('code', 'text')
      .addColumn('receipt', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('statistics_returns')
      .addColumn('authority', 'text', (c) => c.notNull())
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('participant', 'text', (c) => c.notNull())
      .addColumn('message_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addColumn('body_json', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('statistics_returns_pk', ['authority', 'period'])
      .execute();
    await db.schema
      .createIndex('statistics_returns_period')
      .on('statistics_returns')
      .columns(['period'])
      .execute();
  },
};
