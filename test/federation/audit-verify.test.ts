// `kpx audit verify` on a node directory whose database was edited behind the node's back. On
// SQLite and on PostgreSQL: RU and EU node directories are served in this process (what `kpx
// node start` runs), RU issues two certificates that EU receives, both stop, and the test then
// tampers with RU's audit log.
import { serveNodeDirectory, silentLogger, type NodeServer } from '@kpx/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../packages/cli/src/program.js';
import { eventually, testApi } from '../support/api-client.js';
import { forEachDialect } from '../support/dialects.js';
import { draftTo } from '../support/drafts.js';
import { ruAndEu, initFederation, testPassphrase, tokenFor } from '../support/federation.js';
import { withNodeDatabase } from '../support/node-database.js';
import { tempDir } from '../support/temp-dir.js';

async function auditVerify(dir: string, json = false) {
  let out = '';
  const code = await runCli(['audit', 'verify', '--dir', dir, ...(json ? ['--json'] : [])], {
    out: (t) => void (out += t),
    err: (t) => void (out += t),
  });
  return { code, out };
}

const edit = (dir: string, sql: string, ...params: unknown[]): Promise<void> =>
  withNodeDatabase(dir, (db) => db.run(sql, ...params), { write: true });

forEachDialect((harness) => {
  describe('kpx audit verify', { timeout: 60_000 }, () => {
    let dir = '';
    const servers: NodeServer[] = [];
    afterAll(async () => {
      await Promise.all(servers.map((s) => s.close()));
    });

    beforeAll(async () => {
      const { nodes } = await initFederation(tempDir('kpx-audit-'), await ruAndEu(harness));
      const ru = nodes.ru;
      const eu = nodes.eu;
      if (ru === undefined || eu === undefined) throw new Error('nodes missing');
      const serve = (nodeDir: string) =>
        serveNodeDirectory(nodeDir, { passphrase: testPassphrase, logger: silentLogger() });
      servers.push(...(await Promise.all([serve(ru.dir), serve(eu.dir)])));
      const api = testApi(ru.url);
      const issuer = await tokenFor(api, ru.adminToken, 'issuer');
      for (let i = 0; i < 2; i += 1) {
        const { status, body } = await api.call('POST', '/api/v1/certificates', {
          token: issuer,
          json: draftTo(eu, ru),
        });
        expect(status).toBe(201);
        const { number } = body as { number: string };
        await eventually(async () => {
          const detail = await api.call('GET', `/api/v1/certificates/${number}`, {
            token: issuer,
          });
          return (detail.body as { status: string }).status === 'delivered' ? true : undefined;
        });
      }
      await api.close();
      await Promise.all(servers.map((s) => s.close()));
      dir = ru.dir;
    });

    it('counts the entries of an intact log (exit 0)', async () => {
      const { code, out } = await auditVerify(dir);
      expect(code).toBe(0);
      expect(out.trim()).toMatch(/^audit log intact: \d+ entries$/);
      const json = await auditVerify(dir, true);
      expect(JSON.parse(json.out)).toMatchObject({
        ok: true,
        entries: expect.any(Number) as unknown,
      });
    });

    it('names the first changed entry (exit 1), and is intact again once it is restored', async () => {
      const [original] = await withNodeDatabase(dir, (db) =>
        db.rows<{ actor: string }>('select actor from audit_log where seq = 3'),
      );
      if (original === undefined) throw new Error('no audit entry 3');
      await edit(dir, 'update audit_log set actor = ? where seq = 3', 'token:someone-else');
      const broken = await auditVerify(dir);
      expect(broken.code).toBe(1);
      expect(broken.out.trim()).toBe(
        'audit log broken at entry 3: hash does not match the entry (the entry was changed)',
      );
      expect(JSON.parse((await auditVerify(dir, true)).out)).toEqual({
        ok: false,
        firstBrokenSeq: 3,
        reason: 'hash does not match the entry (the entry was changed)',
      });

      await edit(dir, 'update audit_log set actor = ? where seq = 3', original.actor);
      expect((await auditVerify(dir)).code).toBe(0);
    });

    it('names a removed entry (exit 1)', async () => {
      await edit(dir, 'delete from audit_log where seq = 2');
      const { code, out } = await auditVerify(dir);
      expect(code).toBe(1);
      expect(out).toMatch(/^audit log broken at entry 2: entry 2 is missing/);
    });
  });
});
