// PostgreSQL for tests: a server (postgres-server.ts) and a throwaway database per test file.
// When PostgreSQL is missing the PostgreSQL variants FAIL with `postgresUnavailableMessage` — a
// hidden skip would pass CI while testing half the code — unless KPX_SKIP_POSTGRES=1 asks for
// the skip explicitly (and the skip says so).
import { afterAll, beforeAll, beforeEach } from 'vitest';
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
 * Gives the calling test file (or describe block) a throwaway database, created in `beforeAll`
 * and dropped in `afterAll`. Without PostgreSQL every test of the block FAILS with the reason
 * ({@link postgresUnavailableMessage}): the error is raised again before each test, so each is
 * counted as failed rather than skipped (a block whose own `beforeAll` needs the database fails
 * there, with the same message).
 */
export function withTestDatabase(): FileDatabase {
  let database: TestDatabase | undefined;
  let unavailable: Error | undefined;
  beforeAll(async () => {
    try {
      database = await createTestDatabase();
    } catch (error) {
      unavailable = error instanceof Error ? error : new Error(String(error));
    }
  });
  beforeEach(() => {
    if (unavailable !== undefined) throw unavailable;
  });
  afterAll(async () => {
    await database?.drop();
  });
  return {
    get url(): string {
      if (database === undefined) throw unavailable ?? new Error(postgresUnavailableMessage);
      return database.url;
    },
  };
}
