import { sql, type Expression } from 'kysely';
import type { Dialect } from './dialect.js';

/** Column types of the migrations, per dialect where they must differ. */
export type ColumnTypes = {
  /**
   * Text that is compared and ordered: ids, ISO timestamps, numbers. SQLite compares text
   * byte by byte (BINARY); PostgreSQL would use the database's locale, which may order `-`,
   * digits and letters differently (cursor paging, `next_attempt_at <= now`, UUIDv7 order), so
   * there every text column is `COLLATE "C"`: byte order, the same on both.
   */
  readonly text: 'text' | Expression<unknown>;
  readonly integer: 'integer';
};

const sqliteTypes: ColumnTypes = Object.freeze({ text: 'text', integer: 'integer' });
const postgresTypes: ColumnTypes = Object.freeze({
  text: sql`text collate "C"`,
  integer: 'integer',
});

/** The column types of `dialect` (SQLite's are exactly those of the original migration). */
export function columnTypes(dialect: Dialect): ColumnTypes {
  return dialect === 'postgres' ? postgresTypes : sqliteTypes;
}
