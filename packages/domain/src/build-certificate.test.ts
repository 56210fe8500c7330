import { describe, expect, it } from 'vitest';
import { buildCertificate } from './build-certificate.js';
import { defaultDirectory } from './directory.js';
import { sampleDraft } from './sample-draft.js';
import { clone } from './test-support.js';
import type { CertificateDraft } from './certificate-draft-schema.js';

const ctx = {
  directory: defaultDirectory,
  issuingAuthority: 'RU-MINFIN',
  number: 'RU-2026-000101',
  issuedOn: '2026-07-01',
};

describe('buildCertificate', () => {
  it('builds the certificate to sign from a draft', () => {
    expect(buildCertificate(sampleDraft, ctx)).toEqual({
      number: 'RU-2026-000101',
      issuingAuthority: 'RU-MINFIN',
      exportingParticipant: 'RU',
      importingParticipant: 'EU',
      importingAuthority: 'EU-BE-ANTWERP',
      exporter: sampleDraft.exporter,
      importer: sampleDraft.importer,
      origin: 'RU',
      items: sampleDraft.items,
      totals: { carats: '4320.45', valueUsd: '335150.95' },
      parcels: 4,
      issuedOn: '2026-07-01',
      expiresOn: '2026-09-29', // RU-MINFIN's default: 90 days
      transit: [],
      seals: ['RU-S-000123', 'RU-S-000124'],
    });
  });

  it('fills the default importing authority and keeps expiry, transit and replaces', () => {
    const draft = clone(sampleDraft) as CertificateDraft;
    delete draft.importingAuthority;
    delete draft.seals;
    draft.expiresOn = '2026-08-01';
    draft.transit = ['AE'];
    draft.replaces = 'RU-2026-000100';
    const c = buildCertificate(draft, ctx);
    expect(c.importingAuthority).toBe('EU-BE-ANTWERP');
    expect(c.expiresOn).toBe('2026-08-01');
    expect(c.transit).toEqual(['AE']);
    expect(c.seals).toEqual([]);
    expect(c.replaces).toBe('RU-2026-000100');
    expect(Object.keys(c)).not.toContain('licence');
  });

  it('does not share arrays with the draft', () => {
    const c = buildCertificate(sampleDraft, ctx);
    expect(c.items).not.toBe(sampleDraft.items);
    expect(c.seals).not.toBe(sampleDraft.seals);
    expect(Object.isFrozen(c.items)).toBe(false);
  });

  it('sums exactly', () => {
    const draft = clone(sampleDraft) as CertificateDraft;
    draft.items = [
      { hs: '7102.10', carats: '0.10', valueUsd: '0.10' },
      { hs: '7102.21', carats: '0.20', valueUsd: '0.20' },
    ];
    expect(buildCertificate(draft, ctx).totals).toEqual({ carats: '0.30', valueUsd: '0.30' });
  });

  it('refuses what validateDraft would have caught', () => {
    expect(() => buildCertificate(sampleDraft, { ...ctx, issuingAuthority: 'XX-NOPE' })).toThrow(
      expect.objectContaining({ code: 'KPX_AUTHORITY_UNKNOWN' }),
    );
    const draft = { ...clone(sampleDraft), importingParticipant: 'XX' } as CertificateDraft;
    delete draft.importingAuthority;
    expect(() => buildCertificate(draft, ctx)).toThrow(
      expect.objectContaining({ code: 'KPX_AUTHORITY_UNKNOWN' }),
    );
  });
});
