// PostgreSQL for tests: a server (postgres-server.ts) and a throwaway database per test file.
// When PostgreSQL is missing the PostgreSQL variants FAIL with `postgresUnavailableMessage` — a
// hidden skip would pass CI while testing half the code — unless KPX_SKIP_POSTGRES=1 asks for
// the skip explicitly (and the skip says so).
import { afterAll, beforeAll } from 'vitest';
import {
  createTestDatabase,
  postgresUnavailableMessage,
  type TestDatabase,
} from './postgres-server.js';

export {
  createTestDatabase,
  defaultPostgresUrl,
  postgresAvailable,
  postgresServerUrl,
  postgresUnavailableMessage,
  skipPostgres,
  skipReason,
} from './postgres-server.js';
export type { TestDatabase } from './postgres-server.js';

/** A database for the test file (or describe block) that registered it. */
export type FileDatabase = {
  /** Its URL, from `beforeAll` on. */
  readonly url: string;
};

/**
 * Gives the calling test file (or describe block) a throwaway database: created in `beforeAll`
 * — failing every test of the block with {@link postgresUnavailableMessage} when there is no
 * PostgreSQL — and dropped in `afterAll`.
 */
export function withTestDatabase(): FileDatabase {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });
  return {
    get url(): string {
      if (database === undefined) throw new Error(postgresUnavailableMessage);
      return database.url;
    },
  };
}
