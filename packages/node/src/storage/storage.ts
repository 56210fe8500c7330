import type { Kysely } from 'kysely';
import type { KpxDatabase } from './database-schema.js';
import type { Transactor } from './transactor.js';

/** The storage a node runs on: a Kysely instance, how units are committed, and how to close it. */
export type Storage = {
  readonly dialect: 'sqlite' | 'postgres';
  readonly db: Kysely<KpxDatabase>;
  readonly transactor: Transactor;
  close(): Promise<void>;
};
