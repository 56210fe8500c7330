// TEST ONLY: a small trust list over the fixtures' keys.
import { defaultImportingAuthorities, participants, seedAuthorities } from '@kpx/domain';
import { jwkThumbprint, publicJwkOf } from '../keys/jwk.js';
import type { TrustList } from '../trust-list/trust-list.js';
import { testPrivateKeys, testTimes } from './fixtures.js';
import { testTrustedKeys } from './keys.js';

/** The Participants of the test trust list. */
export const testParticipants = ['AE', 'BY', 'EU', 'IN', 'RU'] as const;

const endpoints: Readonly<Record<string, string>> = {
  'RU-MINFIN': 'https://kpx.minfin.example.ru',
  'EU-BE-ANTWERP': 'https://kpx.antwerp.example.be',
};

/** Validity of the registry's list key. */
export const testListKeyValidity = {
  validFrom: '2026-01-01T00:00:00.000Z',
  validTo: '2027-01-01T00:00:00.000Z',
} as const;

/** A trust list of five Participants, their seed authorities and the fixtures' keys. */
export async function testTrustList(version = 7): Promise<TrustList> {
  const codes = new Set<string>(testParticipants);
  const listJwk = publicJwkOf(testPrivateKeys.registryList);
  return {
    version,
    issuedAt: testTimes.trustListIssuedAt,
    nextUpdate: testTimes.trustListNextUpdate,
    participants: participants
      .filter((p) => codes.has(p.code))
      .map((p) => ({ code: p.code, names: { ...p.names }, status: 'active' as const })),
    authorities: seedAuthorities
      .filter((a) => codes.has(a.participant))
      .map((a) => {
        const endpoint = endpoints[a.id];
        return {
          id: a.id,
          participant: a.participant,
          names: { ...a.names },
          mayIssue: a.mayIssue,
          mayImport: a.mayImport,
          defaultImporting: defaultImportingAuthorities[a.participant] === a.id,
          ...(endpoint === undefined ? {} : { endpoint }),
          numberPattern: a.numberPattern,
          validity: { ...a.validity },
        };
      }),
    keys: (await testTrustedKeys()).map(({ participant: _participant, ...key }) => key),
    listKeys: [
      { kid: await jwkThumbprint(listJwk), alg: 'EdDSA', jwk: listJwk, ...testListKeyValidity },
    ],
  };
}
