import type { CommandGroup } from '../command-group.js';
import { verify } from './verify.js';

export const verifyCommands: CommandGroup = (program, { io, wrap }) => {
  program
    .command('verify <subject>')
    .description('verify a signed certificate file or a KP1: QR payload; prints every check')
    .option('--jwks <file>', 'trusted public keys')
    .option('--now <instant>', 'verify as of this time (default now)')
    .option('--json', 'machine-readable output')
    .action(
      wrap((subject: string, opts: Parameters<typeof verify>[1]) => verify(subject, opts, io)),
    );
};
