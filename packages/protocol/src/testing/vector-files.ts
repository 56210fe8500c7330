// TEST ONLY: typed access to the vector files, shared by the replay and openssl tests.
import type { PrivateJwk, PublicJwk } from '../keys/jwk.js';
import type { TrustedKey } from '../keys/trusted-key.js';
import type { VectorFile } from './vectors.js';

/** The shape of spec/vectors/keys.json. */
export type KeysFile = {
  warning: string;
  authorityKeys: { name: string; privateJwk: PrivateJwk; trusted: TrustedKey }[];
  registry: {
    root: { name: string; privateJwk: PrivateJwk; publicJwk: PublicJwk; kid: string };
    listKey: {
      name: string;
      privateJwk: PrivateJwk;
      publicJwk: PublicJwk;
      kid: string;
      validFrom: string;
      validTo: string;
    };
  };
};

/** The vector files that hold cases, and the format of their inputs. */
export const caseFiles = {
  'certificates.json': 'jws',
  'envelopes.json': 'jws',
  'receipts.json': 'jws',
  'trust-lists.json': 'jws',
  'qr.json': 'cose',
} as const satisfies Record<string, 'jws' | 'cose'>;

export type CaseFileName = keyof typeof caseFiles;
export type { VectorFile };
