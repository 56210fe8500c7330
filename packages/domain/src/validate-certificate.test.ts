import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCertificate } from './build-certificate.js';
import type { Certificate } from './certificate-schema.js';
import { defaultDirectory } from './directory.js';
import type { KpxCode } from './error-codes.js';
import { sampleDraft } from './sample-draft.js';
import { clone, expectWellFormed, mutationsOf, problemsOf, type Loose } from './test-support.js';
import { validateCertificate } from './validate-certificate.js';

const certificate: Certificate = buildCertificate(
  { ...sampleDraft, transit: ['AE'] },
  {
    directory: defaultDirectory,
    issuingAuthority: 'RU-MINFIN',
    number: 'RU-2026-000101',
    issuedOn: '2026-07-01',
  },
);
const ctx = { directory: defaultDirectory, today: '2026-07-10' };
const problems = (input: unknown, today: string | undefined = ctx.today) =>
  problemsOf(
    validateCertificate(
      input,
      today === undefined ? { directory: defaultDirectory } : { ...ctx, today },
    ),
  );
const withChange = (change: (c: Loose) => void): Loose => {
  const c = clone(certificate);
  change(c);
  return c;
};

describe('validateCertificate', () => {
  it('accepts a built certificate', () => {
    expect(validateCertificate(certificate, ctx)).toEqual({ ok: true, value: certificate });
    expect(validateCertificate(certificate, { directory: defaultDirectory })).toEqual({
      ok: true,
      value: certificate,
    });
  });

  it.each<[string, (c: Loose) => void, KpxCode, string]>([
    [
      'unknown issuing authority',
      (c) => (c.issuingAuthority = 'RU-NOPE'),
      'KPX_AUTHORITY_UNKNOWN',
      '/issuingAuthority',
    ],
    [
      'issuer that may not issue',
      (c) => ((c.issuingAuthority = 'RU-FCS'), (c.number = 'RU-C-2026-000101')),
      'KPX_AUTHORITY_MAY_NOT_ISSUE',
      '/issuingAuthority',
    ],
    [
      'issuer of another Participant',
      (c) => ((c.exportingParticipant = 'BY'), (c.number = 'RU-2026-000101')),
      'KPX_AUTHORITY_NOT_OF_PARTICIPANT',
      '/issuingAuthority',
    ],
    [
      'unknown exporting Participant',
      (c) => (c.exportingParticipant = 'XX'),
      'KPX_PARTICIPANT_UNKNOWN',
      '/exportingParticipant',
    ],
    [
      'same Participant',
      (c) => ((c.importingParticipant = 'RU'), (c.importingAuthority = 'RU-FCS')),
      'KPX_SAME_PARTICIPANT',
      '/importingParticipant',
    ],
    [
      'importer of another Participant',
      (c) => (c.importingAuthority = 'BY-MINFIN'),
      'KPX_AUTHORITY_NOT_OF_PARTICIPANT',
      '/importingAuthority',
    ],
    [
      'importer that may not import',
      (c) => (
        (c.importingParticipant = 'RU'),
        (c.importingAuthority = 'RU-GOKHRAN'),
        (c.exportingParticipant = 'BY'),
        (c.issuingAuthority = 'BY-MINFIN'),
        (c.number = 'BY-2026-000001'),
        (c.transit = [])
      ),
      'KPX_AUTHORITY_MAY_NOT_IMPORT',
      '/importingAuthority',
    ],
    [
      'number of another pattern',
      (c) => (c.number = 'RU-26-000101'),
      'KPX_NUMBER_PATTERN',
      '/number',
    ],
    [
      'number of another Participant',
      (c) => (c.number = 'BY-2026-000101'),
      'KPX_NUMBER_PATTERN',
      '/number',
    ],
    ['number lower case', (c) => (c.number = 'ru-2026-000101'), 'KPX_NUMBER_PATTERN', '/number'],
    ['totals wrong', (c) => (c.totals.carats = '4320.44'), 'KPX_TOTALS_MISMATCH', '/totals/carats'],
    ['totals missing', (c) => delete c.totals, 'KPX_FIELD_REQUIRED', '/totals'],
    ['transit missing', (c) => delete c.transit, 'KPX_FIELD_REQUIRED', '/transit'],
    [
      'expiry before issue',
      (c) => (c.expiresOn = '2026-06-30'),
      'KPX_EXPIRY_BEFORE_ISSUE',
      '/expiresOn',
    ],
    [
      'validity too long',
      (c) => (c.expiresOn = '2026-12-29'),
      'KPX_VALIDITY_TOO_LONG',
      '/expiresOn',
    ],
    ['issued in the future', (c) => (c.issuedOn = '2026-07-12'), 'KPX_DATE_INVALID', '/issuedOn'],
    ['impossible date', (c) => (c.issuedOn = '2026-06-31'), 'KPX_DATE_INVALID', '/issuedOn'],
    [
      'replaces itself',
      (c) => (c.replaces = 'RU-2026-000101'),
      'KPX_REPLACES_INVALID',
      '/replaces',
    ],
    [
      'replaces a number of another issuer',
      (c) => (c.replaces = 'BY-2026-000100'),
      'KPX_REPLACES_INVALID',
      '/replaces',
    ],
    [
      'transit through the importer',
      (c) => (c.transit = ['EU']),
      'KPX_TRANSIT_INVALID',
      '/transit/0',
    ],
    ['HS twice', (c) => (c.items[1].hs = '7102.31'), 'KPX_HS_DUPLICATE', '/items/1/hs'],
    ['unknown field', (c) => (c.status = 'issued'), 'KPX_FIELD_UNKNOWN', '/status'],
  ])('%s: that problem only', (_name, change, code, path) => {
    expect(problems(withChange(change))).toEqual([{ code, path, message: expect.any(String) }]);
  });

  it('judges expiry only when told the date', () => {
    expect(problems(certificate, '2026-09-30')).toEqual([
      {
        code: 'KPX_CERTIFICATE_EXPIRED',
        path: '/expiresOn',
        message: 'The certificate expired on 2026-09-29 (today is 2026-09-30).',
      },
    ]);
    expect(problems(certificate, '2026-09-29')).toEqual([]);
    expect(problems(certificate, undefined)).toEqual([]);
    expect(problems(certificate, '2026-06-30')).toEqual([]); // one day of time-zone leeway
  });

  it('rejects a context without a real date', () => {
    expect(() => validateCertificate(certificate, { ...ctx, today: 'today' })).toThrow(
      expect.objectContaining({ code: 'KPX_CONFIG_INVALID' }),
    );
  });

  it('never throws on any JSON (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (input) => {
        expectWellFormed(validateCertificate(input, ctx));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on mutated certificates (property)', () => {
    fc.assert(
      fc.property(mutationsOf(certificate), (input) => {
        const result = validateCertificate(input, ctx);
        expectWellFormed(result);
        if (result.ok) expect(result.value).toEqual(input);
      }),
      { numRuns: 500 },
    );
  });
});
