import type { CommandGroup } from '../command-group.js';
import { verify } from './verify.js';

export const verifyCommands: CommandGroup = (program, { io, wrap }) => {
  program
    .command('verify <subject>')
    .description(
      'verify a signed certificate file or a KP1: QR payload, offline against a cached trust list; prints every check',
    )
    .option(
      '--trust-list <file|url>',
      'the trust list: a kpx-trust-list+jwt or a node’s /api/v1/trust-list answer (a file is read with no network)',
    )
    .option('--root-key <file|kid>', 'the pinned registry root key (JWK file) or its kid')
    .option('--cache <file>', 'save the trust list fetched from a URL here, for offline use')
    .option('--online <url>', 'also ask this node for the certificate’s current status')
    .option('--jwks <file>', 'trusted public keys instead of a trust list (development)')
    .option('--now <instant>', 'verify as of this time (default now)')
    .option('--json', 'machine-readable output')
    .action(
      wrap((subject: string, opts: Parameters<typeof verify>[1]) => verify(subject, opts, io)),
    );
};
