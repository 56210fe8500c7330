import type { CommandGroup } from '../command-group.js';
import type { AuditVerifyOptions } from './audit-verify.js';

export const auditCommands: CommandGroup = (program, { io, wrap }) => {
  const audit = program.command('audit').description("a node's audit log");
  audit
    .command('verify')
    .description('recompute the hash chain; exit 1 naming the first broken entry')
    .requiredOption('--dir <dir>', 'the node directory')
    .option('--json', 'machine-readable output')
    .action(
      wrap(async (opts: AuditVerifyOptions) =>
        (await import('./audit-verify.js')).auditVerify(opts, io),
      ),
    );
};
