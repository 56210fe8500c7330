import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { KpxError } from '@kpx/domain';
import { publicJwkOf, type PrivateJwk } from '@kpx/protocol';
import { jwkThumbprintNode, type ScryptCost } from '@kpx/protocol/node';
import { readSealedKeyFile, writeSealedKeyFile } from '../keystore/sealed-key-file.js';

/**
 * Where a node keeps the signing keys it makes for itself (a rotation's next key), so they
 * survive a restart. The private key never touches the disk in clear.
 */
export interface KeyStore {
  /** Keeps a new private key; refuses to replace one already kept. */
  save(input: { privateJwk: PrivateJwk; authority: string; createdAt: string }): Promise<{
    kid: string;
    location: string;
  }>;
  /** The private key of `kid`, or `undefined` when this store does not hold it. */
  open(kid: string): Promise<PrivateJwk | undefined>;
}

/** The file name of a rotation key in a node directory's `keys/`. */
export function rotationKeyFileName(kid: string): string {
  return `signing-key.${kid}.sealed.json`;
}

const kidPattern = /^[A-Za-z0-9_-]{43}$/;

/**
 * Sealed key files (`sealSecret`: scrypt + AES-256-GCM, mode 0600) in `dir`, one per key,
 * named `signing-key.<kid>.sealed.json`, under the node's passphrase (the one `kpx node start`
 * reads): `kpx node start` finds them again after a restart.
 */
export function createSealedKeyStore(options: {
  dir: string;
  passphrase: string;
  cost?: ScryptCost;
}): KeyStore {
  const pathOf = (kid: string): string => join(options.dir, rotationKeyFileName(kid));
  return Object.freeze({
    async save(input: { privateJwk: PrivateJwk; authority: string; createdAt: string }) {
      const kid = jwkThumbprintNode(publicJwkOf(input.privateJwk));
      const location = pathOf(kid);
      await writeSealedKeyFile(location, {
        privateJwk: input.privateJwk,
        authority: input.authority,
        passphrase: options.passphrase,
        createdAt: input.createdAt,
        ...(options.cost === undefined ? {} : { cost: options.cost }),
      });
      return { kid, location };
    },
    async open(kid: string) {
      if (!kidPattern.test(kid)) return undefined;
      const path = pathOf(kid);
      try {
        await access(path);
      } catch {
        return undefined;
      }
      return (await readSealedKeyFile(path, options.passphrase)).privateJwk;
    },
  });
}

/** Keys in memory only (tests, simulations): gone with the process. */
export function createMemoryKeyStore(): KeyStore {
  const keys = new Map<string, PrivateJwk>();
  return Object.freeze({
    save(input: { privateJwk: PrivateJwk }) {
      const kid = jwkThumbprintNode(publicJwkOf(input.privateJwk));
      if (keys.has(kid))
        return Promise.reject(new KpxError('KPX_CONFLICT', { detail: `key ${kid} already kept` }));
      keys.set(kid, input.privateJwk);
      return Promise.resolve({ kid, location: `memory:${kid}` });
    },
    open: (kid: string) => Promise.resolve(keys.get(kid)),
  });
}
