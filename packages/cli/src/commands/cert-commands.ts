import type { CommandGroup } from '../command-group.js';
import { certSign } from './cert-sign.js';
import { certValidate } from './cert-validate.js';

export const certCommands: CommandGroup = (program, { io, wrap }) => {
  const cert = program.command('cert').description('KP certificates');
  cert
    .command('validate <file>')
    .description(
      'check a certificate or an issue draft against the KPCS rules; lists every problem',
    )
    .option('--authority <id>', 'issuing authority for a draft', 'RU-MINFIN')
    .option('--today <date>', 'the date to validate on (YYYY-MM-DD, default today UTC)')
    .option('--json', 'machine-readable output')
    .action(
      wrap((file: string, opts: Parameters<typeof certValidate>[1]) =>
        certValidate(file, opts, io),
      ),
    );
  cert
    .command('sign <file>')
    .description('sign a certificate as a vc+jwt')
    .requiredOption('--key <file>', 'private key file from `kpx keys generate`')
    .option('--out <file>', 'write the signed certificate here instead of stdout')
    .option('--issued-at <instant>', 'signing time (default now)')
    .option('--json', 'machine-readable output')
    .action(wrap((file: string, opts: Parameters<typeof certSign>[1]) => certSign(file, opts, io)));
};
