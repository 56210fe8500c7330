import type { Io } from '../output.js';
import { runCli } from '../program.js';

/** TEST ONLY: an Io that keeps what a command printed, each line ending in a newline. */
export function captureIo(): Io & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: (t) => void (out += t.endsWith('\n') ? t : t + '\n'),
    err: (t) => void (err += t.endsWith('\n') ? t : t + '\n'),
    stdout: () => out,
    stderr: () => err,
  };
}

/** TEST ONLY: runs `kpx …args` in this process and returns its exit code and output. */
export async function kpx(
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = captureIo();
  const code = await runCli(args, io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}
