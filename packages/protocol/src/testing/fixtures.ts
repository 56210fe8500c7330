// TEST ONLY. Fixed keys, times and documents for the tests and the published test vectors
// (spec/vectors). These private keys are public: never trust them for anything real.
import type { Certificate } from '@kpx/domain';
import type { PrivateJwk } from '../keys/jwk.js';

/** TEST ONLY private keys, by role. */
export const testPrivateKeys = {
  /** RU-MINFIN's current Ed25519 key. */
  ruMinfinEd25519: {
    kty: 'OKP',
    crv: 'Ed25519',
    x: '8WQBa8wi7r3JASe1_uZUGQi06iVUTVqwaXFH3w7vQpU',
    d: 'G9-hepRzpcBcBYVjan2jpkLTxDF-n23M_uGmP5JY_jI',
  },
  /** RU-MINFIN's ES256 key. */
  ruMinfinEs256: {
    kty: 'EC',
    crv: 'P-256',
    x: '1NCNc1F6Y6fOgMzCoFM6J6CfhbLnYY8Fw4PLwgi0zhY',
    y: 'm6n_NuosbUsUGRTilbxjF_QKZJNx6y9HpJaypBp02Jw',
    d: 'vR3qtzItsUu4h0ub39n_k74xkYKmkbg7R-pJFY5IuUo',
  },
  /** RU-MINFIN's previous key, valid until 2026-01-31. */
  ruMinfinExpired: {
    kty: 'OKP',
    crv: 'Ed25519',
    x: 'i8BDEgNHBf34NsJE_DEevF_KzDthYB8xwuMoIF_7Zr4',
    d: 'yU0FrU7ctWnnueXAv1_j53tlfP-hsRDUIhUMi4o-jtA',
  },
  /** A RU-MINFIN key revoked for compromise on 2026-02-15. */
  ruMinfinRevoked: {
    kty: 'OKP',
    crv: 'Ed25519',
    x: 'CNWx1hcX-uTGpjs2OQecHw3permneXdHJXxErS9WURQ',
    d: 'UF_NzQFvzvZCJkozgy4dylrKDFbOzqKfM2TtAGoT-74',
  },
  /** EU-BE-ANTWERP's Ed25519 key. */
  euAntwerpEd25519: {
    kty: 'OKP',
    crv: 'Ed25519',
    x: 'yRxdatLg9JVRdxLX0cEfmFkLwn40pOBvWCocW_3oJl0',
    d: 'uhz4PNPrIIwrbDLLTLrno6Rf4EUX8MNWVoNU7iTo9is',
  },
  /** The registry's offline root key. */
  registryRoot: {
    kty: 'OKP',
    crv: 'Ed25519',
    x: 'PMBFHRZqWVNJgTJUO5O0rQW6JqR1S3wWk-1SMKUmOwk',
    d: 'b1ci7IVhRtDEw3DocQew962F2nAhJfvI8_H1Hkkl7Hs',
  },
  /** The registry's online list key, endorsed by the root. */
  registryList: {
    kty: 'OKP',
    crv: 'Ed25519',
    x: 'UHZGRrEQlFCE6ubIYBSu34awyE2aGfAPjGrdgaKpOAQ',
    d: '84tXbCSvyo3tsa0eoqQ2mnr0yPYewkUwUDupLTduvb0',
  },
} as const satisfies Record<string, PrivateJwk>;

/** Fixed instants used by the tests and vectors. */
export const testTimes = {
  keysValidFrom: '2026-01-01T00:00:00Z',
  expiredKeyValidFrom: '2025-01-01T00:00:00Z',
  expiredKeyValidTo: '2026-01-31T23:59:59Z',
  revokedAt: '2026-02-15T00:00:00Z',
  issuedAt: '2026-03-02T09:00:00Z',
  envelopeCreatedAt: '2026-03-02T09:00:05.000Z',
  receivedAt: '2026-03-02T09:00:06.250Z',
  verifyAt: '2026-03-02T12:00:00Z',
  trustListIssuedAt: '2026-03-01T00:00:00Z',
  trustListNextUpdate: '2026-03-08T00:00:00Z',
} as const;

/** A three-line certificate from Russia to the EU. */
export const testCertificate: Certificate = {
  number: 'RU-2026-000123',
  issuingAuthority: 'RU-MINFIN',
  exportingParticipant: 'RU',
  importingParticipant: 'EU',
  importingAuthority: 'EU-BE-ANTWERP',
  exporter: {
    name: 'Акционерное общество «Алмазы Анабара» — экспортный отдел, г. Якутск',
    address: 'ул. Ленина 6, Якутск, Республика Саха (Якутия), 677000, Российская Федерация',
    licence: 'RU-EXP-2026-0042',
  },
  importer: {
    name: 'Общество с ограниченной ответственностью «Антверпенская алмазная торговая компания»',
    address: 'Hoveniersstraat 2, 2018 Antwerpen, België',
  },
  origin: 'RU',
  items: [
    { hs: '7102.10', carats: '310.00', valueUsd: '98000.00' },
    { hs: '7102.21', carats: '845.50', valueUsd: '127000.00' },
    { hs: '7102.31', carats: '1520.35', valueUsd: '2450000.00' },
  ],
  totals: { carats: '2675.85', valueUsd: '2675000.00' },
  parcels: 4,
  issuedOn: '2026-03-02',
  expiresOn: '2026-05-31',
  transit: ['AE'],
  seals: ['RU-S-000123', 'RU-S-000124'],
};
