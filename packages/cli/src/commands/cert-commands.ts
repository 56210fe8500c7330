import type { CommandGroup } from '../command-group.js';
import { certPdf } from './cert-pdf.js';
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
  cert
    .command('pdf <file-or-number>')
    .description(
      'render the printable certificate (or --label, the container label) as PDF, from a signed certificate file or from a node',
    )
    .requiredOption('--out <file>', 'write the PDF here')
    .option('--label', 'the container label (KPCS Annex I C) instead of the certificate')
    .option('--lang <langs>', 'en, ru, fr, en,ru or en,fr (default by the issuing Participant)')
    .option('--key <file>', 'the private key that signed the document: signs the QR payload')
    .option('--qr <text|file>', 'the QR payload (KP1:…) made at issue, or a file holding it')
    .option('--node <url>', 'print certificate NUMBER as rendered by this node')
    .option('--token <token>', 'officer API token for --node (default $KPX_TOKEN)')
    .option('--json', 'machine-readable output')
    .action(
      wrap((subject: string, opts: Parameters<typeof certPdf>[1]) => certPdf(subject, opts, io)),
    );
};
