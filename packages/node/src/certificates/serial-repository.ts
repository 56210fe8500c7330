import type { Kysely } from 'kysely';
import type { KpxDatabase } from '../storage/database-schema.js';

/**
 * The next serial of an authority for a year, starting at 1. Inside the issuing transaction, so
 * a rolled-back issue gives its serial back and numbers have no gaps from failures. The
 * read-then-write is safe because SQLite serialises writers; on PostgreSQL the UPDATE takes the
 * row lock first (`update … returning`), which the same code does when the row exists.
 */
export async function nextSerial(
  db: Kysely<KpxDatabase>,
  authority: string,
  year: number,
): Promise<number> {
  const updated = await db
    .updateTable('serial_counters')
    .set((eb) => ({ value: eb('value', '+', 1) }))
    .where('authority', '=', authority)
    .where('year', '=', year)
    .returning('value')
    .executeTakeFirst();
  if (updated !== undefined) return updated.value;
  await db.insertInto('serial_counters').values({ authority, year, value: 1 }).execute();
  return 1;
}
