import type { CommandGroup } from '../command-group.js';
import { keysGenerate } from './keys-generate.js';

export const keysCommands: CommandGroup = (program, { io, wrap }) => {
  const keys = program.command('keys').description('signing keys');
  keys
    .command('generate')
    .description('generate a signing key (private JWK, mode 0600) and its public JWKS')
    .requiredOption('--out <file>', 'where to write the private key')
    .option('--jwks <file>', 'where to write the public JWKS (default: <out>.jwks.json)')
    .option('--alg <alg>', 'EdDSA (Ed25519) or ES256 (P-256)', 'EdDSA')
    .option('--authority <id>', 'the authority this key signs for, e.g. RU-MINFIN')
    .option('--valid-from <instant>', 'start of the key validity written into the JWKS')
    .option('--json', 'machine-readable output')
    .action(wrap((opts: Parameters<typeof keysGenerate>[0]) => keysGenerate(opts, io)));
};
