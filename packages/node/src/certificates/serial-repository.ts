import type { Kysely } from 'kysely';
import type { KpxDatabase } from '../storage/database-schema.js';

/**
 * The next serial of an authority for a year, starting at 1. Inside the issuing transaction, so
 * a rolled-back issue gives its serial back and numbers have no gaps from failures. One
 * statement (`insert … on conflict do update … returning`, on SQLite and PostgreSQL alike):
 * the first issue of a year creates the row, every other one increments it under the row lock,
 * which the transaction holds until it commits — so concurrent issues, even from several
 * processes on one PostgreSQL database, never get the same serial nor race to create the row.
 */
export async function nextSerial(
  db: Kysely<KpxDatabase>,
  authority: string,
  year: number,
): Promise<number> {
  const row = await db
    .insertInto('serial_counters')
    .values({ authority, year, value: 1 })
    .onConflict((oc) =>
      oc
        .columns(['authority', 'year'])
        .doUpdateSet((eb) => ({ value: eb('serial_counters.value', '+', 1) })),
    )
    .returning('value')
    .executeTakeFirstOrThrow();
  return row.value;
}
