import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultDirectory } from './directory.js';
import type { PaperCertificateInput } from './paper-certificate-input-schema.js';
import { clone, expectWellFormed, mutationsOf, problemsOf } from './test-support.js';
import { validatePaperCertificate } from './validate-paper-certificate.js';

const paper: PaperCertificateInput = {
  number: 'BW 0123456',
  issuingAuthority: 'Ministry of Minerals and Energy, Diamond Hub, Gaborone',
  exportingParticipant: 'BW',
  importingParticipant: 'IN',
  importingAuthority: 'IN-GJEPC',
  exporter: { name: 'Kalahari Sights (Pty) Ltd', address: 'Plot 63, Gaborone, Botswana' },
  importer: {
    name: 'Surat Rough Imports Pvt Ltd',
    address: 'Varachha Road, Surat 395006, India',
    licence: 'IEC 0512345678',
  },
  origin: 'BW',
  items: [{ hs: '7102.31', carats: '10500.00', valueUsd: '1562715.00' }],
  totals: { carats: '10500.00', valueUsd: '1562715.00' },
  parcels: 12,
  issuedOn: '2026-06-20',
  expiresOn: '2026-09-18',
};
const ctx = { directory: defaultDirectory, today: '2026-07-02' };
const problems = (input: unknown) => problemsOf(validatePaperCertificate(input, ctx));

describe('validatePaperCertificate', () => {
  it('accepts a certificate read off paper (free-form number, authority by name)', () => {
    expect(validatePaperCertificate(paper, ctx)).toEqual({ ok: true, value: paper });
    const { importingAuthority: _a, ...withoutAuthority } = paper;
    expect(problems({ ...withoutAuthority, transit: ['AE'], seals: ['B 1'] })).toEqual([]);
  });

  it('applies the KPCS rules it can', () => {
    const found = problems({
      ...clone(paper),
      number: '0123456',
      importingParticipant: 'BW',
      importingAuthority: 'RU-FCS',
      totals: { carats: '10500.01', valueUsd: '1562715.00' },
      issuedOn: '2026-09-19',
      transit: ['XX'],
    });
    expect(found.map((p) => `${p.code} ${p.path}`)).toEqual([
      'KPX_SAME_PARTICIPANT /importingParticipant',
      'KPX_AUTHORITY_NOT_OF_PARTICIPANT /importingAuthority',
      'KPX_NUMBER_PATTERN /number',
      'KPX_TOTALS_MISMATCH /totals/carats',
      'KPX_EXPIRY_BEFORE_ISSUE /expiresOn',
      'KPX_DATE_INVALID /issuedOn',
      'KPX_TRANSIT_INVALID /transit/0',
    ]);
  });

  it('never throws (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => expectWellFormed(validatePaperCertificate(v, ctx))),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(mutationsOf(paper), (v) => expectWellFormed(validatePaperCertificate(v, ctx))),
      { numRuns: 300 },
    );
  });
});
