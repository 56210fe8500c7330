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
});
