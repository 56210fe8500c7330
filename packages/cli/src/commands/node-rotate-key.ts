import type { Command } from 'commander';
import type { CommandContext } from '../command-group.js';
import { CliError, exitCodes, printJson, type Io } from '../output.js';
import { operatorErrors } from './node-errors.js';

export type NodeRotateKeyOptions = {
  dir: string;
  alg?: string;
  validFrom?: string;
  json?: boolean;
};

/**
 * `kpx node rotate-key --dir D`: asks the registry named in node.json for the authority's next
 * signing key, signed with the current one; the next key is sealed in `D/keys/` under the
 * node's passphrase (read from the environment variable node.json names). The node signs with
 * it once a trust list carrying it is live — a running node takes it up by itself.
 */
export async function nodeRotateKey(options: NodeRotateKeyOptions, io: Io): Promise<number> {
  if (options.alg !== undefined && options.alg !== 'EdDSA' && options.alg !== 'ES256') {
    throw new CliError(
      'KPX_USAGE',
      `--alg must be EdDSA or ES256, not ${options.alg}`,
      exitCodes.usage,
    );
  }
  const validFrom = options.validFrom === undefined ? undefined : new Date(options.validFrom);
  if (validFrom !== undefined && Number.isNaN(validFrom.getTime())) {
    throw new CliError(
      'KPX_USAGE',
      `--valid-from ${options.validFrom ?? ''} is not a date-time`,
      exitCodes.usage,
    );
  }
  const { rotateNodeDirectoryKey } = await import('@kpx/node');
  const rotation = await operatorErrors(() =>
    rotateNodeDirectoryKey(options.dir, {
      env: process.env,
      ...(options.alg === undefined ? {} : { alg: options.alg as 'EdDSA' | 'ES256' }),
      ...(validFrom === undefined ? {} : { validFrom }),
    }),
  );
  if (options.json) printJson(io, rotation);
  else
    io.out(
      [
        `next key ${rotation.kid} (${rotation.alg}) submitted, signed with ${rotation.signedBy}: ${rotation.status}`,
        rotation.status === 'pending'
          ? `  waiting for the registry operator (kpx registry approve ${rotation.enrolment.id})`
          : `  listed from ${rotation.validFrom}; the node signs with it from then on`,
        `  sealed in ${rotation.location}`,
      ].join('\n'),
    );
  return exitCodes.ok;
}

/** Registers `kpx node rotate-key` on the `kpx node` command. */
export function registerNodeRotateKey(node: Command, { io, wrap }: CommandContext): void {
  node
    .command('rotate-key')
    .description(
      "enrol the authority's next signing key with the registry, signed with the current key",
    )
    .requiredOption('--dir <dir>', 'the node directory (node.json must name trustList.registryUrl)')
    .option('--alg <alg>', "EdDSA or ES256 (default: the current key's)")
    .option(
      '--valid-from <time>',
      'when it may start signing (default now + the trust-list refresh interval)',
    )
    .option('--json', 'machine-readable output')
    .action(wrap((opts: NodeRotateKeyOptions) => nodeRotateKey(opts, io)));
}
