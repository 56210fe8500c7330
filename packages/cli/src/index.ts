export { buildProgram, runCli } from './program.js';
export { CliError, exitCodes, processIo } from './output.js';
export type { ExitCode, Io } from './output.js';
