import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCertificate } from './build-certificate.js';
import type { Confirmation } from './confirmation-input-schema.js';
import { defaultDirectory } from './directory.js';
import type { KpxCode } from './error-codes.js';
import { sampleDraft } from './sample-draft.js';
import { clone, expectWellFormed, mutationsOf, problemsOf, type Loose } from './test-support.js';
import { validateConfirmation } from './validate-confirmation.js';

const certificate = buildCertificate(sampleDraft, {
  directory: defaultDirectory,
  issuingAuthority: 'RU-MINFIN',
  number: 'RU-2026-000101',
  issuedOn: '2026-07-01',
});
const confirmation: Confirmation = {
  parcels: 4,
  carats: '4320.45',
  valueUsd: '335150.95',
  items: [
    { hs: '7102.31', carats: '2450.35', valueUsd: '313644.80' },
    { hs: '7102.21', carats: '1870.10', valueUsd: '21506.15' },
  ],
  receivedOn: '2026-07-08',
  sealsIntact: true,
  remarks: 'Seals RU-S-000123 and RU-S-000124 checked at Antwerp Diamond Office.',
};
const problems = (input: unknown) => problemsOf(validateConfirmation(input, certificate));
const withChange = (change: (c: Loose) => void): Loose => {
  const c = clone(confirmation);
  change(c);
  return c;
};

describe('validateConfirmation', () => {
  it('accepts a full and a minimal confirmation', () => {
    expect(validateConfirmation(confirmation, certificate)).toEqual({
      ok: true,
      value: confirmation,
    });
    const minimal = {
      parcels: 3,
      carats: '4000.00',
      valueUsd: '300000.00',
      receivedOn: '2026-07-01',
      sealsIntact: false,
    };
    expect(problems(minimal)).toEqual([]);
    expect(problems({ ...minimal, receivedOn: '2026-09-29' })).toEqual([]); // the day of expiry
  });

  it.each<[string, (c: Loose) => void, KpxCode, string]>([
    [
      'zero carats',
      (c) => ((c.carats = '0.00'), delete c.items),
      'KPX_CARATS_NOT_POSITIVE',
      '/carats',
    ],
    [
      'negative value',
      (c) => ((c.valueUsd = '-1.00'), delete c.items),
      'KPX_VALUE_NEGATIVE',
      '/valueUsd',
    ],
    [
      'lines do not add up',
      (c) => (c.items[0].carats = '2450.36'),
      'KPX_TOTALS_MISMATCH',
      '/carats',
    ],
    [
      'line values do not add up',
      (c) => (c.items[1].valueUsd = '21506.16'),
      'KPX_TOTALS_MISMATCH',
      '/valueUsd',
    ],
    ['HS twice', (c) => (c.items[1].hs = '7102.31'), 'KPX_HS_DUPLICATE', '/items/1/hs'],
    ['empty lines', (c) => (c.items = []), 'KPX_ITEMS_EMPTY', '/items'],
    [
      'received before issue',
      (c) => (c.receivedOn = '2026-06-30'),
      'KPX_DATE_INVALID',
      '/receivedOn',
    ],
    [
      'received after expiry',
      (c) => (c.receivedOn = '2026-09-30'),
      'KPX_CERTIFICATE_EXPIRED',
      '/receivedOn',
    ],
    ['impossible date', (c) => (c.receivedOn = '2026-09-31'), 'KPX_DATE_INVALID', '/receivedOn'],
    ['seals as text', (c) => (c.sealsIntact = 'yes'), 'KPX_TYPE_INVALID', '/sealsIntact'],
    ['seals missing', (c) => delete c.sealsIntact, 'KPX_FIELD_REQUIRED', '/sealsIntact'],
    ['parcels zero', (c) => (c.parcels = 0), 'KPX_PARCELS_INVALID', '/parcels'],
    ['remarks too long', (c) => (c.remarks = 'r'.repeat(1001)), 'KPX_STRING_TOO_LONG', '/remarks'],
    ['unknown field', (c) => (c.number = 'RU-2026-000101'), 'KPX_FIELD_UNKNOWN', '/number'],
  ])('%s: that problem only', (_name, change, code, path) => {
    expect(problems(withChange(change))).toEqual([{ code, path, message: expect.any(String) }]);
  });

  it('lets an HS line absent from the certificate through (a discrepancy, not an error)', () => {
    const c = withChange((x) => {
      x.items = [{ hs: '7102.10', carats: '4320.45', valueUsd: '335150.95' }];
    });
    expect(problems(c)).toEqual([]);
  });

  it('never throws on any JSON or on mutations (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (input) =>
        expectWellFormed(validateConfirmation(input, certificate)),
      ),
      {
        numRuns: 300,
      },
    );
    fc.assert(
      fc.property(mutationsOf(confirmation), (input) => {
        const result = validateConfirmation(input, certificate);
        expectWellFormed(result);
        if (result.ok) expect(result.value).toEqual(input);
      }),
      { numRuns: 500 },
    );
  });
});
