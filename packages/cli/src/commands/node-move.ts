import type { Command } from 'commander';
import type { CommandContext } from '../command-group.js';
import { CliError, exitCodes, printJson, type Io } from '../output.js';
import { operatorErrors } from './node-errors.js';

export type NodeMoveOptions = { dir: string; db: string; dbSchema?: string; json?: boolean };

/**
 * `kpx node move-to-postgres --dir D --db URL [--db-schema S]`: copies a stopped SQLite node into
 * an empty PostgreSQL database, checks it, and points node.json at it (docs/operator-guide.md).
 */
export async function nodeMoveToPostgres(options: NodeMoveOptions, io: Io): Promise<number> {
  if (!/^postgres(ql)?:\/\/\S+$/i.test(options.db))
    throw new CliError('KPX_USAGE', '--db: a postgres:// or postgresql:// URL', exitCodes.usage);
  const { moveNodeToPostgres } = await import('@kpx/node');
  const moved = await operatorErrors(() =>
    moveNodeToPostgres(options.dir, {
      kind: 'postgres',
      url: options.db,
      ...(options.dbSchema === undefined ? {} : { schema: options.dbSchema }),
    }),
  );
  if (options.json) {
    printJson(io, moved);
    return exitCodes.ok;
  }
  const rows = Object.values(moved.tables).reduce((sum, n) => sum + n, 0);
  io.out(
    [
      `moved ${rows} rows in ${Object.keys(moved.tables).length} tables to ${moved.to}`,
      `  audit log intact there: ${moved.audit.entries} ${moved.audit.entries === 1 ? 'entry' : 'entries'}`,
      `  node.json now names PostgreSQL; ${moved.from} is left as it was (the way back)`,
      `next: kpx node start --dir ${options.dir}`,
    ].join('\n'),
  );
  return exitCodes.ok;
}

/** Registers `kpx node move-to-postgres` on the `kpx node` command. */
export function registerNodeMove(node: Command, { io, wrap }: CommandContext): void {
  node
    .command('move-to-postgres')
    .description('copy a stopped SQLite node into an empty PostgreSQL database and switch to it')
    .requiredOption('--dir <dir>', 'the node directory (the node must be stopped)')
    .requiredOption('--db <url>', 'the PostgreSQL database (postgres://…)')
    .option('--db-schema <name>', "the schema of the node's tables")
    .option('--json', 'machine-readable output')
    .action(wrap((opts: NodeMoveOptions) => nodeMoveToPostgres(opts, io)));
}
