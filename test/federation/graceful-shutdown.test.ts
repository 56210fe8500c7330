// SIGTERM while a request is in flight: the node stops accepting, the request completes, the
// process exits 0 and leaves a consistent database (SQLite: clean WAL close; PostgreSQL: no
// connection left; both: intact audit chain). On SQLite and on PostgreSQL.
import { existsSync } from 'node:fs';
import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../packages/cli/src/program.js';
import { testApi } from '../support/api-client.js';
import { forEachDialect } from '../support/dialects.js';
import { draftTo } from '../support/drafts.js';
import { ruAndEu, initFederation, testPassphrase, tokenFor } from '../support/federation.js';
import { spawnKpx, type KpxProcess } from '../support/kpx-process.js';
import { nodeDatabaseConfig, withNodeDatabase } from '../support/node-database.js';
import { tempDir } from '../support/temp-dir.js';

const processes: KpxProcess[] = [];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

forEachDialect((harness) => {
  // Before the dialect's own afterEach empties the PostgreSQL schemas.
  afterEach(async () => {
    await Promise.all(processes.splice(0).map((p) => p.stop('SIGKILL')));
  });

  describe('kpx node start: graceful shutdown', { timeout: 60_000 }, () => {
    it('finishes the request in flight after SIGTERM, refuses new connections, exits 0, database consistent', async () => {
      const root = tempDir('kpx-shutdown-');
      const specs = await ruAndEu(harness);
      const ruPort = specs[0].port;
      // EU is in the trust list but never started: RU's dispatcher keeps failing and retrying.
      const { nodes } = await initFederation(root, specs, {
        outbox: { baseDelayMs: 50, maxDelayMs: 200 },
      });
      const ru = nodes.ru;
      if (ru === undefined) throw new Error('no RU');
      const node = spawnKpx(['node', 'start', '--dir', ru.dir, '--json'], {
        KPX_PASSPHRASE: testPassphrase,
      });
      processes.push(node);
      await node.line('ready');
      const api = testApi(ru.url);
      const issuer = await tokenFor(api, ru.adminToken, 'issuer');
      await api.close();

      // A slow client: headers and half the body now, the rest after SIGTERM.
      const body = Buffer.from(
        JSON.stringify(
          draftTo({ participant: 'EU', authority: 'EU-BE-ANTWERP' }, { participant: 'RU' }),
        ),
      );
      const half = body.length >> 1;
      let req: ClientRequest | undefined;
      const response = new Promise<{
        status: number;
        text: string;
        connection: string | undefined;
      }>((resolve, reject) => {
        req = request(
          {
            host: '127.0.0.1',
            port: ruPort,
            method: 'POST',
            path: '/api/v1/certificates',
            agent: false,
            headers: {
              authorization: `Bearer ${issuer}`,
              'content-type': 'application/json',
              'content-length': body.length,
            },
          },
          (res: IncomingMessage) => {
            let text = '';
            res.setEncoding('utf8').on('data', (c: string) => (text += c));
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, text, connection: res.headers.connection }),
            );
          },
        );
        req.on('error', reject);
      });
      req?.write(body.subarray(0, half));
      await sleep(300);
      node.child.kill('SIGTERM');
      await sleep(400);
      expect(node.child.exitCode).toBeNull(); // still finishing the request in flight
      expect(await refused(ruPort)).toBe(true); // but no longer accepting
      req?.end(body.subarray(half));

      const answer = await response;
      expect(answer.status, answer.text).toBe(201);
      expect(answer.connection).toBe('close');
      const { number } = JSON.parse(answer.text) as { number: string };
      expect(await node.exited).toBe(0);
      expect(node.stderr()).not.toMatch(/error/i);

      // The database: closed cleanly (SQLite: WAL checkpointed and removed; PostgreSQL: every
      // connection of the pool ended), the certificate and its outbox entry committed together.
      const database = await nodeDatabaseConfig(ru.dir);
      expect(database.kind).toBe(harness.dialect);
      if (database.kind === 'sqlite') expect(existsSync(`${database.path}-wal`)).toBe(false);
      await withNodeDatabase(ru.dir, async (db) => {
        if (db.dialect === 'sqlite') {
          expect(await db.rows('pragma integrity_check')).toEqual([{ integrity_check: 'ok' }]);
        } else {
          // The test file's throwaway database: only RU's process served it, and it has exited.
          const others = await db.count(
            'select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
          );
          expect(others).toBe(0);
        }
        expect(await db.rows('select status from certificates where number = ?', number)).toEqual([
          { status: 'issued' },
        ]);
        expect(await db.count('select count(*) as n from outbox where subject = ?', number)).toBe(
          1,
        );
      });
      const out: string[] = [];
      const code = await runCli(['audit', 'verify', '--dir', ru.dir], {
        out: (t) => out.push(t),
        err: (t) => out.push(t),
      });
      expect(code).toBe(0);
      expect(out.join('')).toMatch(/^audit log intact: \d+ entries/);
    });
  });
});
