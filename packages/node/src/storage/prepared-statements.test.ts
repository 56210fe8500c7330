import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { skipPostgres, withTestDatabase } from '../../../../test/support/postgres.js';
import { openPostgresStorage } from './open-postgres.js';
import { withPreparedStatements } from './prepared-statements.js';

const describePostgres = skipPostgres() ? describe.skip : describe;

describePostgres('named (prepared) statements on PostgreSQL', () => {
  const database = withTestDatabase();
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  /** One connection, so every statement and `pg_prepared_statements` are the same session's. */
  const open = (maxNames?: number) => {
    const preparing = withPreparedStatements(
      new pg.Pool({ connectionString: database.url, max: 1 }),
      maxNames === undefined ? {} : { maxNames },
    );
    const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: preparing.pool }) });
    close = () => db.destroy();
    const prepared = async () =>
      (
        await sql<{
          name: string;
          statement: string;
        }>`select name, statement from pg_prepared_statements order by name`.execute(db)
      ).rows;
    return { preparing, db, prepared };
  };
  const square = (db: Kysely<unknown>, n: number) =>
    sql<{ v: number }>`select ${n}::int * ${n}::int as v`.execute(db);

  it('names nothing before start (the schema may still change)', async () => {
    const { db, prepared } = open();
    expect((await square(db, 3)).rows).toEqual([{ v: 9 }]);
    expect(await prepared()).toEqual([]);
  });

  it('prepares a parameterised text once per connection, then reuses it', async () => {
    const { preparing, db, prepared } = open();
    preparing.start();
    for (const n of [2, 3, 4]) expect((await square(db, n)).rows).toEqual([{ v: n * n }]);
    await db.transaction().execute(async (trx) => {
      await square(trx, 5);
    });
    // One statement, under one name; `begin`, `commit` and the unparameterised look-up unnamed.
    expect(await prepared()).toEqual([
      { name: 'kpx_1', statement: 'select $1::int * $2::int as v' },
    ]);
  });

  it('the node names its statements by default; database.pool.preparedStatements: false turns it off', async () => {
    for (const [schema, preparedStatements, expected] of [
      ['prep_on', undefined, 1],
      ['prep_off', false, 0],
    ] as const) {
      const storage = await openPostgresStorage({
        url: database.url,
        schema,
        pool: { max: 1, ...(preparedStatements === undefined ? {} : { preparedStatements }) },
      });
      try {
        const found = await storage.db
          .selectFrom('certificates')
          .select('number')
          .where('number', '=', 'RU-2026-000001')
          .execute();
        expect(found).toEqual([]);
        const names = await sql<{
          n: string;
        }>`select count(*) as n from pg_prepared_statements where statement like '%certificates%'`.execute(
          storage.db,
        );
        expect(Number(names.rows[0]?.n)).toBe(expected);
      } finally {
        await storage.close();
      }
    }
  });

  it('names at most maxNames texts; the others run unnamed, with the same results', async () => {
    const { preparing, db, prepared } = open(1);
    preparing.start();
    await square(db, 2);
    const other = await sql<{ v: string }>`select ${'a'}::text || ${'b'}::text as v`.execute(db);
    expect(other.rows).toEqual([{ v: 'ab' }]);
    expect((await prepared()).map((p) => p.name)).toEqual(['kpx_1']);
  });
});
