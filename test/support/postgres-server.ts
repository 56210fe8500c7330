// The PostgreSQL server of the tests, without vitest (the global setup and scripts use it too):
// KPX_TEST_PG_URL when set, else the local default server, else a throwaway cluster started
// here when PostgreSQL is installed but not running. See postgres.ts.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** What a PostgreSQL variant fails with when there is no PostgreSQL to run on. */
export const postgresUnavailableMessage =
  'PostgreSQL not available: install postgresql or set KPX_TEST_PG_URL';

/** The server tried when KPX_TEST_PG_URL is not set (Debian's cluster, trust auth on loopback). */
export const defaultPostgresUrl = 'postgres://postgres@127.0.0.1:5432/postgres';

/** True when KPX_SKIP_POSTGRES=1: PostgreSQL variants are skipped, and say so. */
export function skipPostgres(): boolean {
  return process.env['KPX_SKIP_POSTGRES'] === '1';
}

/** The reason printed for skipped PostgreSQL variants. */
export const skipReason = 'KPX_SKIP_POSTGRES=1: PostgreSQL variants skipped';

/** Answers whether `url` accepts a connection and a query; the error when not. */
export async function probe(url: string): Promise<Error | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** `initdb` of an installed PostgreSQL (Debian: /usr/lib/postgresql/<major>/bin), newest first. */
export function installedPostgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return majors[0] === undefined ? undefined : join(root, majors[0], 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A cluster this process started; `stop()` shuts it down and removes its directory. */
export type ThrowawayCluster = { url: string; dir: string; stop(): void };

/**
 * Starts a PostgreSQL cluster in a temp dir on a free loopback port, trust auth, fsync off
 * (throwaway). PostgreSQL refuses to run as root, so as root it runs as the `postgres` user.
 */
export async function startThrowawayCluster(bin: string): Promise<ThrowawayCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'kpx-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const run = (command: string, args: string[]) => {
    const full = asRoot
      ? { cmd: 'runuser', args: ['-u', 'postgres', '--', join(bin, command), ...args] }
      : { cmd: join(bin, command), args };
    const result = spawnSync(full.cmd, full.args, { encoding: 'utf8', cwd: dir });
    if (result.status !== 0) {
      throw new Error(
        `${command} failed (${result.status ?? result.signal ?? result.error?.message}): ${result.stderr || result.stdout}`,
      );
    }
  };
  if (asRoot) {
    chmodSync(dir, 0o777); // the postgres user writes the cluster and its socket here
    const owned = spawnSync('chown', ['postgres', dir]);
    if (owned.status !== 0) throw new Error(`chown postgres ${dir} failed`);
  }
  const port = await freePort();
  try {
    run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '-N']);
    run('pg_ctl', [
      '-D',
      data,
      '-l',
      join(dir, 'server.log'),
      '-w',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
      'start',
    ]);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    dir,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // Already gone; the directory is removed either way.
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let server: Promise<string> | undefined;

/**
 * The URL of a PostgreSQL server to create test databases on: KPX_TEST_PG_URL when set (it must
 * answer), else the local default, else a throwaway cluster started here (stopped when this
 * process exits). Throws {@link postgresUnavailableMessage} when there is none.
 */
export function postgresServerUrl(): Promise<string> {
  server ??= findServer();
  return server;
}

async function findServer(): Promise<string> {
  const configured = process.env['KPX_TEST_PG_URL'];
  if (configured !== undefined && configured !== '') {
    const error = await probe(configured);
    if (error !== undefined)
      throw new Error(`PostgreSQL at KPX_TEST_PG_URL does not answer: ${error.message}`);
    return configured;
  }
  const refused = await probe(defaultPostgresUrl);
  if (refused === undefined) return defaultPostgresUrl;
  const bin = installedPostgresBin();
  if (bin === undefined) throw new Error(postgresUnavailableMessage);
  const cluster = await startThrowawayCluster(bin);
  process.once('exit', () => cluster.stop());
  return cluster.url;
}

/** Whether PostgreSQL tests can run here (a server answers, or one could be started). */
export async function postgresAvailable(): Promise<boolean> {
  try {
    await postgresServerUrl();
    return true;
  } catch {
    return false;
  }
}

/** A throwaway database of its own on the test server. */
export type TestDatabase = {
  readonly name: string;
  readonly url: string;
  /** Drops it, ending any connection still open. Idempotent. */
  drop(): Promise<void>;
};

let created = 0;

/** Creates a uniquely named empty database (`kpx_test_<pid>_<n>_<random>`) on the test server. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = await postgresServerUrl();
  const name = `kpx_test_${process.pid}_${++created}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5000 });
    client.on('error', () => undefined);
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end().catch(() => undefined);
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let dropped: Promise<void> | undefined;
  return {
    name,
    url: url.toString(),
    drop() {
      dropped ??= admin(`drop database if exists ${name} with (force)`);
      return dropped;
    },
  };
}
