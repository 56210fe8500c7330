import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayOf, instantMs, isoOf, parseDateTime } from './time.js';

describe('time', () => {
  it('dayOf is the UTC day of the instant, also right after the day changes (property)', () => {
    const ms = fc.integer({ min: -8.64e15, max: 8.64e15 });
    fc.assert(
      fc.property(fc.array(ms, { minLength: 1, maxLength: 6 }), (instants) => {
        for (const at of instants) expect(dayOf(at)).toBe(new Date(at).toISOString().slice(0, 10));
      }),
    );
    const midnight = Date.parse('2026-11-21T00:00:00Z');
    expect([midnight - 1, midnight, midnight - 1].map(dayOf)).toStrictEqual([
      '2026-11-20',
      '2026-11-21',
      '2026-11-20',
    ]);
  });

  it('parseDateTime gives the same answer every time it is asked', () => {
    for (let round = 0; round < 2; round++) {
      expect(parseDateTime('2026-01-01T00:00:00Z')).toBe(Date.UTC(2026, 0, 1));
      expect(parseDateTime('2026-01-01T01:00:00+01:00')).toBe(Date.UTC(2026, 0, 1));
      expect(parseDateTime('2026-01-01')).toBeUndefined();
      expect(parseDateTime('2026-02-30T00:00:00Z')).toBe(Date.parse('2026-02-30T00:00:00Z'));
      expect(parseDateTime('9999999-01-01T00:00:00Z')).toBeUndefined();
      expect(parseDateTime(1767225600000)).toBeUndefined();
    }
    expect(instantMs('2026-01-01T00:00:00Z')).toBe(Date.UTC(2026, 0, 1));
    expect(() => instantMs('yesterday')).toThrow(TypeError);
  });

  it('isoOf is Date#toISOString (property)', () => {
    const edges = [0, 1, 999, 86_399_999, 86_400_000, 951_782_400_000, 253_402_300_799_999];
    const ms = fc.oneof(
      fc.integer({ min: 0, max: 253_402_300_799_999 }),
      fc.integer({ min: -8.64e15, max: 8.64e15 }),
      fc.constantFrom(...edges, -1, 253_402_300_800_000, 0.5, -0),
    );
    fc.assert(
      fc.property(ms, (at) => {
        expect(isoOf(at)).toBe(new Date(at).toISOString());
      }),
      { numRuns: 5000 },
    );
    for (const bad of [Number.NaN, 8.64e15 + 1, Number.POSITIVE_INFINITY])
      expect(() => isoOf(bad)).toThrow(RangeError);
  });
});
