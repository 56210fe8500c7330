import { describe, expect, it } from 'vitest';
import { createProgress } from './demo-progress.js';

/** A clock that moves only when told: durations in the output are then exact. */
function fixture(tty: boolean) {
  let text = '';
  let ms = 0;
  const progress = createProgress({
    tty,
    width: 10,
    write: (t) => void (text += t),
    now: () => ms,
  });
  return { progress, text: () => text, advance: (by: number) => void (ms += by) };
}

describe('demo progress', () => {
  it('prints one line when a phase starts and one when it ends, off a terminal', () => {
    const { progress, text, advance } = fixture(false);
    progress.phase('issuing certificates', 4);
    for (let i = 0; i < 4; i += 1) progress.tick();
    advance(1500);
    progress.note('  note: skipped');
    progress.phase('delivering', 2);
    progress.tick(5);
    progress.done();
    progress.done();
    expect(text()).toBe(
      [
        '  issuing certificates: 4 to do',
        '  note: skipped',
        '  issuing certificates: 4/4 in 1.5 s',
        '  delivering: 2 to do',
        '  delivering: 2/2 in 0.0 s',
        '',
      ].join('\n'),
    );
  });

  it('redraws a bar in place on a terminal, only when a cell changes, and keeps notes above it', () => {
    const { progress, text } = fixture(true);
    progress.phase('issuing', 20);
    progress.tick(); // half a cell: no redraw
    progress.tick(); // one cell
    progress.note('note: hello');
    progress.tick(18);
    progress.done();
    const frames = text()
      .split('\r\x1b[2K')
      .filter((f) => f.length > 0);
    expect(frames).toEqual([
      `  ${'issuing'.padEnd(28)} [..........] 0/20`,
      `  ${'issuing'.padEnd(28)} [#.........] 2/20`,
      'note: hello\n',
      `  ${'issuing'.padEnd(28)} [#.........] 2/20`,
      `  ${'issuing'.padEnd(28)} [##########] 20/20`,
      `  ${'issuing'.padEnd(28)} [##########] 20/20 0.0 s\n`,
    ]);
  });
});
