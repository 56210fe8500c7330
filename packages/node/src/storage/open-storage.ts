import type { DatabaseConfig } from '../config/node-config.js';
import { openPostgresStorage } from './open-postgres.js';
import { openSqliteStorage } from './open-sqlite.js';
import type { Storage } from './storage.js';

/** Opens (and migrates) the storage a node's configuration names. */
export function openStorage(
  database: DatabaseConfig,
  options: {
    onError?: (error: Error) => void;
    /** PostgreSQL settings that break durability (see `openPostgresStorage`). */
    onDurabilityWarning?: (warning: string) => void;
  } = {},
): Promise<Storage> {
  switch (database.kind) {
    case 'sqlite':
      return openSqliteStorage({ path: database.path, synchronous: database.synchronous });
    case 'postgres':
      return openPostgresStorage({
        url: database.url,
        ...(database.schema === undefined ? {} : { schema: database.schema }),
        pool: database.pool,
        ...(options.onError === undefined ? {} : { onError: options.onError }),
        ...(options.onDurabilityWarning === undefined
          ? {}
          : { onDurabilityWarning: options.onDurabilityWarning }),
      });
  }
}
