import type { CommandGroup } from '../command-group.js';
import type { DemoOptions } from './demo.js';

export const demoCommands: CommandGroup = (program, { io, wrap }) => {
  program
    .command('demo')
    .description(
      'a registry and nodes on loopback, a simulated quarter of trade through the real APIs, and a summary read back from them',
    )
    .option('--participants <codes>', 'Participants that get a node', 'RU,EU,BY,IN,AE')
    .option('--certificates <n>', 'certificates to issue in the quarter (20 to 5000)', '200')
    .option('--seed <n>', 'seed of the simulated trade (same seed, same plan)', '1')
    .option('--exit', 'stop after the summary instead of serving')
    .option('--dir <dir>', 'where the network keeps its files (default: a new temp dir)')
    .option('--base-port <n>', 'registry port; nodes take the next ports (0: free ports)', '0')
    .option('--json', 'the summary as JSON')
    .action(wrap(async (opts: DemoOptions) => (await import('./demo.js')).demo(opts, io)));
};
