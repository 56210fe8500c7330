/** How long work reports itself: a bar redrawn in place on a terminal, plain lines otherwise. */
export type Progress = {
  /** Starts a phase of `total` steps (ends the previous one). */
  phase(label: string, total: number): void;
  tick(steps?: number): void;
  /** A line of its own (a skipped step, a warning), kept above the bar. */
  note(text: string): void;
  /** Ends the current phase. */
  done(): void;
};

export type ProgressOptions = {
  /** Raw output: the bar needs `\r` without a newline. */
  write: (text: string) => void;
  /** A terminal: draw the bar; otherwise one line when a phase starts and one when it ends. */
  tty: boolean;
  /** Bar width in cells. */
  width?: number;
  /** Milliseconds since an arbitrary origin (for the phase durations). */
  now?: () => number;
};

/** A {@link Progress} that prints nothing (`--json`). */
export const silentProgress: Progress = {
  phase: () => undefined,
  tick: () => undefined,
  note: () => undefined,
  done: () => undefined,
};

export function createProgress(options: ProgressOptions): Progress {
  const { write, tty } = options;
  const width = options.width ?? 30;
  const now = options.now ?? (() => performance.now());
  let label = '';
  let total = 0;
  let count = 0;
  let started = 0;
  let drawn = -1;
  let open = false;

  const bar = (): string => {
    const filled = total === 0 ? width : Math.floor((count / total) * width);
    return `  ${label.padEnd(28)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${count}/${total}`;
  };
  const draw = (force: boolean): void => {
    // Redraw only when a cell changes: a 2-core machine has better things to do than repaint.
    const cells = total === 0 ? width : Math.floor((count / total) * width);
    if (!force && cells === drawn) return;
    drawn = cells;
    write(`\r\x1b[2K${bar()}`);
  };
  const seconds = (): string => ((now() - started) / 1000).toFixed(1);

  const done = (): void => {
    if (!open) return;
    open = false;
    if (tty) {
      draw(true);
      write(` ${seconds()} s\n`);
    } else write(`  ${label}: ${count}/${total} in ${seconds()} s\n`);
  };
  return {
    phase(next, steps) {
      done();
      label = next;
      total = steps;
      count = 0;
      drawn = -1;
      started = now();
      open = true;
      if (tty) draw(true);
      else write(`  ${label}: ${total} to do\n`);
    },
    tick(steps = 1) {
      count = Math.min(total, count + steps);
      if (tty && open) draw(false);
    },
    note(text) {
      if (tty && open) {
        write(`\r\x1b[2K${text}\n`);
        draw(true);
      } else write(`${text}\n`);
    },
    done,
  };
}
