import { KpxError, jsonPointer, type Problem } from '@kpx/domain';
import type { z } from 'zod';

/** zod issues as kpx problems (JSON pointers, RFC 6901), all of them. */
export function problemsOf(issues: readonly z.core.$ZodIssue[]): Problem[] {
  return issues.map((issue) => ({
    code: issue.code === 'unrecognized_keys' ? 'KPX_FIELD_UNKNOWN' : 'KPX_VALIDATION_FAILED',
    path: jsonPointer(issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))),
    message: issue.message,
  }));
}

/**
 * Parses untrusted input with a schema at a trust boundary; `KPX_VALIDATION_FAILED` with every
 * problem otherwise.
 */
export function parseWith<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success)
    throw new KpxError('KPX_VALIDATION_FAILED', { problems: problemsOf(parsed.error.issues) });
  return parsed.data;
}
