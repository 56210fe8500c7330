import { errorCodes, type KpxCode } from './error-codes.js';
import type { Problem } from './problem.js';

/** Options for {@link KpxError}. */
export type KpxErrorOptions = { detail?: string; problems?: Problem[]; cause?: unknown };

/**
 * The one error type for expected failures. It carries a stable `code` from {@link errorCodes}
 * and the HTTP `status` registered for it; the HTTP edge turns it into problem+json once.
 *
 * @example
 * ```ts
 * throw new KpxError('KPX_NOT_FOUND', { detail: 'No certificate RU-2026-000101' });
 * ```
 */
export class KpxError extends Error {
  readonly code: KpxCode;
  readonly status: number;
  // `declare`: no own property at all when absent (class fields would define it as undefined).
  declare readonly detail?: string;
  declare readonly problems?: Problem[];

  constructor(code: KpxCode, options: KpxErrorOptions = {}) {
    super(
      options.detail ?? errorCodes[code].title,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'KpxError';
    this.code = code;
    this.status = errorCodes[code].status;
    if (options.detail !== undefined) this.detail = options.detail;
    if (options.problems !== undefined) this.problems = options.problems;
  }
}
