import type { CertificateDraft } from './certificate-draft-schema.js';

/**
 * A realistic sample draft for docs, demos and the CLI: RU-MINFIN exporting to the EU through
 * Antwerp (the Russia ↔ Belgium exchange of the 2021 memorandum). Figures follow the published
 * KP statistics: Russian rough averaged about US$72/ct in 2020; here gem quality at US$128/ct
 * and industrial at US$11.50/ct, about US$77.57/ct overall. The companies are fictional.
 * No `expiresOn`: it defaults to the issuer's validity, so the draft is valid on any day.
 * Deeply frozen: copy it (`structuredClone(sampleDraft)`) to change it.
 */
export const sampleDraft: CertificateDraft = deepFreeze({
  importingParticipant: 'EU',
  importingAuthority: 'EU-BE-ANTWERP',
  exporter: {
    name: 'Lena Rough Diamonds JSC',
    address: '12 Lenina Avenue, Yakutsk 677000, Republic of Sakha (Yakutia), Russian Federation',
    licence: 'RU-EXP-2026-0042',
  },
  importer: {
    name: 'Schupstraat Rough Trading BV',
    address: 'Schupstraat 9, 2018 Antwerpen, Belgium',
    licence: 'BE-DO-104233',
  },
  origin: 'RU',
  items: [
    { hs: '7102.31', carats: '2450.35', valueUsd: '313644.80' },
    { hs: '7102.21', carats: '1870.10', valueUsd: '21506.15' },
  ],
  parcels: 4,
  seals: ['RU-S-000123', 'RU-S-000124'],
});

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
