import { startNetwork, type RunningNetwork } from '@kpx/node';
import { CliError, exitCodes, printJson, type Io } from '../output.js';
import { operatorErrors, parsePort } from './node-errors.js';
import { stderrLogger } from './network-logger.js';
import { aborted, shutdownSignal } from './node-shutdown.js';

export type NetworkUpOptions = {
  dir: string;
  participants: string;
  basePort: string;
  db?: string;
  json?: boolean;
};

/** Splits `RU,EU` into Participant codes. */
export function parseParticipants(value: string): string[] {
  const codes = value
    .split(',')
    .map((p) => p.trim().toUpperCase())
    .filter((p) => p.length > 0);
  if (codes.length === 0) {
    throw new CliError(
      'KPX_USAGE',
      '--participants needs at least one code, e.g. RU,EU',
      exitCodes.usage,
    );
  }
  return codes;
}

/** The human summary of a running network. */
export function describeNetwork(net: RunningNetwork): string {
  const lines = [`registry (trust list): ${net.registryUrl}/trust-list.json`];
  for (const node of Object.values(net.nodes)) {
    lines.push(`  ${node.participant.padEnd(3)} ${node.authority.padEnd(16)} ${node.url}`);
  }
  lines.push(`tokens for every role: ${net.manifestPath}`);
  return lines.join('\n');
}

/**
 * `kpx network up`: a development network in this process — one node per Participant on
 * loopback, a signed static trust list served as the registry — until SIGINT/SIGTERM.
 */
export async function networkUp(options: NetworkUpOptions, io: Io): Promise<number> {
  const participants = parseParticipants(options.participants);
  const basePort = parsePort(options.basePort, '--base-port', true);
  if (options.db !== undefined && !/^postgres(ql)?:\/\/\S+$/i.test(options.db))
    throw new CliError('KPX_USAGE', '--db: a postgres:// or postgresql:// URL', exitCodes.usage);
  const shutdown = shutdownSignal();
  try {
    const net = await operatorErrors(() =>
      startNetwork({
        dir: options.dir,
        participants,
        basePort,
        logger: stderrLogger(io),
        ...(options.db === undefined ? {} : { postgresUrl: options.db }),
      }),
    );
    if (options.json) printJson(io, net.manifest);
    else io.out(`${describeNetwork(net)}\nserving; SIGINT or SIGTERM stops the network`);
    await aborted(shutdown.signal);
    await net.stop();
    if (!options.json) io.err('kpx: network stopped');
    return exitCodes.ok;
  } finally {
    shutdown.dispose();
  }
}
