import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seedAuthorities } from './authority.js';
import {
  defaultNumberPattern,
  formatCertificateNumber,
  isValidNumberPattern,
  numberMatchesPattern,
} from './certificate-number.js';
import { KpxError } from './kpx-error.js';

describe('certificate numbers', () => {
  it('formats the default pattern', () => {
    expect(
      formatCertificateNumber(defaultNumberPattern, { participant: 'RU', year: 2026, serial: 101 }),
    ).toBe('RU-2026-000101');
    expect(
      formatCertificateNumber('{P}/{YY}/{SERIAL4}', { participant: 'IN', year: 2026, serial: 7 }),
    ).toBe('IN/26/0007');
    expect(
      formatCertificateNumber('{P}-BE-{YYYY}-{SERIAL7}', {
        participant: 'EU',
        year: 2026,
        serial: 12,
      }),
    ).toBe('EU-BE-2026-0000012');
  });

  it('keeps counting past the padding width', () => {
    const number = formatCertificateNumber(defaultNumberPattern, {
      participant: 'RU',
      year: 2026,
      serial: 1234567,
    });
    expect(number).toBe('RU-2026-1234567');
    expect(numberMatchesPattern(defaultNumberPattern, number, 'RU')).toBe(true);
  });

  it.each([
    ['{YYYY}-{SERIAL6}', 'no {P} first'],
    ['{P}-{YYYY}', 'no serial'],
    ['{P}-{SERIAL6}-{SERIAL6}', 'two serials'],
    ['{P}-{SERIAL13}', 'serial too wide'],
    ['{P}-{SERIAL0}', 'serial width 0'],
    ['{P} {SERIAL6}', 'space'],
    ['{P}-{yyyy}-{SERIAL6}', 'unknown token'],
    ['{P}-(.*)-{SERIAL6}', 'regex characters'],
    ['', 'empty'],
  ])('rejects pattern %j (%s)', (pattern) => {
    expect(isValidNumberPattern(pattern)).toBe(false);
    expect(numberMatchesPattern(pattern, 'RU-2026-000101', 'RU')).toBe(false);
    expect(() =>
      formatCertificateNumber(pattern, { participant: 'RU', year: 2026, serial: 1 }),
    ).toThrow(KpxError);
  });

  it.each([
    [{ participant: 'ru', year: 2026, serial: 1 }],
    [{ participant: 'RU', year: 26, serial: 1 }],
    [{ participant: 'RU', year: 2026, serial: 0 }],
    [{ participant: 'RU', year: 2026, serial: 1.5 }],
    [{ participant: 'RU', year: 2026, serial: 1e13 }],
  ])('rejects parts %j with KPX_CONFIG_INVALID', (parts) => {
    expect(() => formatCertificateNumber(defaultNumberPattern, parts)).toThrow(
      expect.objectContaining({ code: 'KPX_CONFIG_INVALID' }),
    );
  });

  it.each([
    ['RU-2026-000101', 'RU', true],
    ['RU-2026-1000000', 'RU', true],
    ['RU-2026-0000101', 'RU', false], // leading zero beyond the width: not canonical
    ['RU-2026-00101', 'RU', false],
    ['BY-2026-000101', 'RU', false],
    ['ru-2026-000101', 'RU', false],
    ['RU-26-000101', 'RU', false],
    ['RU-2026-000101 ', 'RU', false],
    ['RU-2026-000101', 'R', false],
  ])('%j matches the default pattern for %s: %s', (number, participant, ok) => {
    expect(numberMatchesPattern(defaultNumberPattern, number, participant)).toBe(ok);
  });

  it('never throws on odd arguments', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (pattern, number, participant) => {
        expect(typeof numberMatchesPattern(pattern, number, participant)).toBe('boolean');
      }),
    );
  });

  it('gives every seed authority a valid pattern whose numbers match it (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...seedAuthorities),
        fc.integer({ min: 2000, max: 2099 }),
        fc.integer({ min: 1, max: 999_999_999 }),
        (authority, year, serial) => {
          const number = formatCertificateNumber(authority.numberPattern, {
            participant: authority.participant,
            year,
            serial,
          });
          expect(number.startsWith(authority.participant)).toBe(true);
          expect(numberMatchesPattern(authority.numberPattern, number, authority.participant)).toBe(
            true,
          );
        },
      ),
    );
  });

  it('never lets two authorities of one Participant produce the same number (property)', () => {
    const pairs = seedAuthorities.flatMap((a) =>
      seedAuthorities
        .filter((b) => b.participant === a.participant && b.id !== a.id)
        .map((b) => [a, b] as const),
    );
    expect(pairs.length).toBeGreaterThan(0);
    fc.assert(
      fc.property(
        fc.constantFrom(...pairs),
        fc.integer({ min: 1, max: 999_999_999 }),
        ([a, b], serial) => {
          const number = formatCertificateNumber(a.numberPattern, {
            participant: a.participant,
            year: 2026,
            serial,
          });
          expect(numberMatchesPattern(b.numberPattern, number, b.participant)).toBe(false);
        },
      ),
    );
  });
});
