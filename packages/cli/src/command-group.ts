import type { Command } from 'commander';
import type { Io } from './output.js';

/** A command's action: resolves to the process exit code. */
export type Action = (...args: never[]) => Promise<number>;

/** What a command group gets to register its commands. */
export type CommandContext = {
  readonly io: Io;
  /** Wraps an action so its resolved exit code becomes the process exit code. */
  readonly wrap: <A extends Action>(action: A) => (...args: Parameters<A>) => Promise<void>;
};

/** Registers one group of commands (`kpx keys …`, `kpx cert …`) on the program. */
export type CommandGroup = (program: Command, context: CommandContext) => void;
