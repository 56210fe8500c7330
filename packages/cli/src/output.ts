/**
 * How every command reports: one clear line for a person, or one JSON document with `--json`.
 * Exit codes are the public contract of ARCHITECTURE.md: 0 ok, 1 the thing checked is bad,
 * 2 usage or environment error.
 */
export const exitCodes = { ok: 0, invalid: 1, usage: 2 } as const;
export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

/** An expected failure of a command: printed as one line (or JSON), never as a stack trace. */
export class CliError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;
  readonly details: unknown;
  constructor(
    code: string,
    message: string,
    exitCode: ExitCode = exitCodes.usage,
    details?: unknown,
  ) {
    super(message);
    this.name = 'CliError';
    this.code = code;
    this.exitCode = exitCode;
    this.details = details;
  }
}

export type Io = {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
};

export const processIo: Io = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : text + '\n'),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : text + '\n'),
};

/** Writes a JSON document to stdout. */
export function printJson(io: Io, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}
