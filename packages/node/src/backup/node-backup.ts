import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmod,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { KpxError } from '@kpx/domain';
import Database from 'better-sqlite3';
import { verifyAuditChain } from '../audit/verify-audit-chain.js';
import { readNodeFile } from '../server/node-file.js';
import { openSqliteStorage } from '../storage/open-sqlite.js';

const run = promisify(execFile);

/** The manifest's name inside a backup archive, and its format tag. */
export const backupManifestName = 'kpx-backup.json';
const backupFormat = 'kpx-node-backup';
const backupFormatVersion = 1;

/** Where the database snapshot sits inside the archive. */
const databaseEntry = 'database.sqlite';

/** What a backup holds, as recorded in its manifest. */
export type BackupManifest = {
  format: typeof backupFormat;
  version: typeof backupFormatVersion;
  createdAt: string;
  authority: string;
  /** `sqlite`: the snapshot is in the archive; `postgres`: back it up with pg_dump. */
  database: 'sqlite' | 'postgres';
  /** The database path node.json names (SQLite), to put the snapshot back there. */
  databasePath?: string;
  files: { path: string; mode: number; size: number; sha256: string }[];
};

/** Result of {@link backupNodeDirectory}. */
export type NodeBackup = { file: string; manifest: BackupManifest };

/** Result of {@link restoreNodeDirectory}. */
export type NodeRestore = {
  dir: string;
  manifest: BackupManifest;
  /** The audit chain of the restored database (absent for PostgreSQL: restore it with pg_restore). */
  audit?: Awaited<ReturnType<typeof verifyAuditChain>>;
};

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function isDatabaseFile(name: string, database: string): boolean {
  return [database, `${database}-wal`, `${database}-shm`, `${database}-journal`].includes(name);
}

async function listFiles(root: string, skip: (path: string) => boolean): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    if (!skip(path)) found.push(path);
  }
  return found.sort();
}

/**
 * `kpx node backup`: one `.tar.gz` of a node directory that a running node keeps serving
 * through — node.json, the sealed keys, public JWKS, trust-list files, and a consistent
 * snapshot of the SQLite database taken with SQLite's online backup API (readers and the
 * writer carry on meanwhile; copying the file would catch a half-written WAL). A manifest
 * records each file's SHA-256 so a restore refuses a damaged archive. For a PostgreSQL node
 * the archive holds the directory only: the database is backed up with pg_dump. Keys stay
 * sealed under the passphrase; the archive is still written mode 0600 (token hashes, trade data).
 */
export async function backupNodeDirectory(
  dirInput: string,
  options: { out: string; now?: Date },
): Promise<NodeBackup> {
  const dir = resolve(dirInput);
  const out = resolve(options.out);
  const file = await readNodeFile(join(dir, 'node.json'));
  const db = file.database;
  const dbPath =
    db.kind === 'sqlite' ? (isAbsolute(db.path) ? db.path : join(dir, db.path)) : undefined;
  if (db.kind === 'sqlite' && db.path === ':memory:')
    throw new KpxError('KPX_CONFIG_INVALID', {
      detail: 'an in-memory database has nothing to back up',
    });
  if (out === dir || out.startsWith(dir + sep))
    throw new KpxError('KPX_USAGE', {
      detail: `write the backup outside the node directory, not ${out}`,
    });

  await mkdir(dirname(out), { recursive: true });
  // Staged beside the output, so the final rename is atomic and a failure leaves nothing behind.
  const stage = await mkdtemp(join(dirname(out), '.kpx-backup-'));
  try {
    const files: BackupManifest['files'] = [];
    const sources = await listFiles(
      dir,
      (path) =>
        dbPath !== undefined && dirname(path) === dirname(dbPath) && isDatabaseFile(path, dbPath),
    );
    for (const source of sources) {
      const name = relative(dir, source);
      const bytes = await readFile(source);
      const target = join(stage, 'dir', name);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, bytes);
      const mode = (await stat(source)).mode & 0o777;
      await chmod(target, mode);
      files.push({
        path: `dir/${name.split(sep).join('/')}`,
        mode,
        size: bytes.length,
        sha256: sha256(bytes),
      });
    }
    if (dbPath !== undefined) {
      const snapshot = join(stage, databaseEntry);
      const source = new Database(dbPath, { readonly: true, fileMustExist: true });
      try {
        await source.backup(snapshot);
      } finally {
        source.close();
      }
      const bytes = await readFile(snapshot);
      files.push({ path: databaseEntry, mode: 0o600, size: bytes.length, sha256: sha256(bytes) });
    }
    const manifest: BackupManifest = {
      format: backupFormat,
      version: backupFormatVersion,
      createdAt: (options.now ?? new Date()).toISOString(),
      authority: file.authority,
      database: db.kind,
      ...(db.kind === 'sqlite' ? { databasePath: db.path } : {}),
      files,
    };
    await writeFile(join(stage, backupManifestName), JSON.stringify(manifest, null, 2) + '\n');
    const archive = join(stage, 'backup.tar.gz');
    const entries = [backupManifestName, ...(dbPath === undefined ? [] : [databaseEntry]), 'dir'];
    await run('tar', ['-czf', archive, '-C', stage, ...entries]);
    await chmod(archive, 0o600);
    await rename(archive, out);
    return { file: out, manifest };
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

function invalid(detail: string): KpxError {
  return new KpxError('KPX_BACKUP_INVALID', { detail });
}

function parseManifest(text: string): BackupManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid(`${backupManifestName} is not JSON`);
  }
  const m = value as Partial<BackupManifest> | null;
  if (m?.format !== backupFormat || m.version !== backupFormatVersion || !Array.isArray(m.files))
    throw invalid(`not a ${backupFormat} version ${backupFormatVersion} archive`);
  for (const f of m.files) {
    const path = (f as { path?: unknown }).path;
    // Trust boundary: an archive names only relative paths below its own root.
    if (typeof path !== 'string' || path.startsWith('/') || path.split('/').includes('..'))
      throw invalid(`unsafe path in the manifest: ${String(path)}`);
  }
  return m as BackupManifest;
}

/**
 * `kpx node restore`: unpacks a backup of {@link backupNodeDirectory} into `dir` (new or
 * empty), checks every file against the manifest's SHA-256 (`KPX_BACKUP_INVALID` otherwise),
 * puts the database snapshot where node.json names it, and verifies the restored audit chain.
 * Nothing is written into `dir` until the whole archive has checked out.
 */
export async function restoreNodeDirectory(
  archiveInput: string,
  options: { dir: string },
): Promise<NodeRestore> {
  const archive = resolve(archiveInput);
  const dir = resolve(options.dir);
  const existing = await readdir(dir).catch((error: unknown) => {
    if ((error as { code?: unknown }).code === 'ENOENT') return [];
    throw error;
  });
  if (existing.length > 0)
    throw new KpxError('KPX_CONFLICT', {
      detail: `${dir} is not empty; restore into a new directory`,
    });
  await mkdir(dirname(dir), { recursive: true });
  const stage = await mkdtemp(join(dirname(dir), '.kpx-restore-'));
  try {
    try {
      // --no-same-owner: files belong to whoever restores (the kpx service user).
      await run('tar', ['-xzf', archive, '-C', stage, '--no-same-owner']);
    } catch (error) {
      throw invalid(
        `${archive} is not a readable .tar.gz (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`,
      );
    }
    const manifestText = await readFile(join(stage, backupManifestName), 'utf8').catch(() => {
      throw invalid(`${archive} has no ${backupManifestName}: not a kpx node backup`);
    });
    const manifest = parseManifest(manifestText);
    for (const f of manifest.files) {
      const bytes = await readFile(join(stage, f.path)).catch(() => {
        throw invalid(`${f.path} is missing from the archive`);
      });
      if (bytes.length !== f.size || sha256(bytes) !== f.sha256)
        throw invalid(
          `${f.path} does not match its SHA-256 in the manifest: the archive is damaged`,
        );
    }
    await rename(join(stage, 'dir'), dir);
    if (manifest.database === 'postgres') return { dir, manifest };
    const dbPath = manifest.databasePath ?? 'node.sqlite';
    const target = isAbsolute(dbPath) ? dbPath : join(dir, dbPath);
    if (isAbsolute(dbPath) && (await stat(target).catch(() => undefined)) !== undefined)
      throw new KpxError('KPX_CONFLICT', {
        detail: `${target} (the database node.json names) exists; move it away first`,
      });
    await mkdir(dirname(target), { recursive: true });
    await rename(join(stage, databaseEntry), target);
    await chmod(target, 0o600);
    const storage = await openSqliteStorage({ path: target });
    try {
      return { dir, manifest, audit: await verifyAuditChain(storage.db) };
    } finally {
      await storage.close();
    }
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}
