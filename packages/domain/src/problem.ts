import type { KpxCode } from './error-codes.js';

/**
 * One thing wrong with an input: a stable code, where (a JSON pointer, RFC 6901, `''` for the
 * whole input), and a plain-English message an officer can act on.
 */
export type Problem = { code: KpxCode; path: string; message: string };

/** The outcome of a validation: the typed value, or every problem found (never just the first). */
export type ValidationResult<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

/** Builds a JSON pointer (RFC 6901) from path segments, escaping `~` and `/`. */
export function jsonPointer(segments: readonly (string | number)[]): string {
  return segments.map((s) => '/' + String(s).replaceAll('~', '~0').replaceAll('/', '~1')).join('');
}
