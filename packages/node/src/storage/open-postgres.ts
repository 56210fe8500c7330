import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { KpxDatabase } from './database-schema.js';
import { migrateToLatest } from './migrate.js';
import { postgresDurabilityWarnings } from './postgres-durability.js';
import { isRetryablePostgresError } from './postgres-errors.js';
import { postgresSchemaPattern } from './postgres-schema-name.js';
import { withPreparedStatements } from './prepared-statements.js';
import type { Storage } from './storage.js';
import { createPlainTransactor } from './transactor.js';

/** Options of {@link openPostgresStorage}. */
export type PostgresStorageOptions = {
  /** `postgres://user:password@host:port/database` (never logged: it may hold a password). */
  url: string;
  /**
   * The schema holding the node's tables (created if missing); default: the server's
   * `search_path` (normally `public`). Lets several nodes, or tests, share one database.
   */
  schema?: string;
  /** Connections of this process; the database serves every process of the node. */
  pool?: {
    max?: number;
    idleTimeoutMs?: number;
    connectionTimeoutMs?: number;
    /** Named (prepared) statements; default on (see `withPreparedStatements`). */
    preparedStatements?: boolean;
  };
  /** Called with errors of idle connections (a restarted server); default: ignored, the pool reconnects. */
  onError?: (error: Error) => void;
  /**
   * Called once at open with each server setting that breaks what an acknowledgement promises
   * (`fsync`, `synchronous_commit` or `full_page_writes` off; docs/durability.md). The node
   * logs them as warnings: it still starts, since a throwaway or test server may run so.
   */
  onDurabilityWarning?: (warning: string) => void;
};

const int8Oid = 20;

/**
 * int8 (`count(*)`, `bigint`) arrives as text because it may exceed 2^53. Every int8 a node
 * reads is a count or a sequence far below that, so it is parsed to a number; one that is not
 * exact fails the query instead of silently losing digits. (Our own columns are `integer`,
 * int4, which pg already returns as numbers; amounts are text, `numeric` is not used.)
 */
export function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value))
    throw new RangeError(`int8 value ${text} is not exact as a JavaScript number`);
  return value;
}

const typeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === int8Oid && format !== 'binary'
      ? parseInt8
      : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

/**
 * Opens (and migrates) the node's PostgreSQL database: the production backend, where several
 * node processes share one database. Each unit of work is one transaction at READ COMMITTED
 * (PostgreSQL groups concurrent commits itself); what must not race is made safe in the SQL
 * itself — serials by `insert … on conflict do update … returning`, the audit chain under a
 * transaction-scoped advisory lock, outbox claims with `for update skip locked` and a lease,
 * idempotency keys and the inbox by their primary keys (a unit that loses the race is run again
 * and answers with the first result). See docs/decisions.md D10–D11.
 */
export async function openPostgresStorage(options: PostgresStorageOptions): Promise<Storage> {
  const schema = options.schema;
  if (schema !== undefined && !postgresSchemaPattern.test(schema))
    throw new RangeError(`not a plain PostgreSQL schema name: ${schema}`);
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.pool?.max ?? 10,
    idleTimeoutMillis: options.pool?.idleTimeoutMs ?? 30_000,
    connectionTimeoutMillis: options.pool?.connectionTimeoutMs ?? 10_000,
    application_name: 'kpx-node',
    types: typeParsers,
    options: [
      // Unqualified names (our tables, `'audit_log'::regclass`) resolve in the node's schema.
      ...(schema === undefined ? [] : [`-c search_path=${schema}`]),
      // A unit holds the serial, audit and row locks until it commits, and never waits on the
      // network inside one: a session idle in a transaction this long belongs to a hung process
      // and is ended, releasing what every other process waits for.
      '-c idle_in_transaction_session_timeout=60000',
    ].join(' '),
  });
  // Without a listener an idle connection's error (server restart) would crash the process.
  pool.on('error', (error) => options.onError?.(error));
  const preparing = withPreparedStatements(
    pool,
    options.pool?.preparedStatements === false ? { maxNames: 0 } : {},
  );
  const db = new Kysely<KpxDatabase>({ dialect: new PostgresDialect({ pool: preparing.pool }) });
  try {
    // Kysely's migrator looks for its tables in every schema unless told which one: name it,
    // so a database whose other schemas hold Kysely tables (other nodes, other apps) is fine.
    const current =
      schema ??
      (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]
        ?.schema ??
      'public';
    await migrateToLatest(db as Kysely<unknown>, { schema: current });
    if (options.onDurabilityWarning !== undefined) {
      for (const warning of await postgresDurabilityWarnings(db as Kysely<unknown>))
        options.onDurabilityWarning(warning);
    }
    preparing.start();
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return Object.freeze({
    dialect: 'postgres' as const,
    db,
    transactor: createPlainTransactor(db, {
      retry: { shouldRetry: isRetryablePostgresError, maxAttempts: 5 },
    }),
    close: () => db.destroy(),
  });
}
