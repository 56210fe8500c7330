import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built CLI (`npm test` runs `tsc -b` first). */
export const kpxBin = fileURLToPath(new URL('../../packages/cli/dist/bin.js', import.meta.url));
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** A `kpx` process. */
export type KpxProcess = {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal name) when the process ends. */
  exited: Promise<number | string>;
  /** Resolves with the first stdout line that is a JSON object with `key`. */
  line<T>(key: string, timeoutMs?: number): Promise<T>;
  /** Sends `signal` (default SIGTERM) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
};

/** Spawns `node packages/cli/dist/bin.js …args` with `env` added to the test's environment. */
export function spawnKpx(args: readonly string[], env: Record<string, string> = {}): KpxProcess {
  const child = spawn(process.execPath, [kpxBin, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters: Array<() => void> = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    for (const wake of waiters.splice(0)) wake();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      resolve(code ?? signal ?? -1);
      for (const wake of waiters.splice(0)) wake();
    });
  });
  let exitCode: number | string | undefined;
  void exited.then((code) => (exitCode = code));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    async line<T>(key: string, timeoutMs = 30_000): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        for (const text of out.split('\n')) {
          if (!text.startsWith('{')) continue;
          try {
            const json = JSON.parse(text) as Record<string, unknown>;
            if (key in json) return json[key] as T;
          } catch {
            // a partial line: wait for more
          }
        }
        if (exitCode !== undefined)
          throw new Error(`kpx ${args.join(' ')} exited ${exitCode}: ${err.trim()}`);
        if (Date.now() > deadline)
          throw new Error(`no "${key}" line from kpx ${args.join(' ')}: ${err.trim()}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
    },
    async stop(signal = 'SIGTERM') {
      if (exitCode === undefined) child.kill(signal);
      return exited;
    },
  };
}
