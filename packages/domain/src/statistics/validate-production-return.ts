import { issuesToProblems, preview } from '../issues-to-problems.js';
import type { Problem, ValidationResult } from '../problem.js';
import { productionReturnSchema, type ProductionReturn } from './production-return-schema.js';

/**
 * Validates a production return: the schema, a half-year period (`KPX_PERIOD_INVALID`), and
 * each origin once (an entry without origin counts as one origin; `KPX_ORIGIN_INVALID`). All
 * problems at once; never throws on any JSON input.
 */
export function validateProductionReturn(input: unknown): ValidationResult<ProductionReturn> {
  const parsed = productionReturnSchema.safeParse(input);
  const problems: Problem[] = parsed.success
    ? []
    : issuesToProblems(parsed.error.issues, input).map((p) => periodProblem(p, input) ?? p);
  const entries = (input as { entries?: unknown } | null)?.entries;
  if (Array.isArray(entries)) {
    const seen = new Map<string, number>();
    entries.forEach((entry: unknown, index) => {
      if (entry === null || typeof entry !== 'object') return;
      const origin = (entry as { origin?: unknown }).origin;
      if (origin !== undefined && typeof origin !== 'string') return;
      const key = origin ?? '';
      const first = seen.get(key);
      if (first === undefined) seen.set(key, index);
      else
        problems.push({
          code: 'KPX_ORIGIN_INVALID',
          path: `/entries/${index}${origin === undefined ? '' : '/origin'}`,
          message:
            origin === undefined
              ? `Entry ${index} has no origin, like entry ${first}: give each origin once.`
              : `Origin "${origin}" appears in entries ${first} and ${index}: give each origin once.`,
        });
    });
  }
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  return { ok: true, value: parsed.data };
}

/** A malformed period gets the statistics code and a message naming the half-year form. */
function periodProblem(problem: Problem, input: unknown): Problem | undefined {
  if (problem.path !== '/period') return undefined;
  if (problem.code === 'KPX_FIELD_REQUIRED' || problem.code === 'KPX_TYPE_INVALID')
    return undefined;
  const period = (input as { period?: unknown }).period;
  return {
    code: 'KPX_PERIOD_INVALID',
    path: '/period',
    message: `"period" must be a half-year like "2026-H1" or "2026-H2"; got ${preview(period)}.`,
  };
}
