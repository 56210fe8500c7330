import type { CommandGroup } from './command-group.js';
import { certCommands } from './commands/cert-commands.js';
import { keysCommands } from './commands/keys-commands.js';
import { verifyCommands } from './commands/verify-commands.js';

/** Every command group of `kpx`, in the order `kpx --help` lists them. Add a line per group. */
export const commandGroups: readonly CommandGroup[] = [keysCommands, certCommands, verifyCommands];
