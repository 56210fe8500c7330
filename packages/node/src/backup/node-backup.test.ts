import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { KpxError } from '@kpx/domain';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../test/support/temp-dir.js';
import { initNodeDirectory } from '../server/node-directory.js';
import { backupManifestName, backupNodeDirectory, restoreNodeDirectory } from './node-backup.js';

// The mechanics of `kpx node backup` / `kpx node restore`; the procedure as the operator guide
// writes it runs against a live node in test/ops/operator-guide.test.ts.

const passphrase = 'backup test passphrase';
const scryptCost = { N: 2 ** 10, r: 8, p: 1 };

async function nodeDir(): Promise<string> {
  const dir = join(tempDir('kpx-backup-'), 'node');
  await initNodeDirectory({ dir, authority: 'RU-MINFIN', passphrase, scryptCost });
  return dir;
}

async function failure(work: Promise<unknown>): Promise<KpxError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof KpxError) return error;
    throw error;
  }
  throw new Error('expected a KpxError');
}

const tokenHashes = (path: string): unknown[] => {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('select * from api_tokens order by id').all();
  } finally {
    db.close();
  }
};

describe('backupNodeDirectory / restoreNodeDirectory', () => {
  it('round-trips the directory and a snapshot of the database, and verifies the audit chain', async () => {
    const dir = await nodeDir();
    const out = join(tempDir('kpx-backup-out-'), 'b.tar.gz');
    const backup = await backupNodeDirectory(dir, { out, now: new Date('2026-11-28T02:00:00Z') });
    expect(backup.manifest).toMatchObject({
      format: 'kpx-node-backup',
      version: 1,
      createdAt: '2026-11-28T02:00:00.000Z',
      authority: 'RU-MINFIN',
      database: 'sqlite',
      databasePath: 'node.sqlite',
    });
    expect(backup.manifest.files.map((f) => f.path).sort()).toEqual([
      'database.sqlite',
      'dir/keys/signing-key.sealed.json',
      'dir/node.json',
      'dir/public.jwks.json',
    ]);
    // Mode 0600: the archive holds token hashes and trade data.
    expect(execFileSync('stat', ['-c', '%a', out], { encoding: 'utf8' }).trim()).toBe('600');

    const target = join(tempDir('kpx-restore-'), 'node');
    const restored = await restoreNodeDirectory(out, { dir: target });
    expect(restored.audit).toMatchObject({ ok: true });
    for (const file of ['node.json', 'public.jwks.json', 'keys/signing-key.sealed.json'])
      expect(readFileSync(join(target, file), 'utf8')).toBe(readFileSync(join(dir, file), 'utf8'));
    expect(
      execFileSync('stat', ['-c', '%a', join(target, 'keys/signing-key.sealed.json')], {
        encoding: 'utf8',
      }).trim(),
    ).toBe('600');
    expect(tokenHashes(join(target, 'node.sqlite'))).toEqual(tokenHashes(join(dir, 'node.sqlite')));
  });

  it('refuses to restore into a non-empty directory, and to write the backup inside the node directory', async () => {
    const dir = await nodeDir();
    const out = join(tempDir('kpx-backup-out-'), 'b.tar.gz');
    await backupNodeDirectory(dir, { out });
    expect((await failure(restoreNodeDirectory(out, { dir }))).code).toBe('KPX_CONFLICT');
    expect((await failure(backupNodeDirectory(dir, { out: join(dir, 'b.tar.gz') }))).code).toBe(
      'KPX_USAGE',
    );
  });

  it('refuses a damaged archive, a file that is not one, and a manifest naming paths outside it', async () => {
    const dir = await nodeDir();
    const work = tempDir('kpx-backup-bad-');
    const out = join(work, 'b.tar.gz');
    await backupNodeDirectory(dir, { out });

    // One byte of node.json changed inside an otherwise valid archive.
    const unpacked = join(work, 'unpacked');
    mkdirSync(unpacked);
    execFileSync('tar', ['-xzf', out, '-C', unpacked]);
    const config = join(unpacked, 'dir', 'node.json');
    writeFileSync(config, readFileSync(config, 'utf8').replace('RU-MINFIN', 'RU-MINFIX'));
    const damaged = join(work, 'damaged.tar.gz');
    execFileSync('tar', ['-czf', damaged, '-C', unpacked, ...readdirSync(unpacked)]);
    const refused = await failure(restoreNodeDirectory(damaged, { dir: join(work, 'r1') }));
    expect(refused.code).toBe('KPX_BACKUP_INVALID');
    expect(refused.message).toBe(
      'dir/node.json does not match its SHA-256 in the manifest: the archive is damaged',
    );
    expect(readdirSync(work)).not.toContain('r1'); // nothing written

    const notTar = join(work, 'not.tar.gz');
    writeFileSync(notTar, 'hello');
    expect((await failure(restoreNodeDirectory(notTar, { dir: join(work, 'r2') }))).code).toBe(
      'KPX_BACKUP_INVALID',
    );

    const manifestPath = join(unpacked, backupManifestName);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
      files: { path: string }[];
    };
    manifest.files[0]!.path = '../../etc/passwd';
    writeFileSync(manifestPath, JSON.stringify(manifest));
    const unsafe = join(work, 'unsafe.tar.gz');
    execFileSync('tar', ['-czf', unsafe, '-C', unpacked, ...readdirSync(unpacked)]);
    const outside = await failure(restoreNodeDirectory(unsafe, { dir: join(work, 'r3') }));
    expect(outside.code).toBe('KPX_BACKUP_INVALID');
    expect(outside.message).toMatch(/^unsafe path in the manifest/);
  });

  it('backs up only the directory of a PostgreSQL node (the database goes through pg_dump)', async () => {
    const dir = await nodeDir();
    const configPath = join(dir, 'node.json');
    const config = JSON.parse(readFileSync(configPath, 'utf8')) as Record<string, unknown>;
    config['database'] = { kind: 'postgres', url: 'postgres://kpx@127.0.0.1:5432/kpx' };
    writeFileSync(configPath, JSON.stringify(config, null, 2));
    const out = join(tempDir('kpx-backup-out-'), 'pg.tar.gz');
    const backup = await backupNodeDirectory(dir, { out });
    expect(backup.manifest.database).toBe('postgres');
    // The SQLite file left over from init is data of no database in use: still just a file.
    expect(backup.manifest.files.map((f) => f.path)).not.toContain('database.sqlite');
    const target = join(tempDir('kpx-restore-'), 'node');
    const restored = await restoreNodeDirectory(out, { dir: target });
    expect(restored.audit).toBeUndefined();
    expect(JSON.parse(readFileSync(join(target, 'node.json'), 'utf8'))).toEqual(config);
  });
});
