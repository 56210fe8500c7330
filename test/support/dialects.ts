// Runs a block of storage or node tests once per SQL dialect (STYLE.md: "every storage test
// looped over each dialect"): SQLite in memory, and PostgreSQL in a throwaway database of the
// test file, with a fresh schema for every storage a test opens.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe } from 'vitest';
import type { NodeConfigInput } from '../../packages/node/src/config/node-config.js';
import type { Dialect } from '../../packages/node/src/storage/dialect.js';
import { openStorage } from '../../packages/node/src/storage/open-storage.js';
import { parseNodeConfig } from '../../packages/node/src/config/node-config.js';
import type { Storage } from '../../packages/node/src/storage/storage.js';
import { skipPostgres, skipReason, withTestDatabase } from './postgres.js';

/** Every dialect the node stores its data in. */
export const dialects: readonly Dialect[] = ['sqlite', 'postgres'];

/** What a test block gets for its dialect. */
export type DialectHarness = {
  readonly dialect: Dialect;
  /** A fresh, empty database for `createNode` / `createTestNetwork` (SQLite: `:memory:`). */
  database(): NodeConfigInput['database'];
  /** Like `database()`, but one that outlives its node, to open again (SQLite: a temp file). */
  durableDatabase(): NodeConfigInput['database'];
  /** Opens (and migrates) `database` — a fresh one by default; closed after the test. */
  openStorage(database?: NodeConfigInput['database']): Promise<Storage>;
};

let schemas = 0;

/**
 * Registers `body`'s tests once per dialect, in a `describe` named after it. PostgreSQL without
 * a server fails every test of its block with the reason; with KPX_SKIP_POSTGRES=1 the block is
 * skipped, and says so.
 */
export function forEachDialect(body: (harness: DialectHarness) => void): void {
  for (const dialect of dialects) {
    if (dialect === 'postgres' && skipPostgres()) {
      console.warn(skipReason);
      describe.skip(`postgres (${skipReason})`, () => body(harnessFor(dialect, undefined)));
      continue;
    }
    describe(dialect, () => {
      const database = dialect === 'postgres' ? withTestDatabase() : undefined;
      body(harnessFor(dialect, database));
    });
  }
}

function harnessFor(dialect: Dialect, pgDatabase: { readonly url: string } | undefined) {
  const opened: Storage[] = [];
  const dirs: string[] = [];
  // Migrating a fresh schema costs PostgreSQL a few hundred milliseconds of DDL, so a schema a
  // test used is emptied (TRUNCATE) after it and handed to the next test, already migrated.
  // Schemas taken in a beforeAll stay with their block until the file's database is dropped.
  const used: string[] = [];
  const free: string[] = [];
  let inTest = false;
  beforeEach(() => {
    inTest = true;
  });
  // Registered before the block's own hooks, so it runs after them (nodes already stopped).
  afterEach(async () => {
    inTest = false;
    for (const storage of opened.splice(0)) await storage.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    if (pgDatabase !== undefined && used.length > 0) {
      const client = new pg.Client({ connectionString: pgDatabase.url });
      await client.connect();
      try {
        for (const schema of used.splice(0)) {
          const tables = await client.query<{ name: string }>(
            `select table_name as name from information_schema.tables
              where table_schema = $1 and table_type = 'BASE TABLE' and table_name not like 'kysely_%'`,
            [schema],
          );
          if (tables.rows.length > 0)
            await client.query(
              `truncate ${tables.rows.map((t) => `${schema}."${t.name}"`).join(', ')}`,
            );
          free.push(schema);
        }
      } finally {
        await client.end();
      }
    }
  });
  const postgres = (): NodeConfigInput['database'] => {
    if (pgDatabase === undefined) throw new Error('no PostgreSQL database for this block');
    const schema = (inTest ? free.shift() : undefined) ?? `node_${++schemas}`;
    if (inTest) used.push(schema);
    return {
      kind: 'postgres',
      url: pgDatabase.url,
      schema,
      pool: { max: 5, idleTimeoutMs: 1000 },
    };
  };
  const harness: DialectHarness = {
    dialect,
    database: () => (dialect === 'sqlite' ? { kind: 'sqlite', path: ':memory:' } : postgres()),
    durableDatabase() {
      if (dialect === 'postgres') return postgres();
      const dir = mkdtempSync(join(tmpdir(), 'kpx-storage-'));
      dirs.push(dir);
      return { kind: 'sqlite', path: join(dir, 'node.sqlite') };
    },
    async openStorage(database = harness.database()) {
      const parsed = parseNodeConfig({ authority: 'RU-MINFIN', database }).database;
      const storage = await openStorage(parsed);
      opened.push(storage);
      return storage;
    },
  };
  return harness;
}
