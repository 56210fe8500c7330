import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { isAbsolute, join, resolve } from 'node:path';
import { KpxError } from '@kpx/domain';
import Database from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { verifyAuditChain, type AuditChainResult } from '../audit/verify-audit-chain.js';
import { parseNodeFile, readNodeFile } from '../server/node-file.js';
import type { PostgresDatabaseInput } from '../server/node-directory.js';
import { describePostgres, refuseUsedDatabase } from '../server/used-database.js';
import { openSqliteStorage } from '../storage/open-sqlite.js';
import { openStorage } from '../storage/open-storage.js';

/** What {@link moveNodeToPostgres} did. */
export type NodeMove = {
  /** The SQLite file the data came from; left in place, untouched, as the fallback. */
  from: string;
  /** The PostgreSQL database (no password) and schema node.json now names. */
  to: string;
  /** Rows copied per table (the same number is in both databases afterwards). */
  tables: Record<string, number>;
  /** The audit chain as read back from PostgreSQL. */
  audit: Extract<AuditChainResult, { ok: true }>;
};

/** Tables of the migration tool itself: each database keeps its own. */
const migrationTables = new Set(['kysely_migration', 'kysely_migration_lock']);

/** PostgreSQL accepts at most 65,535 bind parameters per statement. */
const maxParameters = 60_000;

type Row = Record<string, unknown>;
type AnyTables = Record<string, Row>;
type TableCopy = { name: string; columns: string[]; dependsOn: string[] };

/**
 * `kpx node move-to-postgres`: moves a stopped SQLite node to PostgreSQL — for an authority that
 * outgrows one process. Every table is copied, row for row and byte for byte, in ONE PostgreSQL
 * transaction (a failure leaves the target empty), while the SQLite write lock is held (a node
 * started meanwhile cannot write what would not be copied). Afterwards the row counts of both
 * databases must agree table by table and the audit chain must verify in PostgreSQL; only then
 * is node.json switched (atomically) to the new database. The SQLite file stays where it was:
 * the way back is to restore the previous node.json. Tokens, users, sessions and the outbox move
 * with the data, so officers and partners notice nothing but the restart.
 *
 * Refuses (`KPX_CONFLICT`) when something answers on the node's port (stop the node first), when
 * node.json already names PostgreSQL, and when the target already holds a node.
 */
export async function moveNodeToPostgres(
  dirInput: string,
  target: PostgresDatabaseInput,
): Promise<NodeMove> {
  const dir = resolve(dirInput);
  const configPath = join(dir, 'node.json');
  const file = await readNodeFile(configPath);
  if (file.database.kind !== 'sqlite')
    throw new KpxError('KPX_CONFLICT', {
      detail: `${configPath} names a PostgreSQL database already`,
    });
  if (file.database.path === ':memory:')
    throw new KpxError('KPX_CONFIG_INVALID', { detail: 'an in-memory database cannot be moved' });
  const from = isAbsolute(file.database.path) ? file.database.path : join(dir, file.database.path);
  await refuseRunningNode(file.server.host, file.server.port);

  // node.json as the operator wrote it, with only `database` changed (no defaults filled in).
  const written = JSON.parse(await readFile(configPath, 'utf8')) as Record<string, unknown>;
  const nextConfig = { ...written, database: target };
  // Validate the new node.json before touching any database.
  const nextFile = parseNodeFile(nextConfig, configPath);
  const to = describePostgres(target);

  // Bring the source to the release's schema first, so both sides have the same tables.
  await (await openSqliteStorage({ path: from })).close();
  const postgres = await openStorage(nextFile.database);
  // Tables by name from the catalogue, not the typed schema: every table, whatever it holds.
  const tablesThere = postgres.db as unknown as Kysely<AnyTables>;
  try {
    await refuseUsedDatabase(postgres, to);
    const source = new Database(from, { fileMustExist: true });
    source.defaultSafeIntegers(true);
    let tables: Record<string, number>;
    try {
      // The write lock, not just a snapshot: nothing may be written that the copy misses.
      source.exec('BEGIN IMMEDIATE');
      try {
        const plan = await copyPlan(source, tablesThere);
        tables = await copyTables(source, tablesThere, plan);
      } finally {
        source.exec('ROLLBACK');
      }
    } finally {
      source.close();
    }
    for (const [name, copied] of Object.entries(tables)) {
      const there = await countRows(tablesThere, name);
      if (there !== copied)
        throw new KpxError('KPX_CONFLICT', {
          detail: `${name}: ${copied} rows copied but ${there} in ${to}; node.json left on SQLite`,
        });
    }
    const audit = await verifyAuditChain(postgres.db);
    if (!audit.ok || audit.entries !== tables['audit_log'])
      throw new KpxError('KPX_CONFLICT', {
        detail: `the audit chain does not verify in ${to} (${audit.ok ? `${audit.entries} entries` : audit.reason}); node.json left on SQLite`,
      });

    const temp = `${configPath}.tmp`;
    const { mode } = await stat(configPath);
    await writeFile(temp, JSON.stringify(nextConfig, null, 2) + '\n', { mode: mode & 0o777 });
    await rename(temp, configPath);
    return { from, to, tables, audit };
  } finally {
    await postgres.close();
  }
}

/** Something listening on the node's port is (most likely) the node: it must be stopped. */
async function refuseRunningNode(host: string, port: number): Promise<void> {
  const probeHost = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const answering = await new Promise<boolean>((done) => {
    const socket = createConnection({ host: probeHost, port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      done(false);
    });
    socket.once('error', () => done(false));
  });
  if (answering)
    throw new KpxError('KPX_CONFLICT', {
      detail: `something answers on ${probeHost}:${port}, the node's port: stop the node first`,
    });
}

/**
 * The tables to copy, parents before children (foreign keys), with the columns to write —
 * generated columns are computed by PostgreSQL. Both databases must have the same tables and
 * columns (they ran the same migrations); anything else is refused before a row is written.
 */
async function copyPlan(
  source: Database.Database,
  target: Kysely<AnyTables>,
): Promise<TableCopy[]> {
  const names = (
    source
      .prepare(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name",
      )
      .all() as { name: string }[]
  )
    .map((r) => r.name)
    .filter((name) => !migrationTables.has(name));
  const tables = names.map((name): TableCopy => {
    const columns = (
      source.prepare(`pragma table_xinfo(${quoteSqlite(name)})`).all() as {
        name: string;
        hidden: number | bigint;
      }[]
    )
      .filter((c) => Number(c.hidden) === 0)
      .map((c) => c.name);
    const dependsOn = (
      source.prepare(`pragma foreign_key_list(${quoteSqlite(name)})`).all() as { table: string }[]
    )
      .map((fk) => fk.table)
      .filter((parent) => parent !== name);
    return { name, columns, dependsOn };
  });
  const found = await sql<{ table_name: string; column_name: string; is_generated: string }>`
    select table_name, column_name, is_generated from information_schema.columns
    where table_schema = current_schema()`.execute(target);
  const targetColumns = new Map<string, Set<string>>();
  for (const row of found.rows) {
    if (row.is_generated === 'ALWAYS') continue;
    const set = targetColumns.get(row.table_name) ?? new Set<string>();
    set.add(row.column_name);
    targetColumns.set(row.table_name, set);
  }
  for (const table of tables) {
    const there = targetColumns.get(table.name);
    const missing = table.columns.filter((c) => there?.has(c) !== true);
    if (there === undefined || missing.length > 0 || there.size !== table.columns.length)
      throw new KpxError('KPX_CONFLICT', {
        detail: `table ${table.name} differs between SQLite and PostgreSQL (${missing.length > 0 ? `missing ${missing.join(', ')}` : 'other columns'}): are both at the same release?`,
      });
  }
  return parentsFirst(tables);
}

function parentsFirst(tables: TableCopy[]): TableCopy[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const ordered: TableCopy[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (table: TableCopy): void => {
    const seen = state.get(table.name);
    if (seen === 'done') return;
    if (seen === 'visiting')
      throw new KpxError('KPX_CONFLICT', { detail: `foreign keys form a cycle at ${table.name}` });
    state.set(table.name, 'visiting');
    for (const parent of table.dependsOn) {
      const other = byName.get(parent);
      if (other !== undefined) visit(other);
    }
    state.set(table.name, 'done');
    ordered.push(table);
  };
  for (const table of tables) visit(table);
  return ordered;
}

/** Copies every table in one PostgreSQL transaction; returns the rows copied per table. */
async function copyTables(
  source: Database.Database,
  target: Kysely<AnyTables>,
  plan: readonly TableCopy[],
): Promise<Record<string, number>> {
  const copied: Record<string, number> = {};
  await target.transaction().execute(async (trx) => {
    for (const table of plan) {
      const columns = table.columns.map(quoteSqlite).join(', ');
      const rows = source.prepare(`select ${columns} from ${quoteSqlite(table.name)}`);
      const perBatch = Math.max(1, Math.floor(maxParameters / table.columns.length));
      let batch: Row[] = [];
      let count = 0;
      for (const row of rows.iterate() as Iterable<Row>) {
        batch.push(portable(row));
        if (batch.length === perBatch) {
          await trx.insertInto(table.name).values(batch).execute();
          count += batch.length;
          batch = [];
        }
      }
      if (batch.length > 0) {
        await trx.insertInto(table.name).values(batch).execute();
        count += batch.length;
      }
      copied[table.name] = count;
    }
  });
  return copied;
}

/**
 * A SQLite row as PostgreSQL takes it: integers exact (a BigInt beyond JavaScript's safe range
 * travels as its decimal text, which `bigint` columns accept); text and bytes unchanged.
 */
function portable(row: Row): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) {
    out[key] =
      typeof value === 'bigint'
        ? value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
          ? Number(value)
          : value.toString()
        : value;
  }
  return out;
}

async function countRows(db: Kysely<AnyTables>, table: string): Promise<number> {
  const result = await sql<{ n: string | number }>`select count(*) as n from ${sql.table(
    table,
  )}`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

/** A SQLite identifier in double quotes (the names come from sqlite_master itself). */
function quoteSqlite(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
