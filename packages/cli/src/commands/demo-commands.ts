import type { CommandGroup } from '../command-group.js';
import type { DemoOptions } from './demo.js';

export const demoCommands: CommandGroup = (program, { io, wrap }) => {
  program
    .command('demo')
    .description(
      'a network plus simulated trade: issue, deliver, confirm (one discrepancy, one rejection), report',
    )
    .option('--participants <codes>', 'exporter first, then importers', 'RU,EU')
    .option('--certificates <n>', 'how many certificates to issue', '5')
    .option('--exit', 'stop after the report instead of serving')
    .option('--dir <dir>', 'where the network keeps its files (default: a new temp dir)')
    .option('--base-port <n>', 'registry port; nodes take the next ports (0: free ports)', '0')
    .option('--json', 'machine-readable report')
    .action(wrap(async (opts: DemoOptions) => (await import('./demo.js')).demo(opts, io)));
};
