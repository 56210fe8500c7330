import { Migrator, type Kysely, type MigrationResult } from 'kysely';
import { migrationList } from './migrations/migration-list.js';

/** Options of {@link migrateToLatest}. */
export type MigrateOptions = {
  /**
   * PostgreSQL: the schema holding the node's tables (the connection's `search_path`), where
   * Kysely's own migration tables go too. Left out: the default schema.
   */
  schema?: string;
};

/**
 * Applies every migration not yet applied. Throws on the first failure, with the migration's
 * name, so a node never starts on a half-migrated database. On PostgreSQL Kysely takes an
 * advisory lock and runs each migration in a transaction, so several node processes starting
 * together on one database migrate it once.
 */
export async function migrateToLatest(
  db: Kysely<unknown>,
  options: MigrateOptions = {},
): Promise<readonly MigrationResult[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve({ ...migrationList }) },
    ...(options.schema === undefined ? {} : { migrationTableSchema: options.schema }),
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(
      `migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
  return results;
}
