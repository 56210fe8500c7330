import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../calendar-date.js';
import { KpxError } from '../kpx-error.js';
import { halfYearSchema, periodSchema, quarterSchema } from './period-schema.js';
import {
  halfOf,
  parsePeriod,
  periodContains,
  periodOf,
  previousPeriod,
  quarterOf,
} from './period.js';

const dates = fc
  .integer({ min: 0, max: 200_000 })
  .map((n) => addDays('1970-01-01', n - 50_000))
  .filter((d) => /^[0-9]{4}-/.test(d));

describe('quarterOf and halfOf', () => {
  it.each([
    ['2026-01-01', '2026-Q1', '2026-H1'],
    ['2026-03-31', '2026-Q1', '2026-H1'],
    ['2026-04-01', '2026-Q2', '2026-H1'],
    ['2026-06-30', '2026-Q2', '2026-H1'],
    ['2026-07-01', '2026-Q3', '2026-H2'],
    ['2026-09-30', '2026-Q3', '2026-H2'],
    ['2026-10-01', '2026-Q4', '2026-H2'],
    ['2026-12-31', '2026-Q4', '2026-H2'],
    ['2028-02-29', '2028-Q1', '2028-H1'],
  ])('%s is in %s and %s', (date, quarter, half) => {
    expect(quarterOf(date)).toBe(quarter);
    expect(halfOf(date)).toBe(half);
  });

  it.each(['2026-02-30', '2026-13-01', '26-01-01', '', '2026-1-1'])(
    'refuses %j with KPX_DATE_INVALID',
    (date) => {
      expect(() => quarterOf(date)).toThrow(KpxError);
      expect(() => halfOf(date)).toThrow(expect.objectContaining({ code: 'KPX_DATE_INVALID' }));
    },
  );

  it('put every date inside the period they name, and no other of its kind', () => {
    fc.assert(
      fc.property(dates, (date) => {
        const q = periodOf(quarterOf(date));
        const h = periodOf(halfOf(date));
        expect(periodContains(q, date)).toBe(true);
        expect(periodContains(h, date)).toBe(true);
        expect(periodContains(periodOf(date.slice(0, 4)), date)).toBe(true);
        expect(periodContains(previousPeriod(q), date)).toBe(false);
        expect(periodContains(previousPeriod(h), date)).toBe(false);
      }),
    );
  });
});

describe('parsePeriod', () => {
  it.each([
    ['2026-Q1', 'quarter', '2026-01-01', '2026-03-31'],
    ['2026-Q2', 'quarter', '2026-04-01', '2026-06-30'],
    ['2026-Q3', 'quarter', '2026-07-01', '2026-09-30'],
    ['2026-Q4', 'quarter', '2026-10-01', '2026-12-31'],
    ['2026-H1', 'half', '2026-01-01', '2026-06-30'],
    ['2026-H2', 'half', '2026-07-01', '2026-12-31'],
    ['2026', 'year', '2026-01-01', '2026-12-31'],
  ])('%s is a %s from %s to %s', (id, kind, start, end) => {
    expect(parsePeriod(id)).toEqual({ ok: true, value: { id, kind, start, end } });
  });

  it.each<unknown>([
    '2026-Q5',
    '2026-Q0',
    '2026-H3',
    '2026-q3',
    '2026Q3',
    '26-Q3',
    '2026-Q3 ',
    ' 2026',
    '2026-01',
    '',
    'x'.repeat(10_000),
    2026,
    null,
    undefined,
    {},
  ])('refuses %j with one KPX_PERIOD_INVALID problem', (input) => {
    const result = parsePeriod(input, '/period');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ code: 'KPX_PERIOD_INVALID', path: '/period' });
    expect(result.problems[0]!.message).toMatch(/2026-Q3/);
    expect(result.problems[0]!.message.length).toBeLessThan(200);
  });

  it('never throws', () => {
    fc.assert(fc.property(fc.anything(), (input) => void parsePeriod(input)));
  });

  it('agrees with periodSchema', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[0-9]{4}(-[QH][0-9])?$/)), (text) => {
        expect(periodSchema.safeParse(text).success).toBe(parsePeriod(text).ok);
        const parsed = parsePeriod(text);
        expect(quarterSchema.safeParse(text).success).toBe(
          parsed.ok && parsed.value.kind === 'quarter',
        );
        expect(halfYearSchema.safeParse(text).success).toBe(
          parsed.ok && parsed.value.kind === 'half',
        );
      }),
    );
  });

  it('periodOf throws KPX_PERIOD_INVALID for a bad id', () => {
    expect(() => periodOf('2026-Q9')).toThrow(
      expect.objectContaining({ code: 'KPX_PERIOD_INVALID' }),
    );
  });
});

describe('previousPeriod', () => {
  it.each([
    ['2026-Q1', '2025-Q4'],
    ['2026-Q3', '2026-Q2'],
    ['2026-H1', '2025-H2'],
    ['2026-H2', '2026-H1'],
    ['2026', '2025'],
    ['1000-Q1', '0999-Q4'],
  ])('before %s comes %s', (id, before) => {
    expect(previousPeriod(periodOf(id)).id).toBe(before);
  });

  it('ends the day before the period starts', () => {
    fc.assert(
      fc.property(dates, fc.constantFrom(quarterOf, halfOf), (date, of) => {
        const period = periodOf(of(date));
        if (period.start.startsWith('0000')) return;
        expect(previousPeriod(period).end).toBe(addDays(period.start, -1));
      }),
    );
  });

  it('has nothing before year 0000', () => {
    expect(() => previousPeriod(periodOf('0000-Q1'))).toThrow(
      expect.objectContaining({ code: 'KPX_PERIOD_INVALID' }),
    );
  });
});
