import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, dayNumber, daysBetween, isCalendarDate } from './calendar-date.js';

describe('calendar dates', () => {
  it.each([
    ['2026-07-01', true],
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['1900-02-29', false],
    ['2026-02-29', false],
    ['2026-04-31', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-01-00', false],
    ['2026-1-01', false],
    ['26-01-01', false],
    ['2026-01-01T00:00:00Z', false],
    ['', false],
  ])('%j is a date: %s', (text, ok) => {
    expect(isCalendarDate(text)).toBe(ok);
  });

  it('rejects non-strings', () => {
    for (const v of [20260701, null, undefined, {}, ['2026-07-01']])
      expect(isCalendarDate(v)).toBe(false);
  });

  it('adds days across months, years and leap days', () => {
    expect(addDays('2026-07-01', 60)).toBe('2026-08-30');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(daysBetween('2026-07-01', '2026-12-28')).toBe(180);
  });

  it('matches the platform calendar (property)', () => {
    const day = fc.integer({ min: dayNumber('1900-01-01'), max: dayNumber('2200-12-31') });
    fc.assert(
      fc.property(day, fc.integer({ min: -2000, max: 2000 }), (n, delta) => {
        const date = new Date(n * 86_400_000).toISOString().slice(0, 10);
        expect(isCalendarDate(date)).toBe(true);
        expect(dayNumber(date)).toBe(n);
        const later = addDays(date, delta);
        expect(later).toBe(new Date((n + delta) * 86_400_000).toISOString().slice(0, 10));
        expect(daysBetween(date, later)).toBe(delta);
      }),
    );
  });

  it('reads dates exactly as the pattern and Number() of each part would (property)', () => {
    const pattern = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
    const daysIn = (y: number, m: number): number =>
      m === 2
        ? (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
          ? 29
          : 28
        : [4, 6, 9, 11].includes(m)
          ? 30
          : 31;
    const byPattern = (value: string): boolean => {
      const m = pattern.exec(value);
      if (!m) return false;
      const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
      return mo >= 1 && mo <= 12 && d >= 1 && d <= daysIn(y, mo);
    };
    // dayNumber of any text: the days_from_civil arithmetic on Number() of the three slices.
    const dayNumberBySlices = (date: string): number => {
      const y0 = Number(date.slice(0, 4));
      const m = Number(date.slice(5, 7));
      const d = Number(date.slice(8, 10));
      const y = m <= 2 ? y0 - 1 : y0;
      const era = Math.floor(y / 400);
      const yoe = y - era * 400;
      const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
      const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
      return era * 146097 + doe - 719468;
    };
    const dateLike = fc.oneof(
      fc.stringMatching(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/),
      fc.stringMatching(/^[0-9 +.e-]{8,11}$/),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(
      fc.property(dateLike, (text) => {
        expect(isCalendarDate(text)).toBe(byPattern(text));
        expect(dayNumber(text)).toBe(dayNumberBySlices(text));
      }),
      { numRuns: 3000 },
    );
  });
});
