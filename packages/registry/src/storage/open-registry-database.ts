import { resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type { RegistryDatabase } from './database-schema.js';
import { migrateToLatest } from './migrate.js';

/** The registry's database handle. */
export type RegistryDb = Kysely<RegistryDatabase>;

async function openNew(path: string): Promise<RegistryDb> {
  const database = new BetterSqlite3(path);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 10000');
  const db = new Kysely<RegistryDatabase>({ dialect: new SqliteDialect({ database }) });
  try {
    await migrateToLatest(db as Kysely<unknown>);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return db;
}

// One connection per database file per process. better-sqlite3 is synchronous: a second
// connection in the same process waiting on `busy_timeout` would block the very thread that has
// to finish the first one's transaction. Sharing one connection makes kysely queue them instead.
const shared = new Map<string, { db: Promise<RegistryDb>; refs: number }>();

/**
 * Opens (and migrates) the registry's SQLite database: WAL, so the server keeps serving while
 * a CLI command in another process writes; `synchronous = FULL`, because a published list is
 * served the moment it is committed and must survive a power cut (writes are rare: a few a day).
 * Opening the same file again in the same process shares the connection; release each handle
 * with {@link closeRegistryDatabase}.
 */
export async function openRegistryDatabase(path: string): Promise<RegistryDb> {
  const key = resolve(path);
  let entry = shared.get(key);
  if (entry === undefined) {
    entry = { db: openNew(key), refs: 0 };
    shared.set(key, entry);
  }
  entry.refs += 1;
  try {
    return await entry.db;
  } catch (error) {
    if (shared.get(key) === entry) shared.delete(key);
    throw error;
  }
}

/** Releases a handle from {@link openRegistryDatabase}; the last release closes the file. */
export async function closeRegistryDatabase(db: RegistryDb): Promise<void> {
  for (const [key, entry] of shared) {
    if ((await entry.db.catch(() => undefined)) !== db) continue;
    entry.refs -= 1;
    if (entry.refs > 0) return;
    shared.delete(key);
    break;
  }
  await db.destroy();
}

/**
 * Runs `work` in one write transaction begun with `BEGIN IMMEDIATE`: the write lock is taken
 * first, so two processes (the server's refresh and an operator's CLI command) queue on
 * `busy_timeout` instead of one failing with SQLITE_BUSY after both read the same version.
 */
export async function writeTransaction<T>(
  db: RegistryDb,
  work: (trx: RegistryDb) => Promise<T>,
): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const value = await work(conn);
      await sql`commit`.execute(conn);
      return value;
    } catch (error) {
      await sql`rollback`.execute(conn);
      throw error;
    }
  });
}
