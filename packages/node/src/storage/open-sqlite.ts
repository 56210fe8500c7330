import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { KpxDatabase } from './database-schema.js';
import { createGroupCommitTransactor } from './group-commit-transactor.js';
import { migrateToLatest } from './migrate.js';
import { withStatementCache } from './statement-cache.js';
import type { Storage } from './storage.js';
import { createPlainTransactor } from './transactor.js';

/** Options of {@link openSqliteStorage}. */
export type SqliteStorageOptions = {
  /** File path, or `:memory:` for tests. */
  path: string;
  /**
   * `full` (default): every commit is fsynced before the caller hears of it — required because
   * a receipt or a 201 promises the partner or officer that the data is kept. Commits are
   * grouped (one fsync for all units waiting) to keep throughput. `normal`: WAL is fsynced only
   * at checkpoints; faster, but a power cut can lose the last commits after they were
   * acknowledged. See docs/decisions.md D10–D11.
   */
  synchronous?: 'full' | 'normal';
  /** Milliseconds a writer waits for another process's lock (`busy_timeout`). */
  busyTimeoutMs?: number;
};

/**
 * Opens (and migrates) a SQLite database in WAL mode: readers never block the writer, and one
 * writer at a time is all a node needs.
 */
export async function openSqliteStorage(options: SqliteStorageOptions): Promise<Storage> {
  const synchronous = options.synchronous ?? 'full';
  const database = new BetterSqlite3(options.path);
  database.pragma('journal_mode = WAL');
  database.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  database.pragma('foreign_keys = ON');
  database.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
  const db = new Kysely<KpxDatabase>({
    dialect: new SqliteDialect({ database: withStatementCache(database) }),
  });
  try {
    await migrateToLatest(db as Kysely<unknown>);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  // With NORMAL a commit costs no fsync, so grouping buys nothing and only adds latency.
  const transactor =
    synchronous === 'full' ? createGroupCommitTransactor(db) : createPlainTransactor(db);
  return Object.freeze({
    dialect: 'sqlite' as const,
    db,
    transactor,
    close: () => db.destroy(),
  });
}
