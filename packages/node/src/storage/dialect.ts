import { PostgresAdapter, type DialectAdapter } from 'kysely';

/** The SQL dialects a node stores its data in. */
export type Dialect = 'sqlite' | 'postgres';

const known = new WeakMap<object, Dialect>();

/**
 * The dialect behind a Kysely instance or transaction, for the few statements that must differ
 * (row locks, advisory locks, column collation). Repositories take a plain `Kysely` so the same
 * adapter serves both dialects; asking the executor's adapter keeps their signatures unchanged.
 * (`getExecutor()` is marked internal by Kysely 0.28; the storage tests run on both dialects, so
 * a Kysely upgrade that changes it fails there, not in production.)
 */
export function dialectOf(db: { getExecutor(): { readonly adapter: DialectAdapter } }): Dialect {
  const adapter = db.getExecutor().adapter;
  let dialect = known.get(adapter);
  if (dialect === undefined) {
    dialect = adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
    known.set(adapter, dialect);
  }
  return dialect;
}
