import type { CommandGroup } from './command-group.js';
import { applyCommands } from './commands/apply-commands.js';
import { auditCommands } from './commands/audit-commands.js';
import { benchCommands } from './commands/bench-commands.js';
import { certCommands } from './commands/cert-commands.js';
import { demoCommands } from './commands/demo-commands.js';
import { keysCommands } from './commands/keys-commands.js';
import { networkCommands } from './commands/network-commands.js';
import { nodeCommands } from './commands/node-commands.js';
import { registryCommands } from './commands/registry-commands.js';
import { statsCommands } from './commands/stats-commands.js';
import { verifyCommands } from './commands/verify-commands.js';

/** Every command group of `kpx`, in the order `kpx --help` lists them. Add a line per group. */
export const commandGroups: readonly CommandGroup[] = [
  keysCommands,
  certCommands,
  verifyCommands,
  registryCommands,
  nodeCommands,
  auditCommands,
  statsCommands,
  applyCommands,
  networkCommands,
  demoCommands,
  benchCommands,
];
