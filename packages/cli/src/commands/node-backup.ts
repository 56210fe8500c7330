import type { Command } from 'commander';
import type { CommandContext } from '../command-group.js';
import { exitCodes, printJson, type Io } from '../output.js';
import { operatorErrors } from './node-errors.js';

export type NodeBackupOptions = { dir: string; out: string; json?: boolean };
export type NodeRestoreOptions = { from: string; dir: string; json?: boolean };
export type NodeAdminTokenOptions = { dir: string; name?: string; json?: boolean };

/**
 * `kpx node backup --dir D --out FILE`: a .tar.gz of the node directory with an online
 * snapshot of its SQLite database; the node may keep running (docs/operator-guide.md).
 */
export async function nodeBackup(options: NodeBackupOptions, io: Io): Promise<number> {
  const { backupNodeDirectory } = await import('@kpx/node');
  const backup = await operatorErrors(() => backupNodeDirectory(options.dir, { out: options.out }));
  if (options.json) {
    printJson(io, backup);
    return exitCodes.ok;
  }
  const m = backup.manifest;
  io.out(
    [
      `backed up the ${m.authority} node to ${backup.file} (${m.files.length} files)`,
      m.database === 'sqlite'
        ? '  database: SQLite snapshot included'
        : '  database: PostgreSQL, not included: back it up with pg_dump',
    ].join('\n'),
  );
  return exitCodes.ok;
}

/**
 * `kpx node restore --from FILE --dir D`: unpacks a backup into a new directory, checks every
 * file against the manifest and verifies the restored audit chain (exit 1 when it is broken).
 */
export async function nodeRestore(options: NodeRestoreOptions, io: Io): Promise<number> {
  const { restoreNodeDirectory } = await import('@kpx/node');
  const restored = await operatorErrors(() =>
    restoreNodeDirectory(options.from, { dir: options.dir }),
  );
  const audit = restored.audit;
  if (options.json) printJson(io, restored);
  else
    io.out(
      [
        `restored the ${restored.manifest.authority} node into ${restored.dir} (backup of ${restored.manifest.createdAt})`,
        audit === undefined
          ? '  database: PostgreSQL, restore it with pg_restore'
          : audit.ok
            ? `  audit log intact: ${audit.entries} ${audit.entries === 1 ? 'entry' : 'entries'}`
            : `  audit log broken at entry ${audit.firstBrokenSeq}: ${audit.reason}`,
        `next: kpx node start --dir ${options.dir}`,
      ].join('\n'),
    );
  return audit === undefined || audit.ok ? exitCodes.ok : exitCodes.invalid;
}

/**
 * `kpx node admin-token --dir D`: a new admin token in the node's database (a lost token, or a
 * node moved to an empty PostgreSQL database). Printed once.
 */
export async function nodeAdminToken(options: NodeAdminTokenOptions, io: Io): Promise<number> {
  const { issueAdminToken } = await import('@kpx/node');
  const created = await operatorErrors(() =>
    issueAdminToken(options.dir, options.name === undefined ? {} : { name: options.name }),
  );
  if (options.json) printJson(io, created);
  else io.out(`admin token (shown once, store it now): ${created.token}`);
  return exitCodes.ok;
}

/** Registers `kpx node backup`, `restore` and `admin-token` on the `kpx node` command. */
export function registerNodeBackup(node: Command, { io, wrap }: CommandContext): void {
  node
    .command('backup')
    .description('back up a node directory and an online snapshot of its SQLite database')
    .requiredOption('--dir <dir>', 'the node directory (the node may be running)')
    .requiredOption('--out <file>', 'the .tar.gz to write (outside the node directory)')
    .option('--json', 'machine-readable output')
    .action(wrap((opts: NodeBackupOptions) => nodeBackup(opts, io)));
  node
    .command('restore')
    .description('restore a node directory from a backup and verify its audit log')
    .requiredOption('--from <file>', 'the backup .tar.gz')
    .requiredOption('--dir <dir>', 'where to restore (new or empty)')
    .option('--json', 'machine-readable output')
    .action(wrap((opts: NodeRestoreOptions) => nodeRestore(opts, io)));
  node
    .command('admin-token')
    .description("issue a new admin token straight into the node's database (shown once)")
    .requiredOption('--dir <dir>', 'the node directory (its node.json names the database)')
    .option('--name <text>', 'who the token is for')
    .option('--json', 'machine-readable output')
    .action(wrap((opts: NodeAdminTokenOptions) => nodeAdminToken(opts, io)));
}
