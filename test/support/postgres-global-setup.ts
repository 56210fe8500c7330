// vitest globalSetup: when no PostgreSQL server answers but PostgreSQL is installed, start ONE
// throwaway cluster for the whole run (instead of one per test file) and hand its URL to the
// test workers through KPX_TEST_PG_URL; stop it when the run ends. Does nothing when a server
// answers, when KPX_TEST_PG_URL is set, or with KPX_SKIP_POSTGRES=1. When PostgreSQL is not
// installed the PostgreSQL tests themselves fail with the reason (test/support/postgres.ts).
import {
  defaultPostgresUrl,
  installedPostgresBin,
  probe,
  skipPostgres,
  startThrowawayCluster,
} from './postgres-server.js';

export default async function setup(): Promise<(() => void) | undefined> {
  if (skipPostgres() || (process.env['KPX_TEST_PG_URL'] ?? '') !== '') return undefined;
  if ((await probe(defaultPostgresUrl)) === undefined) return undefined;
  const bin = installedPostgresBin();
  if (bin === undefined) return undefined;
  const cluster = await startThrowawayCluster(bin);
  process.env['KPX_TEST_PG_URL'] = cluster.url;
  console.log(
    `PostgreSQL: no server on 127.0.0.1:5432; started a throwaway cluster at ${cluster.url}`,
  );
  return () => cluster.stop();
}
