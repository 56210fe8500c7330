import type { Kysely, Migration } from 'kysely';
import { attentionExpression } from '../../statistics/mirror-store.js';
import { rebuildStatistics } from '../../statistics/rebuild-statistics.js';
import { columnTypes } from '../column-types.js';
import type { KpxDatabase } from '../database-schema.js';
import { dialectOf } from '../dialect.js';

// Statistics (ARCHITECTURE.md flow 6; packages/node/src/statistics): the trade aggregate and
// its distinct-certificate group counts, kept in step with every certificate change; mirror
// entries and their per-route sums for reconciliation; production returns. Amounts are int8 hundredths (exact; see
// statistics-tables.ts). Existing certificates are counted once here (full scan), so a node
// upgraded with data starts with complete statistics. Never edit once released.
export const statisticsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const t = columnTypes(dialectOf(db));
    await db.schema
      .createTable('trade_aggregate')
      .addColumn('period', t.text, (c) => c.notNull())
      .addColumn('flow', t.text, (c) => c.notNull())
      .addColumn('partner', t.text, (c) => c.notNull())
      .addColumn('hs', t.text, (c) => c.notNull())
      .addColumn('origin', t.text, (c) => c.notNull())
      .addColumn('provenance', t.text, (c) => c.notNull())
      .addColumn('certificates', t.integer, (c) => c.notNull())
      .addColumn('carats_cents', 'bigint', (c) => c.notNull())
      .addColumn('value_cents', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('trade_aggregate_pk', [
        'period',
        'flow',
        'partner',
        'hs',
        'origin',
        'provenance',
      ])
      .execute();
    await db.schema
      .createTable('trade_groups')
      .addColumn('period', t.text, (c) => c.notNull())
      .addColumn('flow', t.text, (c) => c.notNull())
      .addColumn('partner', t.text, (c) => c.notNull())
      .addColumn('origin', t.text, (c) => c.notNull())
      .addColumn('provenance', t.text, (c) => c.notNull())
      .addColumn('certificates', t.integer, (c) => c.notNull())
      .addPrimaryKeyConstraint('trade_groups_pk', [
        'period',
        'flow',
        'partner',
        'origin',
        'provenance',
      ])
      .execute();

    await db.schema
      .createTable('mirror_entries')
      .addColumn('number', t.text, (c) => c.primaryKey())
      .addColumn('direction', t.text, (c) => c.notNull())
      .addColumn('period', t.text, (c) => c.notNull())
      .addColumn('exporter', t.text, (c) => c.notNull())
      .addColumn('importer', t.text, (c) => c.notNull())
      .addColumn('issued_on', t.text, (c) => c.notNull())
      .addColumn('status', t.text, (c) => c.notNull())
      .addColumn('carats_cents', 'bigint', (c) => c.notNull())
      .addColumn('value_cents', 'bigint', (c) => c.notNull())
      .addColumn('parcels', t.integer, (c) => c.notNull())
      .addColumn('confirmed_on', t.text)
      .addColumn('confirmed_carats_cents', 'bigint')
      .addColumn('confirmed_value_cents', 'bigint')
      .addColumn('confirmed_parcels', t.integer)
      // What reconciliation must look at (see mirror-store.ts): 0 nothing beyond the totals,
      // 1 open (overdue once old enough), 2 always (differences, not mirrored, unknown).
      .addColumn('attention', t.integer, (c) => c.generatedAlwaysAs(attentionExpression).stored())
      .execute();
    await db.schema
      .createIndex('mirror_entries_attention')
      .on('mirror_entries')
      .columns(['attention', 'issued_on'])
      .execute();
    await db.schema
      .createTable('mirror_groups')
      .addColumn('period', t.text, (c) => c.notNull())
      .addColumn('exporter', t.text, (c) => c.notNull())
      .addColumn('importer', t.text, (c) => c.notNull())
      .addColumn('exports', t.integer, (c) => c.notNull())
      .addColumn('exports_carats_cents', 'bigint', (c) => c.notNull())
      .addColumn('exports_value_cents', 'bigint', (c) => c.notNull())
      .addColumn('exports_parcels', 'bigint', (c) => c.notNull())
      .addColumn('imports', t.integer, (c) => c.notNull())
      .addColumn('imports_carats_cents', 'bigint', (c) => c.notNull())
      .addColumn('imports_value_cents', 'bigint', (c) => c.notNull())
      .addColumn('imports_parcels', 'bigint', (c) => c.notNull())
      .addColumn('matched', t.integer, (c) => c.notNull())
      .addPrimaryKeyConstraint('mirror_groups_pk', ['period', 'exporter', 'importer'])
      .execute();

    await db.schema
      .createTable('production_returns')
      .addColumn('period', t.text, (c) => c.primaryKey())
      .addColumn('entries_json', t.text, (c) => c.notNull())
      .addColumn('source', t.text, (c) => c.notNull())
      .addColumn('recorded_at', t.text, (c) => c.notNull())
      .addColumn('recorded_by', t.text, (c) => c.notNull())
      .execute();

    // Anomalies read reuse attempts from the timeline by type and time; reconciliation reads
    // partners' confirmations this node refused (unknown or cancelled certificates) from the inbox.
    await db.schema.createIndex('events_type_at').on('events').columns(['type', 'at']).execute();
    await db.schema
      .createIndex('inbox_type_result')
      .on('inbox')
      .columns(['type', 'result'])
      .execute();

    await rebuildStatistics(db as Kysely<KpxDatabase>);
  },
};
