// `kpx audit verify` on a node directory whose SQLite file was edited behind the node's back.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sampleDraft } from '@kpx/domain';
import { startNetwork } from '@kpx/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../packages/cli/src/program.js';
import { eventually, testApi } from '../support/api-client.js';
import { testScryptCost } from '../support/federation.js';
import { tempDir } from '../support/temp-dir.js';
import { silentLogger } from '@kpx/node';

async function auditVerify(dir: string, json = false) {
  let out = '';
  const code = await runCli(['audit', 'verify', '--dir', dir, ...(json ? ['--json'] : [])], {
    out: (t) => void (out += t),
    err: (t) => void (out += t),
  });
  return { code, out };
}

function edit(dbPath: string, sql: string, ...params: unknown[]): void {
  const db = new Database(dbPath);
  try {
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

describe('kpx audit verify', () => {
  let dir = '';
  let dbPath = '';

  beforeAll(async () => {
    const net = await startNetwork({
      dir: tempDir('kpx-audit-'),
      participants: ['RU', 'EU'],
      basePort: 0,
      logger: silentLogger(),
      scryptCost: testScryptCost,
    });
    const ru = net.nodes.RU;
    if (ru === undefined) throw new Error('no RU node');
    const api = testApi(ru.url);
    for (let i = 0; i < 2; i += 1) {
      const { status, body } = await api.call('POST', '/api/v1/certificates', {
        token: ru.tokens.issuer,
        json: sampleDraft,
      });
      expect(status).toBe(201);
      const { number } = body as { number: string };
      await eventually(async () => {
        const detail = await api.call('GET', `/api/v1/certificates/${number}`, {
          token: ru.tokens.issuer,
        });
        return (detail.body as { status: string }).status === 'delivered' ? true : undefined;
      });
    }
    await api.close();
    await net.stop();
    dir = ru.dir;
    dbPath = join(dir, 'node.sqlite');
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
    const db = new Database(dbPath, { readonly: true });
    const original = db.prepare('select actor from audit_log where seq = 3').get() as {
      actor: string;
    };
    db.close();
    edit(dbPath, 'update audit_log set actor = ? where seq = 3', 'token:someone-else');
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

    edit(dbPath, 'update audit_log set actor = ? where seq = 3', original.actor);
    expect((await auditVerify(dir)).code).toBe(0);
  });

  it('names a removed entry (exit 1)', async () => {
    edit(dbPath, 'delete from audit_log where seq = 2');
    const { code, out } = await auditVerify(dir);
    expect(code).toBe(1);
    expect(out).toMatch(/^audit log broken at entry 2: entry 2 is missing/);
  });
});
