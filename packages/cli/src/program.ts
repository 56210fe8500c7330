import { Command, CommanderError } from 'commander';
import type { Action } from './command-group.js';
import { commandGroups } from './command-groups.js';
import { CliError, exitCodes, printJson, processIo, type Io } from './output.js';

/**
 * Builds the `kpx` command tree. Each action returns its exit code; `runCli` turns expected
 * failures into one line (or a JSON document with `--json`) and never prints a stack trace.
 */
export function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command('kpx')
    .description('kpx — digital Kimberley Process certificates')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s.trimEnd()) });

  const wrap =
    <A extends Action>(action: A) =>
    async (...args: Parameters<A>) => {
      setExit(await action(...args));
    };

  for (const register of commandGroups) register(program, { io, wrap });

  return program;
}

/** Runs the CLI on `argv` (without node and script) and resolves to the exit code. */
export async function runCli(argv: readonly string[], io: Io = processIo): Promise<number> {
  let exitCode: number = exitCodes.ok;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  const json = argv.includes('--json');
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
    }
    if (error instanceof CliError) {
      if (json)
        printJson(io, {
          error: { code: error.code, message: error.message, details: error.details },
        });
      else io.err(`kpx: ${error.message}`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    if (json) printJson(io, { error: { code: 'KPX_INTERNAL', message } });
    else io.err(`kpx: unexpected error: ${message}`);
    return exitCodes.usage;
  }
}
