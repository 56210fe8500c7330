import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError, exitCodes, type Io } from '../output.js';

/** Options of `kpx bench`. */
export type BenchOptions = {
  quick?: boolean;
  only?: string;
  /** The harness to run (default: bench/run.mjs of the source checkout this CLI runs from). */
  harness?: string;
};

/** Where the harness lives in a source checkout, relative to its root. */
export const benchHarnessPath = join('bench', 'run.mjs');

/**
 * The source checkout's bench/run.mjs, looked for from `starts` upwards (the harness is part of
 * the repository, not of the published packages); undefined when none has it. Only a directory
 * whose package.json is the kpx workspace root counts: another project's bench/ is not ours.
 */
export function findBenchHarness(starts: readonly string[]): string | undefined {
  for (const start of starts) {
    for (let dir = resolve(start); ; dir = dirname(dir)) {
      const candidate = join(dir, benchHarnessPath);
      if (existsSync(candidate) && isKpxCheckout(dir)) return candidate;
      if (dirname(dir) === dir) break;
    }
  }
  return undefined;
}

function isKpxCheckout(dir: string): boolean {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      name?: unknown;
    };
    return manifest.name === 'kpx';
  } catch {
    return false;
  }
}

/**
 * `kpx bench`: runs the benchmark harness (`npm run bench` without the build) in a child Node
 * process from the checkout's root, its output passed through; resolves to its exit code.
 * Fails with `KPX_USAGE` (exit 2) when there is no harness (an installed CLI, no checkout).
 */
export async function bench(options: BenchOptions, io: Io): Promise<number> {
  const harness =
    options.harness === undefined
      ? findBenchHarness([dirname(fileURLToPath(import.meta.url)), process.cwd()])
      : existsSync(options.harness)
        ? resolve(options.harness)
        : undefined;
  if (harness === undefined) {
    throw new CliError(
      'KPX_USAGE',
      options.harness === undefined
        ? `no benchmark harness here: ${benchHarnessPath} ships with the kpx source repository, not with the installed CLI; run kpx bench inside a checkout (after npm run build)`
        : `no benchmark harness at ${options.harness}`,
      exitCodes.usage,
    );
  }
  const args = [harness];
  if (options.quick === true) args.push('--quick');
  if (options.only !== undefined) args.push('--only', options.only);
  // The harness resolves bench/results and the workspace packages from the checkout's root.
  const root = dirname(dirname(harness));
  io.err(`kpx bench: node ${args.join(' ')} (in ${root})`);
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const flushOut = passLines(child.stdout, io.out);
  const flushErr = passLines(child.stderr, io.err);
  return new Promise((resolvePromise, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      flushOut();
      flushErr();
      resolvePromise(code ?? exitCodes.invalid);
    });
  });
}

/**
 * Passes a child's output on line by line (`Io` writes whole lines; a pipe's chunks may end
 * mid-line); the returned function writes what is left when the stream ends.
 */
function passLines(stream: NodeJS.ReadableStream, write: (line: string) => void): () => void {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) write(line);
  });
  return () => {
    if (pending !== '') write(pending);
    pending = '';
  };
}
