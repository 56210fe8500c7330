import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

/** Options of {@link withPreparedStatements}. */
export type PreparedStatementOptions = {
  /**
   * Distinct statement texts given a name, per pool (first come); later texts run unnamed.
   * Each connection keeps the statements it prepared until it closes, so this bounds what the
   * server holds per connection.
   */
  maxNames?: number;
};

/** The pool Kysely gets, and the switch that starts naming statements. */
export type PreparingPool = {
  readonly pool: PostgresPool;
  /** Names statements from now on (call it once the schema is migrated). */
  start(): void;
};

/**
 * Runs Kysely's parameterised statements as named (prepared) statements. Kysely sends each
 * one unnamed, so the server parses, analyses and plans it every time; a node sends the same
 * few dozen texts over and over (issue, receive, dispatch), and with a name each connection
 * parses a text once and then only binds and executes it — about half the server's CPU time
 * for the combined statements of an issue, on a server that shares the machine's cores.
 *
 * Only statements with parameters are named (not `begin`, `commit`, nor migrations' DDL), and
 * only once `start` is called: a statement prepared before a migration changed its table's
 * columns would fail with "cached plan must not change result type".
 */
export function withPreparedStatements(
  pool: pg.Pool,
  options: PreparedStatementOptions = {},
): PreparingPool {
  const maxNames = options.maxNames ?? 256;
  const names = new Map<string, string>();
  let started = false;
  const nameOf = (text: string): string | undefined => {
    let name = names.get(text);
    if (name === undefined && names.size < maxNames) {
      name = `kpx_${names.size + 1}`;
      names.set(text, name);
    }
    return name;
  };
  // One wrapper per pooled client: Kysely keeps its connection object per client.
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    let wrapper = wrappers.get(client);
    if (wrapper === undefined) {
      const query = (text: unknown, parameters?: readonly unknown[]): unknown => {
        if (typeof text !== 'string' || parameters === undefined)
          return client.query(text as never); // a cursor (streaming), as given
        const values = [...parameters];
        const name = started && values.length > 0 ? nameOf(text) : undefined;
        return name === undefined
          ? client.query(text, values)
          : client.query({ name, text, values });
      };
      wrapper = {
        query: query as PostgresPoolClient['query'],
        release: (destroy?: boolean) => client.release(destroy),
      };
      wrappers.set(client, wrapper);
    }
    return wrapper;
  };
  return {
    pool: { connect: async () => wrap(await pool.connect()), end: () => pool.end() },
    start: () => {
      started = true;
    },
  };
}
