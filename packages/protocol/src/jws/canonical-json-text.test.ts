import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../canonical-json.js';
import { toCredential } from '../certificate/credential.js';
import { testCertificate } from '../testing/fixtures.js';
import { isCanonicalJsonText, isPlainlyCanonical } from './canonical-json-text.js';

// The definition both must agree with.
const byDefinition = (text: string): boolean => {
  try {
    return canonicalize(JSON.parse(text)) === text;
  } catch {
    return false;
  }
};

// Values built to hit the fast path's edges: few member names (so repeats and order
// questions come up often), names starting with digits, strings needing escapes, numbers
// at and past 15 digits, negative and fractional numbers.
const name = fc.constantFrom(
  'a',
  'b',
  'ab',
  'B',
  '_',
  '1',
  '10',
  '9',
  '0a',
  '__proto__',
  'é',
  '😀',
  '',
);
const text = fc.oneof(
  fc.constantFrom(
    '',
    'x',
    'urn:kpx:cert:RU-2026-1',
    'a"b',
    'a\\b',
    'a\nb',
    '\u2028',
    '\ud800',
    '😀',
    '\u007f',
  ),
  fc.string({ maxLength: 6 }),
);
const number = fc.oneof(
  fc.integer({ min: 0, max: 1000 }),
  fc.constantFrom(999_999_999_999_999, 1_000_000_000_000_000, 2 ** 53, 1e21, -1, -0, 0.5, 1e-7),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    text,
    number,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.array(fc.tuple(name, tie('value')), { maxLength: 4 }),
  ),
}));
/** JSON text of a value; member lists are written as given, so names may repeat. */
const write = (v: unknown, canonicalMembers: boolean): string => {
  if (
    Array.isArray(v) &&
    v.every((m) => Array.isArray(m) && m.length === 2 && typeof m[0] === 'string') &&
    v.length > 0
  ) {
    const members = (v as [string, unknown][]).map(
      ([k, m]) => [k, write(m, canonicalMembers)] as const,
    );
    if (canonicalMembers) members.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${members.map(([k, m]) => `${JSON.stringify(k)}:${m}`).join(',')}}`;
  }
  if (Array.isArray(v)) return `[${v.map((m) => write(m, canonicalMembers)).join(',')}]`;
  return JSON.stringify(v) ?? 'null';
};
// Only tokens the fast path reads, so that member order and repeated names decide.
const { plainValue } = fc.letrec((tie) => ({
  plainValue: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom('', 'x', 'ab', 'urn:kpx:cert:RU-2026-1'),
    fc.integer({ min: 0, max: 20 }),
    fc.array(tie('plainValue'), { maxLength: 3 }),
    fc.array(fc.tuple(name, tie('plainValue')), { minLength: 1, maxLength: 5 }),
    fc.array(fc.tuple(name, tie('plainValue')), { minLength: 1, maxLength: 5 }),
  ),
}));
const texts = fc.oneof(
  plainValue.map((v) => write(v, true)),
  plainValue.map((v) => write(v, false)),
  value.map((v) => write(v, true)),
  value.map((v) => write(v, false)),
  value.map((v) => canonicalize(JSON.parse(write(v, false)))),
  value.map((v) => JSON.stringify(JSON.parse(write(v, true)), null, 1)),
);

describe('isCanonicalJsonText and its fast path', () => {
  it('agree with canonicalize(JSON.parse(text)) === text (property)', () => {
    fc.assert(
      fc.property(texts, (t) => {
        const expected = byDefinition(t);
        expect(isCanonicalJsonText(t, JSON.parse(t))).toBe(expected);
        // The fast path only ever accepts canonical text.
        if (isPlainlyCanonical(t, JSON.parse(t))) expect(expected).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('takes the fast path for a signed certificate and refuses its near misses', () => {
    const payload = canonicalize(toCredential(testCertificate, 1_772_442_000));
    expect(isPlainlyCanonical(payload, JSON.parse(payload))).toBe(true);
    for (const t of [
      payload.replace('"parcels":', '"parcels":1,"parcels":'), // repeated name
      payload.replace('"iat":', '"iat":"x","iat":'),
      payload.replace('{"@context"', '{"type":0,"@context"'), // out of order, then repeated
      payload.replace('"parcels":', '"parcels": '),
      payload.replace('"iat":1772442000', '"iat":1772442000.0'),
      payload.replace('RU-MINFIN', 'RU-MINFI\\u004e'),
    ]) {
      expect(t).not.toBe(payload);
      expect(isCanonicalJsonText(t, JSON.parse(t))).toBe(false);
    }
    expect(isCanonicalJsonText('{"b":1,"1":2}', { 1: 2, b: 1 })).toBe(false);
    expect(isCanonicalJsonText('{"1":2,"b":1}', { 1: 2, b: 1 })).toBe(true);
  });

  it('accepts a long plain text, and refuses it with one space added', () => {
    const long = `[${Array<string>(200_000).fill('1').join(',')}]`;
    expect(isCanonicalJsonText(long, JSON.parse(long))).toBe(true);
    expect(isCanonicalJsonText(`${long.slice(0, -1)} ]`, JSON.parse(long))).toBe(false);
  });
});
