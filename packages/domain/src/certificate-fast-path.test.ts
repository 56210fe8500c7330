import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amountPattern } from './amount.js';
import { buildCertificate } from './build-certificate.js';
import { plainCertificate } from './certificate-fast-path.js';
import { certificateSchema } from './certificate-schema.js';
import { defaultDirectory } from './directory.js';
import { hsCodeValues } from './hs-codes.js';
import { sampleDraft } from './sample-draft.js';
import { clone, mutationsOf, trickyValues, type Loose } from './test-support.js';

const certificate = buildCertificate(
  { ...sampleDraft, transit: ['AE'] },
  {
    directory: defaultDirectory,
    issuingAuthority: 'RU-MINFIN',
    number: 'RU-2026-000101',
    issuedOn: '2026-07-01',
  },
);

/** The same input as it arrives on the verify path: members in RFC 8785 (sorted) order. */
function sortedJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedJson);
  if (value === null || typeof value !== 'object') return value;
  const out: Loose = {};
  for (const key of Object.keys(value).sort()) out[key] = sortedJson((value as Loose)[key]);
  return out;
}

/** The fast path agrees with the schema: same verdict, and when it accepts, the same value. */
function expectSameAsSchema(input: unknown): void {
  const fast = plainCertificate(input);
  const schema = certificateSchema.safeParse(input);
  expect(fast !== undefined).toBe(schema.success);
  if (fast === undefined || !schema.success) return;
  expect(fast).toStrictEqual(schema.data);
  // Member order too: callers may serialise the value.
  expect(JSON.stringify(fast)).toBe(JSON.stringify(schema.data));
}

// Field values near and across every limit: mostly well-formed (so both verdicts occur),
// sometimes one character too long or short, sometimes malformed.
const mostly = <T, U>(valid: fc.Arbitrary<T>, other: fc.Arbitrary<U>) =>
  fc.oneof({ arbitrary: valid, weight: 12 }, { arbitrary: other, weight: 1 });
const near = (pattern: RegExp, prefix: string, max: number) =>
  mostly(
    fc.stringMatching(pattern, { size: 'small' }),
    fc.oneof(
      fc
        .integer({ min: max - 1, max: max + 1 })
        .map((length) => prefix + 'A'.repeat(length - prefix.length)),
      fc.constantFrom(...trickyValues),
    ),
  );
const text = (max: number) =>
  mostly(
    fc.string({ minLength: 1, maxLength: 12 }),
    fc.oneof(
      fc.integer({ min: max - 1, max: max + 1 }).map((length) => 'n'.repeat(length)),
      fc.constantFrom('', ' ', 1, null),
    ),
  );
const day = mostly(
  fc
    .date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z') })
    .filter((d) => !Number.isNaN(d.getTime()))
    .map((d) => d.toISOString().slice(0, 10)),
  fc.oneof(
    fc.stringMatching(/^[0-9]{4}-(?:0[0-9]|1[0-3])-(?:[0-2][0-9]|3[0-2])$/),
    fc.constantFrom('2026-02-29', '2028-02-29', '1900-02-29', '2000-02-29', '2026-7-01', 20260701),
  ),
);
const amount = mostly(
  fc.stringMatching(amountPattern, { size: 'small' }),
  fc.constantFrom('0.00', '999999999999999.99', '1000000000000000.00', '1.5', '01.00', 1.5),
);
const party = fc.record(
  {
    name: text(200),
    address: text(500),
    licence: text(64),
  },
  { requiredKeys: ['name', 'address'] },
);
const item = fc.record({
  hs: mostly(fc.constantFrom(...hsCodeValues), fc.constantFrom('7102.99', '', 7102.1)),
  carats: amount,
  valueUsd: amount,
});
const participant = mostly(
  fc.constantFrom('RU', 'EU', 'BE', 'AE', 'ZZ'),
  fc.constantFrom('R', 'RUS', 'ru', 1),
);
const seal = mostly(
  fc.stringMatching(/^[\x21-\x7E](?:[\x20-\x7E]{0,6}[\x21-\x7E])?$/),
  fc.oneof(
    fc.string({ maxLength: 70 }),
    fc.constantFrom('x'.repeat(64), 'x'.repeat(65), ' RU-1', 'RU-1 '),
  ),
);

/** Certificates whose every field is drawn near its limits: valid ones and invalid ones. */
const drawn = fc.record(
  {
    number: near(/^[A-Z]{2}[A-Z0-9\-/.]*$/, 'RU-', 64),
    issuingAuthority: near(/^[A-Z]{2}(-[A-Z0-9]+)+$/, 'RU-', 64),
    exportingParticipant: participant,
    importingParticipant: participant,
    importingAuthority: near(/^[A-Z]{2}(-[A-Z0-9]+)+$/, 'RU-', 64),
    exporter: party,
    importer: party,
    origin: fc.oneof(participant, fc.constantFrom('MIXED', 'MIXE', 'MIXEDX')),
    items: mostly(fc.array(item, { minLength: 1, maxLength: 3 }), fc.array(item, { maxLength: 4 })),
    totals: fc.record({ carats: amount, valueUsd: amount }),
    parcels: mostly(
      fc.integer({ min: 1, max: 100_000 }),
      fc.oneof(
        fc.integer({ min: -1, max: 100_001 }),
        fc.constantFrom(1, 100_000, 100_001, 0, 1.5, -0, Number.NaN, 2 ** 53, '4'),
      ),
    ),
    issuedOn: day,
    expiresOn: day,
    transit: mostly(
      fc.array(participant, { maxLength: 3 }),
      fc.array(participant, { maxLength: 11 }),
    ),
    seals: mostly(
      fc.array(seal, { maxLength: 3 }),
      fc.array(fc.constant('RU-S-1'), { minLength: 49, maxLength: 51 }),
    ),
    replaces: near(/^[A-Z]{2}[A-Z0-9\-/.]*$/, 'RU-', 64),
  },
  {
    requiredKeys: [
      'number',
      'issuingAuthority',
      'exportingParticipant',
      'importingParticipant',
      'importingAuthority',
      'exporter',
      'importer',
      'origin',
      'items',
      'totals',
      'parcels',
      'issuedOn',
      'expiresOn',
      'transit',
      'seals',
    ],
  },
);

describe('plainCertificate (the fast accept path of certificateSchema)', () => {
  it('accepts a built certificate and returns exactly the schema output, not the input', () => {
    const input = sortedJson(certificate) as Loose;
    const fast = plainCertificate(input);
    expect(fast).toStrictEqual(certificateSchema.parse(input));
    expect(fast).not.toBe(input);
    expect(fast?.exporter).not.toBe(input['exporter']);
    expect(fast?.items).not.toBe(input['items']);
    expect(fast?.items[0]).not.toBe(input['items'][0]);
    expect(fast?.transit).not.toBe(input['transit']);
    expect(fast?.seals).not.toBe(input['seals']);
    expect(fast?.totals).not.toBe(input['totals']);
  });

  it('agrees with the schema on certificates drawn near every limit', () => {
    let accepted = 0;
    fc.assert(
      fc.property(drawn, (input) => {
        expectSameAsSchema(input);
        expectSameAsSchema(sortedJson(input));
        if (plainCertificate(input) !== undefined) accepted += 1;
      }),
      { numRuns: 1000 },
    );
    // Both verdicts are exercised, not only refusals.
    expect(accepted).toBeGreaterThan(20);
  });

  it('agrees with the schema on mutated certificates', () => {
    fc.assert(
      fc.property(mutationsOf(certificate), (input) => expectSameAsSchema(input)),
      { numRuns: 1000 },
    );
  });

  it('leaves objects that inherit members, and non-objects, to the schema', () => {
    const withProto = Object.assign(Object.create({ replaces: 'RU-2026-000001' }) as Loose, {
      ...clone(certificate),
    });
    const nullProto = Object.assign(Object.create(null) as Loose, clone(certificate));
    const inherited = Object.assign(Object.create({ extra: 1 }) as Loose, clone(certificate));
    for (const input of [withProto, inherited, null, [], 'x', 1, undefined]) {
      expect(plainCertificate(input)).toBeUndefined();
    }
    expectSameAsSchema(nullProto);
  });
});
