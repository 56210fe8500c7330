import { isCalendarDate } from '../calendar-date.js';
import { KpxError } from '../kpx-error.js';
import type { ValidationResult } from '../problem.js';

/** How long a statistics period is: KPCS Annex III asks trade by quarter, production by half. */
export type PeriodKind = 'quarter' | 'half' | 'year';

/**
 * A statistics period: its id (`2026-Q3`, `2026-H1`, `2026`), kind, and first and last day
 * (both inclusive, `YYYY-MM-DD`). Dates are calendar dates; the node takes them in UTC.
 */
export type Period = { id: string; kind: PeriodKind; start: string; end: string };

/**
 * The shape of a period id: `YYYY`, `YYYY-Q1`…`YYYY-Q4`, `YYYY-H1`, `YYYY-H2`. Any four-digit
 * year, like the calendar dates periods are made of.
 */
export const periodPattern = /^([0-9]{4})(?:-(Q[1-4]|H[12]))?$/;

const quarterBounds = [
  ['01-01', '03-31'],
  ['04-01', '06-30'],
  ['07-01', '09-30'],
  ['10-01', '12-31'],
] as const;

/**
 * The quarter a date falls in.
 *
 * @throws KpxError `KPX_DATE_INVALID` when `date` is not a calendar date (a caller bug: dates
 * reaching statistics were validated on the way in).
 * @example quarterOf('2026-08-14') // '2026-Q3'
 */
export function quarterOf(date: string): string {
  const month = monthOf(date);
  return `${date.slice(0, 4)}-Q${Math.ceil(month / 3)}`;
}

/**
 * The half-year a date falls in.
 *
 * @throws KpxError `KPX_DATE_INVALID` when `date` is not a calendar date.
 * @example halfOf('2026-06-30') // '2026-H1'
 */
export function halfOf(date: string): string {
  return `${date.slice(0, 4)}-H${monthOf(date) <= 6 ? 1 : 2}`;
}

/**
 * Parses a period id. Never throws: anything that is not a period id gives one `KPX_PERIOD_INVALID` problem at `path` (default `''`).
 *
 * @example parsePeriod('2026-Q3') // { ok: true, value: { id: '2026-Q3', kind: 'quarter', start: '2026-07-01', end: '2026-09-30' } }
 */
export function parsePeriod(input: unknown, path = ''): ValidationResult<Period> {
  const match = typeof input === 'string' ? periodPattern.exec(input) : null;
  if (!match) {
    const got =
      typeof input === 'string'
        ? JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input)
        : input === null
          ? 'null'
          : typeof input;
    return {
      ok: false,
      problems: [
        {
          code: 'KPX_PERIOD_INVALID',
          path,
          message: `The period must be a quarter like "2026-Q3", a half-year like "2026-H1" or a year like "2026"; got ${got}.`,
        },
      ],
    };
  }
  const year = match[1]!;
  const part = match[2];
  if (part === undefined) {
    return {
      ok: true,
      value: { id: year, kind: 'year', start: `${year}-01-01`, end: `${year}-12-31` },
    };
  }
  const n = Number(part.slice(1));
  if (part.startsWith('Q')) {
    const [from, to] = quarterBounds[n - 1]!;
    return {
      ok: true,
      value: {
        id: `${year}-${part}`,
        kind: 'quarter',
        start: `${year}-${from}`,
        end: `${year}-${to}`,
      },
    };
  }
  const [from, to] = n === 1 ? ['01-01', '06-30'] : ['07-01', '12-31'];
  return {
    ok: true,
    value: { id: `${year}-${part}`, kind: 'half', start: `${year}-${from}`, end: `${year}-${to}` },
  };
}

/**
 * Parses a period id known to be valid (from a schema, a config, or this module).
 *
 * @throws KpxError `KPX_PERIOD_INVALID` otherwise.
 */
export function periodOf(id: string): Period {
  const result = parsePeriod(id);
  if (!result.ok)
    throw new KpxError('KPX_PERIOD_INVALID', {
      problems: result.problems,
      detail: result.problems[0]!.message,
    });
  return result.value;
}

/** True when `date` (`YYYY-MM-DD`) falls within `period`, ends included. */
export function periodContains(period: Period, date: string): boolean {
  // Calendar dates of four-digit years order as strings.
  return period.start <= date && date <= period.end;
}

/**
 * The period of the same kind just before `period`: `2026-Q1` → `2025-Q4`.
 *
 * @throws KpxError `KPX_PERIOD_INVALID` before year 0000.
 */
export function previousPeriod(period: Period): Period {
  const year = Number(period.start.slice(0, 4));
  const index = period.kind === 'year' ? 1 : Number(period.id.slice(6));
  if (index > 1) return periodOf(`${year}-${period.id.slice(5, 6)}${index - 1}`);
  const last = period.kind === 'quarter' ? '-Q4' : period.kind === 'half' ? '-H2' : '';
  return periodOf(`${String(year - 1).padStart(4, '0')}${last}`);
}

function monthOf(date: string): number {
  if (!isCalendarDate(date)) {
    throw new KpxError('KPX_DATE_INVALID', {
      detail: `Not a calendar date: ${JSON.stringify(String(date).slice(0, 40))}`,
    });
  }
  return Number(date.slice(5, 7));
}
