import type { Logger } from '@kpx/node';
import type { Io } from '../output.js';

const levels = { debug: 20, info: 30, warn: 40, error: 50 } as const;
type Level = keyof typeof levels;

/**
 * A logger for commands that run nodes in-process and print their own report (`kpx network
 * up`, `kpx demo`): one plain line per entry at or above `level` on stderr, so stdout stays the
 * command's output. (`kpx node start` keeps the node's JSON logs.)
 */
export function stderrLogger(
  io: Io,
  level: Level = 'warn',
  bindings: Record<string, unknown> = {},
): Logger {
  const at =
    (entryLevel: Level) =>
    (first: unknown, message?: unknown): void => {
      if (levels[entryLevel] < levels[level]) return;
      const text = typeof first === 'string' ? first : typeof message === 'string' ? message : '';
      const fields = typeof first === 'object' && first !== null ? first : {};
      const context = { ...bindings, ...fields } as Record<string, unknown>;
      const err = context['err'];
      if (err instanceof Error) context['err'] = err.message;
      const who = typeof context['authority'] === 'string' ? `${context['authority']}: ` : '';
      delete context['authority'];
      const rest = Object.keys(context).length === 0 ? '' : ` ${JSON.stringify(context)}`;
      io.err(`kpx ${entryLevel}: ${who}${text}${rest}`);
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (more: Record<string, unknown>) => stderrLogger(io, level, { ...bindings, ...more }),
  } as Logger;
}
