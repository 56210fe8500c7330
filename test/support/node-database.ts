// A node's database as a test reads it behind the node's back — whichever dialect node.json
// names: the SQLite file of the directory (better-sqlite3) or the node's PostgreSQL schema
// (`pg`, `search_path` set to it). Tests count and select rows with the same SQL on both, `?`
// placeholders, so a federation test asserts the same thing on SQLite and PostgreSQL.
import { isAbsolute, join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { nodeDirectoryLayout, readNodeFile, type DatabaseConfig } from '@kpx/node';

/** One connection to a node's database. */
export type NodeDatabase = {
  readonly dialect: DatabaseConfig['kind'];
  /** The rows of `sql` (`?` placeholders, bound in order). */
  rows<T extends Record<string, unknown>>(sql: string, ...params: unknown[]): Promise<T[]>;
  /** The number in column `n` of the first row of `sql` (`select count(*) as n …`). */
  count(sql: string, ...params: unknown[]): Promise<number>;
  /** Runs a statement that changes rows (the connection must be opened with `write: true`). */
  run(sql: string, ...params: unknown[]): Promise<void>;
  close(): Promise<void>;
};

/** Where the node of directory `dir` keeps its data, as node.json says. */
export async function nodeDatabaseConfig(dir: string): Promise<DatabaseConfig> {
  const file = await readNodeFile(join(dir, nodeDirectoryLayout.config));
  const database = file.database;
  if (database.kind === 'postgres' || isAbsolute(database.path)) return database;
  return { ...database, path: join(dir, database.path) };
}

/**
 * Opens the database of the node directory `dir`, read-only unless `write` (a test that
 * tampers with the data on purpose).
 */
export async function openNodeDatabase(
  dir: string,
  options: { write?: boolean } = {},
): Promise<NodeDatabase> {
  const database = await nodeDatabaseConfig(dir);
  const write = options.write === true;
  return database.kind === 'sqlite'
    ? openSqlite(database.path, write)
    : openPostgres(database.url, database.schema, write);
}

/** Opens `dir`'s database, runs `use` on it and closes it. */
export async function withNodeDatabase<T>(
  dir: string,
  use: (db: NodeDatabase) => Promise<T>,
  options: { write?: boolean } = {},
): Promise<T> {
  const db = await openNodeDatabase(dir, options);
  try {
    return await use(db);
  } finally {
    await db.close();
  }
}

function openSqlite(path: string, write: boolean): NodeDatabase {
  const db = new Database(path, { readonly: !write, fileMustExist: true });
  const rows = <T>(sql: string, params: unknown[]) => db.prepare(sql).all(...params) as T[];
  return {
    dialect: 'sqlite',
    rows: (sql, ...params) => Promise.resolve(rows(sql, params)),
    count: (sql, ...params) => Promise.resolve(firstCount(rows(sql, params), sql)),
    run(sql, ...params) {
      db.prepare(sql).run(...params);
      return Promise.resolve();
    },
    close() {
      db.close();
      return Promise.resolve();
    },
  };
}

async function openPostgres(
  url: string,
  schema: string | undefined,
  write: boolean,
): Promise<NodeDatabase> {
  const settings = [
    // The node's schema name is validated by its config (a plain lower-case identifier).
    ...(schema === undefined ? [] : [`-c search_path=${schema}`]),
    ...(write ? [] : ['-c default_transaction_read_only=on']),
  ];
  const client = new pg.Client({ connectionString: url, options: settings.join(' ') });
  await client.connect();
  const rows = async <T extends Record<string, unknown>>(sql: string, params: unknown[]) =>
    (await client.query<T>(numberedPlaceholders(sql), params)).rows;
  return {
    dialect: 'postgres',
    rows: (sql, ...params) => rows(sql, params),
    count: async (sql, ...params) => firstCount(await rows(sql, params), sql),
    async run(sql, ...params) {
      await client.query(numberedPlaceholders(sql), params);
    },
    close: () => client.end(),
  };
}

/** `?` → `$1`, `$2`, … (the tests' SQL has no `?` inside string literals). */
function numberedPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

// PostgreSQL answers count(*) as a bigint, which `pg` gives as a string.
function firstCount(rows: readonly unknown[], sql: string): number {
  const n = (rows[0] as { n?: unknown } | undefined)?.n;
  if (n === undefined || n === null) throw new Error(`no column n in the first row of: ${sql}`);
  return Number(n);
}
