import type { CommandGroup } from '../command-group.js';
import type { BenchOptions } from './bench.js';

export const benchCommands: CommandGroup = (program, { io, wrap }) => {
  program
    .command('bench')
    .description(
      'run the benchmark suite of a source checkout (bench/run.mjs): table + bench/results/latest.json',
    )
    .option('--quick', 'the short run (under a minute)')
    .option('--only <suite>', 'one suite: sign-verify, peers, public-verify, exchange, statistics')
    .option('--harness <file>', 'the harness to run (default: the checkout’s bench/run.mjs)')
    .action(wrap(async (opts: BenchOptions) => (await import('./bench.js')).bench(opts, io)));
};
