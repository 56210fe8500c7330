// The PostgreSQL backup and restore of docs/operator-guide.md (section 7), run as written: a
// real node process on a throwaway PostgreSQL database, pg_dump while it serves, pg_restore.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sampleDraft } from '@kpx/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePorts } from '../support/free-ports.js';
import { spawnKpx, type KpxProcess } from '../support/kpx-process.js';
import { withTestDatabase } from '../support/postgres.js';
import { tempDir } from '../support/temp-dir.js';
import { writeTrustList } from '../support/trust-list.js';
import { kpxOnPath, runGuideBlock } from './guide-blocks.js';

const database = withTestDatabase();
const env = { KPX_PASSPHRASE: 'postgres backup passphrase' };
const root = tempDir('kpx-guide-pg-');
const binDir = join(root, 'bin');
mkdirSync(binDir);
kpxOnPath(binDir);
const nodeDir = join(root, 'node');
const backupDir = join(root, 'backups');

let node: KpxProcess | undefined;
let nodeUrl = '';
let admin = '';
let issuer = '';

async function startNode(): Promise<void> {
  node = spawnKpx(['node', 'start', '--dir', nodeDir, '--json'], env);
  await node.line('ready', 60_000);
}

function api(path: string, token: string, body?: unknown): Promise<Response> {
  return fetch(`${nodeUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function issue(): Promise<string> {
  const res = await api('/api/v1/certificates', issuer, sampleDraft);
  expect(res.status).toBe(201);
  return ((await res.json()) as { number: string }).number;
}

async function numbers(): Promise<string[]> {
  const res = await api('/api/v1/certificates?direction=outgoing&limit=100', admin);
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: { number: string }[] }).items.map((i) => i.number).sort();
}

beforeAll(async () => {
  const [port] = await freePorts(1);
  nodeUrl = `http://127.0.0.1:${port}`;
  const init = spawnKpx(
    [
      'node',
      'init',
      '--dir',
      nodeDir,
      '--authority',
      'RU-MINFIN',
      '--port',
      String(port),
      '--json',
    ],
    env,
  );
  expect(await init.exited).toBe(0);
  admin = (JSON.parse(init.stdout()) as { adminToken: { token: string } }).adminToken.token;
  await writeTrustList(join(nodeDir, 'trust-list.json'), [nodeDir]);
  // Section 8 of the guide: the database named in node.json.
  const configPath = join(nodeDir, 'node.json');
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as Record<string, unknown>;
  config['database'] = { kind: 'postgres', url: database.url };
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  // The token of `kpx node init` is in its SQLite file; the guide issues one in PostgreSQL.
  const made = await runGuideBlock('postgres-admin-token', { ...env, NODE_DIR: nodeDir }, binDir);
  expect(made.stderr).toBe('');
  expect(made.code).toBe(0);
  const shown = /^admin token \(shown once, store it now\): (kpx_\S+)$/m.exec(made.stdout);
  expect(shown).not.toBeNull();
  const sqliteAdmin = admin;
  admin = shown?.[1] ?? '';
  await startNode();
  // The SQLite database's token means nothing to the PostgreSQL one.
  expect((await api('/api/v1/tokens', sqliteAdmin, { role: 'issuer', name: 'x' })).status).toBe(
    401,
  );
  const token = await api('/api/v1/tokens', admin, { role: 'issuer', name: 'pg backup test' });
  expect(token.status).toBe(201);
  issuer = ((await token.json()) as { token: string }).token;
}, 120_000);

afterAll(async () => {
  await node?.stop();
});

describe('docs/operator-guide.md: PostgreSQL backup and restore, as written', () => {
  it('dumps a serving node and restores it: same certificates, audit chain intact', async () => {
    await issue();
    await issue();
    const before = await numbers();
    const guideEnv = {
      ...env,
      NODE_DIR: nodeDir,
      BACKUP_DIR: backupDir,
      DATABASE_URL: database.url,
    };

    const backup = await runGuideBlock('postgres-backup', guideEnv, binDir);
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toContain('database: PostgreSQL, not included: back it up with pg_dump');

    const later = await issue(); // after the dump: gone once it is restored
    await node?.stop();
    const restore = await runGuideBlock('postgres-restore', guideEnv, binDir);
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    expect(restore.stdout).toMatch(/audit log intact: \d+ entries/);

    await startNode();
    expect(await numbers()).toEqual(before);
    expect(before).not.toContain(later);
    expect(await (await api('/api/v1/audit/verification', admin)).json()).toMatchObject({
      ok: true,
    });
  }, 180_000);
});
