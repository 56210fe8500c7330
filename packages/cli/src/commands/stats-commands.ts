import type { Command } from 'commander';
import type { CommandGroup } from '../command-group.js';
import type { NodeApiOptions } from '../node-api.js';
import type { StatsShowOptions } from './stats.js';

type WithJson = NodeApiOptions & { json?: boolean };

/** The options every `kpx stats` command shares: which node, as whom. */
function nodeOptions(command: Command): Command {
  return command
    .requiredOption('--node <url>', "the authority node's URL")
    .option('--token <token>', 'an analyst (or admin) API token (default: $KPX_TOKEN)')
    .option('--json', 'machine-readable output');
}

export const statsCommands: CommandGroup = (program, { io, wrap }) => {
  const stats = program
    .command('stats')
    .description("a node's KP statistics: returns, production, reconciliation, anomalies");
  const load = () => import('./stats.js');

  nodeOptions(
    stats
      .command('show')
      .description('trade statistics of a period (exports by issue, imports by receipt; UTC)')
      .requiredOption('--period <period>', 'a quarter (2026-Q3), half-year (2026-H1) or year')
      .option('--flow <flow>', 'export or import (default: both)')
      .option('--format <format>', 'json (a table), csv or xlsx', 'json')
      .option('--out <file>', 'write the answer to a file (required for xlsx)'),
  ).action(wrap(async (opts: StatsShowOptions) => (await load()).statsShow(opts, io)));

  nodeOptions(
    stats
      .command('send')
      .description("queue the quarter's signed statistics return to the registry")
      .requiredOption('--period <quarter>', 'a quarter, e.g. 2026-Q3'),
  ).action(wrap(async (opts: WithJson & { period: string }) => (await load()).statsSend(opts, io)));

  nodeOptions(
    stats
      .command('production <file>')
      .description(
        'record half-year production returns from a CSV (period,carats,valueUsd[,notes]) or JSON file; exit 1 if any row is bad (nothing stored)',
      ),
  ).action(
    wrap(async (file: string, opts: WithJson) => (await load()).statsProduction(file, opts, io)),
  );

  nodeOptions(
    stats
      .command('reconcile')
      .description(
        'mirror reconciliation per route and certificate; exit 1 when any certificate differs',
      )
      .option('--period <period>', 'a quarter, half-year or year (default: the whole history)'),
  ).action(
    wrap(async (opts: WithJson & { period?: string }) => (await load()).statsReconcile(opts, io)),
  );

  nodeOptions(
    stats
      .command('anomalies')
      .description('value per carat out of band, reuse, expired unconfirmed, volume jumps')
      .requiredOption('--period <period>', 'a quarter, half-year or year'),
  ).action(
    wrap(async (opts: WithJson & { period: string }) => (await load()).statsAnomalies(opts, io)),
  );
};
