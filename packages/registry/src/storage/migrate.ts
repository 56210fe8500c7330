import { Migrator, type Kysely, type MigrationResult } from 'kysely';
import { migrationList } from './migrations/migration-list.js';

/**
 * Applies every migration not yet applied. Throws on the first failure, with the migration's
 * name, so the registry never runs on a half-migrated database.
 */
export async function migrateToLatest(db: Kysely<unknown>): Promise<readonly MigrationResult[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve({ ...migrationList }) },
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`migration ${failed} failed: ${reason}`, { cause: error });
  }
  return results;
}
