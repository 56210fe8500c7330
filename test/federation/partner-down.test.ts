// The importing node is down for longer than the backoff cap, then comes back: the certificate
// is delivered once — one message in its inbox, one receipt at the issuer, no duplicate. On
// SQLite and on PostgreSQL.
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, testApi, type TestApi } from '../support/api-client.js';
import { forEachDialect } from '../support/dialects.js';
import { draftTo } from '../support/drafts.js';
import { ruAndEu, initFederation, testPassphrase, tokenFor } from '../support/federation.js';
import { spawnKpx, type KpxProcess } from '../support/kpx-process.js';
import { withNodeDatabase } from '../support/node-database.js';
import { tempDir } from '../support/temp-dir.js';

/** `select count(*) as n …` (or any `n`) in the database of the node directory `dir`. */
const count = (dir: string, sql: string, ...params: unknown[]): Promise<number> =>
  withNodeDatabase(dir, (db) => db.count(sql, ...params));

forEachDialect((harness) => {
  const processes: KpxProcess[] = [];
  const apis: TestApi[] = [];
  // Before the dialect's own afterEach empties the PostgreSQL schemas.
  afterEach(async () => {
    await Promise.all(processes.splice(0).map((p) => p.stop('SIGKILL')));
    await Promise.all(apis.splice(0).map((a) => a.close()));
  });

  describe('delivery when the partner is down past the backoff cap', { timeout: 60_000 }, () => {
    it('keeps retrying at the cap and delivers exactly once when the partner is back', async () => {
      const root = tempDir('kpx-partner-down-');
      const maxDelayMs = 300;
      const { nodes } = await initFederation(root, await ruAndEu(harness), {
        outbox: { baseDelayMs: 50, maxDelayMs },
      });
      const ru = nodes.ru;
      const eu = nodes.eu;
      if (ru === undefined || eu === undefined) throw new Error('nodes missing');
      const env = { KPX_PASSPHRASE: testPassphrase };
      const ruProcess = spawnKpx(['node', 'start', '--dir', ru.dir, '--json'], env);
      processes.push(ruProcess);
      await ruProcess.line('ready');
      const ruApi = testApi(ru.url);
      apis.push(ruApi);
      const issuer = await tokenFor(ruApi, ru.adminToken, 'issuer');

      const issued = await ruApi.call('POST', '/api/v1/certificates', {
        token: issuer,
        json: draftTo(eu, ru),
      });
      expect(issued.status).toBe(201);
      const { number } = issued.body as { number: string };
      const downSince = Date.now();
      // Down for well over the cap: several attempts, each failing to connect.
      await eventually(
        async () => {
          const attempts = await count(
            ru.dir,
            'select attempts as n from outbox where subject = ?',
            number,
          );
          return attempts >= 6 && Date.now() - downSince > 4 * maxDelayMs ? true : undefined;
        },
        15_000,
        'six failed attempts',
      );
      const pending = await ruApi.call('GET', `/api/v1/certificates/${number}`, { token: issuer });
      expect(pending.body).toMatchObject({ status: 'issued', receipts: [] });

      // The backoff is capped: the next attempt is never scheduled further ahead than the cap
      // (read from the outbox row, not timed: this machine may be slow to run it).
      const [scheduled] = await withNodeDatabase(ru.dir, (db) =>
        db.rows<{ next_attempt_at: string; last_attempt_at: string }>(
          'select next_attempt_at, last_attempt_at from outbox where subject = ?',
          number,
        ),
      );
      expect(
        Date.parse(scheduled!.next_attempt_at) - Date.parse(scheduled!.last_attempt_at),
      ).toBeLessThanOrEqual(maxDelayMs);

      const euProcess = spawnKpx(['node', 'start', '--dir', eu.dir, '--json'], env);
      processes.push(euProcess);
      await euProcess.line('ready');
      await eventually(
        async () => {
          const { body } = await ruApi.call('GET', `/api/v1/certificates/${number}`, {
            token: issuer,
          });
          return (body as { status: string }).status === 'delivered' ? true : undefined;
        },
        20_000,
        'delivered',
      );

      const euApi = testApi(eu.url);
      apis.push(euApi);
      const importer = await tokenFor(euApi, eu.adminToken, 'importer');
      const incoming = await euApi.call('GET', '/api/v1/certificates?direction=incoming', {
        token: importer,
      });
      expect(
        (incoming.body as { items: Array<{ number: string }> }).items.map((i) => i.number),
      ).toEqual([number]);
      expect(await Promise.all([ruProcess.stop(), euProcess.stop()])).toEqual([0, 0]);
      expect(await count(eu.dir, 'select count(*) as n from inbox')).toBe(1);
      expect(
        await count(
          ru.dir,
          "select count(*) as n from receipts where certificate_number = ? and role = 'received'",
          number,
        ),
      ).toBe(1);
      expect(
        await count(
          ru.dir,
          "select count(*) as n from events where certificate_number = ? and type = 'delivered'",
          number,
        ),
      ).toBe(1);
      expect(
        await count(
          ru.dir,
          "select count(*) as n from outbox where subject = ? and state = 'delivered'",
          number,
        ),
      ).toBe(1);
    });
  });
});
