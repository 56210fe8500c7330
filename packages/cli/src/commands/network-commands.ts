import type { CommandGroup } from '../command-group.js';
import type { NetworkUpOptions } from './network-up.js';

export const networkCommands: CommandGroup = (program, { io, wrap }) => {
  const network = program.command('network').description('a development network on loopback');
  network
    .command('up')
    .description(
      'one node per Participant and a trust list, in this process; writes DIR/network.json; serves until SIGINT/SIGTERM',
    )
    .requiredOption('--dir <dir>', 'where the network keeps its files (must not hold a network)')
    .requiredOption('--participants <codes>', 'Participant codes, e.g. RU,EU')
    .option('--base-port <n>', 'registry port; nodes take the next ports (0: free ports)', '7400')
    .option('--db <url>', 'keep every node in PostgreSQL (schema kpx_<participant>), not SQLite')
    .option('--json', 'print network.json')
    .action(
      wrap(async (opts: NetworkUpOptions) => (await import('./network-up.js')).networkUp(opts, io)),
    );
};
