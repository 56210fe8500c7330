import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCertificate } from './build-certificate.js';
import type { CertificateDraft } from './certificate-draft-schema.js';
import { defaultDirectory } from './directory.js';
import type { KpxCode } from './error-codes.js';
import { hsCodeValues } from './hs-codes.js';
import { sampleDraft } from './sample-draft.js';
import { clone, expectWellFormed, mutationsOf, problemsOf, type Loose } from './test-support.js';
import { validateCertificate } from './validate-certificate.js';
import { validateDraft, type DraftContext } from './validate-draft.js';

const ctx: DraftContext = {
  directory: defaultDirectory,
  issuingAuthority: 'RU-MINFIN',
  today: '2026-07-01',
};
const problems = (input: unknown, context: DraftContext = ctx) =>
  problemsOf(validateDraft(input, context));
const draftWith = (change: (d: Loose) => void): Loose => {
  const d = clone(sampleDraft);
  change(d);
  return d;
};
const line = (hs: string, carats = '1.00', valueUsd = '10.00') => ({ hs, carats, valueUsd });

describe('validateDraft', () => {
  it('accepts the sample draft and returns it unchanged', () => {
    expect(validateDraft(sampleDraft, ctx)).toEqual({ ok: true, value: sampleDraft });
  });

  it('accepts a minimal draft (optional fields left out)', () => {
    const d = draftWith((x) => {
      delete x.importingAuthority;
      delete x.seals;
      delete x.exporter.licence;
      delete x.importer.licence;
    });
    expect(problems(d)).toEqual([]);
  });

  it.each<[string, (d: Loose) => void, KpxCode, string]>([
    // Participants and authorities (KPCS III(c): only between Participants)
    [
      'unknown importing Participant',
      (d) => ((d.importingParticipant = 'XX'), delete d.importingAuthority),
      'KPX_PARTICIPANT_UNKNOWN',
      '/importingParticipant',
    ],
    [
      'Belgium is not a Participant of its own',
      (d) => ((d.importingParticipant = 'BE'), delete d.importingAuthority),
      'KPX_PARTICIPANT_UNKNOWN',
      '/importingParticipant',
    ],
    [
      'lower-case Participant',
      (d) => ((d.importingParticipant = 'eu'), delete d.importingAuthority),
      'KPX_PARTICIPANT_UNKNOWN',
      '/importingParticipant',
    ],
    [
      'export to oneself',
      (d) => ((d.importingParticipant = 'RU'), delete d.importingAuthority),
      'KPX_SAME_PARTICIPANT',
      '/importingParticipant',
    ],
    [
      'unknown importing authority',
      (d) => (d.importingAuthority = 'EU-XX-NOWHERE'),
      'KPX_AUTHORITY_UNKNOWN',
      '/importingAuthority',
    ],
    [
      'malformed importing authority',
      (d) => (d.importingAuthority = 'antwerp'),
      'KPX_AUTHORITY_UNKNOWN',
      '/importingAuthority',
    ],
    [
      'importing authority of another Participant',
      (d) => (d.importingAuthority = 'BY-MINFIN'),
      'KPX_AUTHORITY_NOT_OF_PARTICIPANT',
      '/importingAuthority',
    ],
    // HS lines (KPCS Annex I: carats and value per HS)
    [
      'HS outside 7102.10/21/31',
      (d) => (d.items[0].hs = '7102.39'),
      'KPX_HS_UNKNOWN',
      '/items/0/hs',
    ],
    ['HS twice', (d) => (d.items[1].hs = '7102.31'), 'KPX_HS_DUPLICATE', '/items/1/hs'],
    ['no lines', (d) => (d.items = []), 'KPX_ITEMS_EMPTY', '/items'],
    [
      'zero carats',
      (d) => (d.items[0].carats = '0.00'),
      'KPX_CARATS_NOT_POSITIVE',
      '/items/0/carats',
    ],
    [
      'negative carats',
      (d) => (d.items[0].carats = '-5.00'),
      'KPX_CARATS_NOT_POSITIVE',
      '/items/0/carats',
    ],
    [
      'negative value',
      (d) => (d.items[1].valueUsd = '-1.00'),
      'KPX_VALUE_NEGATIVE',
      '/items/1/valueUsd',
    ],
    [
      'one decimal place',
      (d) => (d.items[0].carats = '1520.3'),
      'KPX_AMOUNT_INVALID',
      '/items/0/carats',
    ],
    [
      'exponent',
      (d) => (d.items[0].valueUsd = '2.45e6'),
      'KPX_AMOUNT_INVALID',
      '/items/0/valueUsd',
    ],
    [
      '16 integer digits',
      (d) => (d.items[0].valueUsd = '1000000000000000.00'),
      'KPX_AMOUNT_INVALID',
      '/items/0/valueUsd',
    ],
    [
      'amount as a JSON number',
      (d) => (d.items[0].carats = 1520.35),
      'KPX_TYPE_INVALID',
      '/items/0/carats',
    ],
    ['line not an object', (d) => (d.items[1] = '7102.21'), 'KPX_TYPE_INVALID', '/items/1'],
    [
      'unknown field on a line',
      (d) => (d.items[0].quality = 'gem'),
      'KPX_FIELD_UNKNOWN',
      '/items/0/quality',
    ],
    [
      'totals off by a cent',
      (d) => (d.totals = { carats: '4320.45', valueUsd: '335150.94' }),
      'KPX_TOTALS_MISMATCH',
      '/totals/valueUsd',
    ],
    [
      'totals carats wrong',
      (d) => (d.totals = { carats: '4320.00', valueUsd: '335150.95' }),
      'KPX_TOTALS_MISMATCH',
      '/totals/carats',
    ],
    [
      'lines over the cap',
      (d) => (d.items = [line('7102.31', '999999999999999.99'), line('7102.21', '0.01')]),
      'KPX_TOTAL_TOO_LARGE',
      '/items',
    ],
    // parcels, origin
    ['zero parcels', (d) => (d.parcels = 0), 'KPX_PARCELS_INVALID', '/parcels'],
    ['too many parcels', (d) => (d.parcels = 100_001), 'KPX_PARCELS_INVALID', '/parcels'],
    ['fractional parcels', (d) => (d.parcels = 2.5), 'KPX_PARCELS_INVALID', '/parcels'],
    ['parcels as text', (d) => (d.parcels = '4'), 'KPX_TYPE_INVALID', '/parcels'],
    ['origin spelt out', (d) => (d.origin = 'Russia'), 'KPX_ORIGIN_INVALID', '/origin'],
    ['origin lower case', (d) => (d.origin = 'ru'), 'KPX_ORIGIN_INVALID', '/origin'],
    ['origin "mixed"', (d) => (d.origin = 'mixed'), 'KPX_ORIGIN_INVALID', '/origin'],
    // dates (KPCS Annex I: date of expiry; the length is the authority's setting)
    ['impossible date', (d) => (d.expiresOn = '2026-02-30'), 'KPX_DATE_INVALID', '/expiresOn'],
    [
      'date with time',
      (d) => (d.expiresOn = '2026-08-01T00:00:00Z'),
      'KPX_DATE_INVALID',
      '/expiresOn',
    ],
    [
      'expiry before today',
      (d) => (d.expiresOn = '2026-06-30'),
      'KPX_EXPIRY_BEFORE_ISSUE',
      '/expiresOn',
    ],
    [
      'validity over 180 days',
      (d) => (d.expiresOn = '2026-12-29'),
      'KPX_VALIDITY_TOO_LONG',
      '/expiresOn',
    ],
    // transit
    [
      'transit through a non-Participant',
      (d) => (d.transit = ['AE', 'XX']),
      'KPX_TRANSIT_INVALID',
      '/transit/1',
    ],
    [
      'transit through the importer',
      (d) => (d.transit = ['EU']),
      'KPX_TRANSIT_INVALID',
      '/transit/0',
    ],
    [
      'transit through the exporter',
      (d) => (d.transit = ['RU']),
      'KPX_TRANSIT_INVALID',
      '/transit/0',
    ],
    ['transit twice', (d) => (d.transit = ['AE', 'AE']), 'KPX_TRANSIT_INVALID', '/transit/1'],
    ['transit malformed', (d) => (d.transit = ['UAE']), 'KPX_TRANSIT_INVALID', '/transit/0'],
    [
      'eleven transits',
      (d) => (d.transit = ['AE', 'AM', 'AO', 'AU', 'BD', 'BR', 'BW', 'BY', 'CA', 'CD', 'CF']),
      'KPX_TRANSIT_INVALID',
      '/transit',
    ],
    // seals
    ['seal twice', (d) => (d.seals = ['S-1', 'S-1']), 'KPX_SEAL_INVALID', '/seals/1'],
    ['seal with a leading space', (d) => (d.seals = [' S-1']), 'KPX_SEAL_INVALID', '/seals/0'],
    ['seal with a control character', (d) => (d.seals = ['S-\n1']), 'KPX_SEAL_INVALID', '/seals/0'],
    ['seal of 65 characters', (d) => (d.seals = ['S'.repeat(65)]), 'KPX_SEAL_INVALID', '/seals/0'],
    [
      '51 seals',
      (d) => (d.seals = Array.from({ length: 51 }, (_, i) => `S-${i}`)),
      'KPX_SEAL_INVALID',
      '/seals',
    ],
    // replaces
    [
      "replaces another issuer's number",
      (d) => (d.replaces = 'BY-2026-000100'),
      'KPX_REPLACES_INVALID',
      '/replaces',
    ],
    [
      'replaces a malformed number',
      (d) => (d.replaces = '2026/100'),
      'KPX_REPLACES_INVALID',
      '/replaces',
    ],
    // parties and text caps
    ['empty exporter name', (d) => (d.exporter.name = ''), 'KPX_FIELD_REQUIRED', '/exporter/name'],
    [
      'exporter name of 201 characters',
      (d) => (d.exporter.name = 'n'.repeat(201)),
      'KPX_STRING_TOO_LONG',
      '/exporter/name',
    ],
    [
      'address of 501 characters',
      (d) => (d.importer.address = 'a'.repeat(501)),
      'KPX_STRING_TOO_LONG',
      '/importer/address',
    ],
    [
      'licence of 65 characters',
      (d) => (d.exporter.licence = 'L'.repeat(65)),
      'KPX_STRING_TOO_LONG',
      '/exporter/licence',
    ],
    [
      'importer without a name',
      (d) => delete d.importer.name,
      'KPX_FIELD_REQUIRED',
      '/importer/name',
    ],
    ['importer missing', (d) => delete d.importer, 'KPX_FIELD_REQUIRED', '/importer'],
    ['origin missing', (d) => delete d.origin, 'KPX_FIELD_REQUIRED', '/origin'],
    [
      'party is a string',
      (d) => (d.exporter = 'Lena Rough Diamonds JSC'),
      'KPX_TYPE_INVALID',
      '/exporter',
    ],
    [
      'unknown field on a party',
      (d) => (d.exporter.email = 'a@b.c'),
      'KPX_FIELD_UNKNOWN',
      '/exporter/email',
    ],
    ['a field the node sets', (d) => (d.issuedOn = '2026-07-01'), 'KPX_FIELD_UNKNOWN', '/issuedOn'],
    ['a field name with a slash', (d) => (d['a/b~c'] = 1), 'KPX_FIELD_UNKNOWN', '/a~1b~0c'],
  ])('%s: that problem only', (_name, change, code, path) => {
    const found = problems(draftWith(change));
    expect(found).toEqual([{ code, path, message: expect.any(String) }]);
  });

  it('reports more than three lines (one HS repeats, necessarily)', () => {
    const d = draftWith((x) => (x.items = [...hsCodeValues, '7102.31'].map((hs) => line(hs))));
    expect(problems(d).map((p) => `${p.code} ${p.path}`)).toEqual([
      'KPX_ITEMS_TOO_MANY /items',
      'KPX_HS_DUPLICATE /items/3/hs',
    ]);
  });

  it('accepts the edges of the rules', () => {
    for (const change of [
      (d: Loose) => (d.expiresOn = '2026-07-01'), // same day
      (d: Loose) => (d.expiresOn = '2026-12-28'), // exactly 180 days
      (d: Loose) => (d.items[1].valueUsd = '0.00'), // no commercial value
      (d: Loose) => (d.items[0].carats = '0.01'),
      (d: Loose) => (d.origin = 'MIXED'),
      (d: Loose) => (d.origin = 'GL'), // Greenland: mined under the EU's participation
      (d: Loose) => (d.parcels = 100_000),
      (d: Loose) => (d.totals = { carats: '4320.45', valueUsd: '335150.95' }),
      (d: Loose) => (d.transit = ['AE', 'CH']),
      (d: Loose) => (d.seals = Array.from({ length: 50 }, (_, i) => `S-${i}`)),
      (d: Loose) => (d.replaces = 'RU-2026-000100'),
      (d: Loose) => (d.exporter.name = 'Ü'.repeat(200)),
      (d: Loose) => (d.items = [line('7102.10', '999999999999999.98'), line('7102.21', '0.01')]),
    ]) {
      expect(problems(draftWith(change))).toEqual([]);
    }
  });

  it('reports an importing Participant without a default importing authority', () => {
    const dir = { ...defaultDirectory, defaultImportingAuthority: () => undefined };
    const d = draftWith((x) => delete x.importingAuthority);
    expect(problems(d, { ...ctx, directory: dir })).toEqual([
      { code: 'KPX_FIELD_REQUIRED', path: '/importingAuthority', message: expect.any(String) },
    ]);
  });

  it('checks that the importing authority receives imports', () => {
    const d = {
      ...clone(sampleDraft),
      importingParticipant: 'RU',
      importingAuthority: 'RU-GOKHRAN',
    };
    expect(problems(d, { ...ctx, issuingAuthority: 'BY-MINFIN' })).toEqual([
      {
        code: 'KPX_AUTHORITY_MAY_NOT_IMPORT',
        path: '/importingAuthority',
        message: expect.any(String),
      },
    ]);
  });

  it('checks the issuing authority', () => {
    expect(problems(sampleDraft, { ...ctx, issuingAuthority: 'RU-FCS' })).toEqual([
      {
        code: 'KPX_AUTHORITY_MAY_NOT_ISSUE',
        path: '',
        message: 'RU-FCS is not authorised to issue KP certificates.',
      },
    ]);
    expect(problems(sampleDraft, { ...ctx, issuingAuthority: 'XX-NOPE' })).toEqual([
      { code: 'KPX_AUTHORITY_UNKNOWN', path: '', message: expect.stringContaining('XX-NOPE') },
    ]);
    // Antwerp's maximum validity is 120 days, not 180.
    const toRussia = {
      ...clone(sampleDraft),
      importingParticipant: 'RU',
      importingAuthority: 'RU-MINFIN',
      expiresOn: '2026-11-15',
    };
    expect(
      problems(toRussia, { ...ctx, issuingAuthority: 'EU-BE-ANTWERP' }).map((p) => p.code),
    ).toEqual(['KPX_VALIDITY_TOO_LONG']);
  });

  it('writes precise messages', () => {
    const found = problems(
      draftWith((d) => {
        d.items[0].carats = '1520.3';
        d.items[1].hs = '7102.31';
        d.expiresOn = '2026-12-29';
        d.totals = { carats: '1.00', valueUsd: '335150.95' };
      }),
    );
    expect(found).toEqual([
      {
        code: 'KPX_AMOUNT_INVALID',
        path: '/items/0/carats',
        message:
          '"carats" must be a string with exactly two decimal places and at most 15 digits before the point, like "1520.35"; got "1520.3".',
      },
      {
        code: 'KPX_HS_DUPLICATE',
        path: '/items/1/hs',
        message: 'HS 7102.31 is already on line 0; put all 7102.31 goods on one line.',
      },
      {
        code: 'KPX_VALIDITY_TOO_LONG',
        path: '/expiresOn',
        message:
          "The certificate would be valid for 181 days, more than the issuing authority's maximum of 180 days.",
      },
    ]);
  });

  it('returns all problems at once', () => {
    const found = problems({
      importingParticipant: 'RU',
      exporter: { name: '', address: 'x'.repeat(501) },
      importer: { name: 'I', address: 'A', phone: '1' },
      origin: 'Russia',
      items: [line('7102.31', '0.00'), line('7102.31', '1.00', '-2.00'), line('7102.99')],
      parcels: 0,
      expiresOn: '2026-06-31',
      transit: ['XX', 'RU'],
      seals: ['a', 'a'],
      replaces: 'EU-1',
      extra: true,
    });
    expect(found.map((p) => `${p.code} ${p.path}`).sort()).toEqual(
      [
        'KPX_FIELD_REQUIRED /exporter/name',
        'KPX_STRING_TOO_LONG /exporter/address',
        'KPX_FIELD_UNKNOWN /importer/phone',
        'KPX_ORIGIN_INVALID /origin',
        'KPX_VALUE_NEGATIVE /items/1/valueUsd',
        'KPX_HS_UNKNOWN /items/2/hs',
        'KPX_PARCELS_INVALID /parcels',
        'KPX_DATE_INVALID /expiresOn',
        'KPX_FIELD_UNKNOWN /extra',
        'KPX_SAME_PARTICIPANT /importingParticipant',
        'KPX_HS_DUPLICATE /items/1/hs',
        'KPX_CARATS_NOT_POSITIVE /items/0/carats',
        'KPX_TRANSIT_INVALID /transit/0',
        'KPX_TRANSIT_INVALID /transit/1',
        'KPX_SEAL_INVALID /seals/1',
        'KPX_REPLACES_INVALID /replaces',
      ].sort(),
    );
  });

  it.each([null, [], 5, 'draft', true, {}])('rejects %j without throwing', (input) => {
    const result = validateDraft(input, ctx);
    expect(result.ok).toBe(false);
    expectWellFormed(result);
  });

  it('treats __proto__ as an unknown field, not a prototype', () => {
    const d = JSON.parse(
      `{"__proto__": {"origin": "RU"}, ${JSON.stringify(sampleDraft).slice(1)}`,
    ) as unknown;
    expect(problems(d)).toEqual([
      { code: 'KPX_FIELD_UNKNOWN', path: '/__proto__', message: expect.any(String) },
    ]);
    const noOrigin = JSON.parse('{"__proto__": {"origin": "RU"}}') as unknown;
    expect(
      problems(noOrigin).some((p) => p.path === '/origin' && p.code === 'KPX_FIELD_REQUIRED'),
    ).toBe(true);
  });

  it('handles a megabyte string cheaply', () => {
    const found = problems(draftWith((d) => (d.exporter.name = 'x'.repeat(1_000_000))));
    expect(found).toEqual([
      {
        code: 'KPX_STRING_TOO_LONG',
        path: '/exporter/name',
        message: '"name" must be at most 200 characters (got 1000000).',
      },
    ]);
  });

  it('rejects a context without a real date', () => {
    expect(() => validateDraft(sampleDraft, { ...ctx, today: '2026-02-30' })).toThrow(
      expect.objectContaining({ code: 'KPX_CONFIG_INVALID' }),
    );
  });

  it('never throws on any JSON (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (input) => {
        expectWellFormed(validateDraft(input, ctx));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on mutated valid drafts (property)', () => {
    fc.assert(
      fc.property(mutationsOf(sampleDraft), (input) => {
        const result = validateDraft(input, ctx);
        expectWellFormed(result);
        if (result.ok) expect(result.value).toEqual(input);
      }),
      { numRuns: 500 },
    );
  });

  it('accepts every valid draft, and builds a certificate a receiver accepts (property)', () => {
    fc.assert(
      fc.property(validDraftArb, (draft) => {
        const result = validateDraft(draft, ctx);
        expect(problemsOf(result)).toEqual([]);
        const certificate = buildCertificate(draft, {
          ...ctx,
          number: 'RU-2026-000101',
          issuedOn: ctx.today,
        });
        expect(
          problemsOf(
            validateCertificate(certificate, { directory: defaultDirectory, today: ctx.today }),
          ),
        ).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

const amountArb = (min: bigint) =>
  fc
    .bigInt({ min, max: 10n ** 13n })
    .map((c) => `${c / 100n}.${(c % 100n).toString().padStart(2, '0')}`);
const textArb = (max: number) =>
  fc.string({ minLength: 1, maxLength: max, unit: 'grapheme' }).filter((s) => s.length <= max);
const partyArb = fc.record(
  { name: textArb(200), address: textArb(500), licence: textArb(64) },
  { requiredKeys: ['name', 'address'] },
);
const validDraftArb: fc.Arbitrary<CertificateDraft> = fc
  .record(
    {
      importingParticipant: fc.constantFrom('EU', 'BY', 'AE', 'IN', 'CH', 'ZA'),
      exporter: partyArb,
      importer: partyArb,
      origin: fc.oneof(fc.constant('MIXED'), fc.stringMatching(/^[A-Z]{2}$/)),
      items: fc.uniqueArray(
        fc.record({
          hs: fc.constantFrom(...hsCodeValues),
          carats: amountArb(1n),
          valueUsd: amountArb(0n),
        }),
        { minLength: 1, maxLength: 3, selector: (i) => i.hs },
      ),
      parcels: fc.integer({ min: 1, max: 100_000 }),
      expiresOn: fc
        .integer({ min: 0, max: 180 })
        .map((n) => new Date(Date.UTC(2026, 6, 1 + n)).toISOString().slice(0, 10)),
      transit: fc.uniqueArray(
        fc.constantFrom('AM', 'KZ', 'KG', 'GB', 'US', 'CN', 'JP', 'IL', 'TR', 'SG', 'TH'),
        { maxLength: 10 },
      ),
      seals: fc.uniqueArray(fc.stringMatching(/^[A-Z0-9][A-Z0-9 -]{0,30}[A-Z0-9]$/), {
        maxLength: 50,
      }),
      replaces: fc
        .integer({ min: 1, max: 999_999 })
        .map((n) => `RU-2025-${String(n).padStart(6, '0')}`),
    },
    {
      requiredKeys: ['importingParticipant', 'exporter', 'importer', 'origin', 'items', 'parcels'],
    },
  )
  .map((d) => d as CertificateDraft);
