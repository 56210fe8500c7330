import type { CommandGroup } from '../command-group.js';
import type { ApplyCsvOptions } from './apply-csv.js';

export const applyCommands: CommandGroup = (program, { io, wrap }) => {
  program
    .command('apply')
    .description(
      'submit trader applications in bulk: one per CSV row (docs/applications.md); exit 1 if any row is refused',
    )
    .requiredOption('--csv <file>', 'the applications CSV (header first)')
    .requiredOption('--node <url>', "the authority node's URL")
    .option('--token <token>', 'a trader API token (default: $KPX_TOKEN)')
    .option(
      '--documents <dir>',
      'where the PDF files named in the invoice and packingList columns are (default: the CSV’s directory)',
    )
    .option('--chunk <rows>', 'rows per request', '50')
    .option('--json', 'machine-readable output')
    .action(
      wrap(async (opts: ApplyCsvOptions) => (await import('./apply-csv.js')).applyCsv(opts, io)),
    );
};
