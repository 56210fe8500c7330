import { join } from 'node:path';

/** Where a registry keeps its files, all inside one directory. */
export type RegistryPaths = {
  dir: string;
  /** SQLite database: state, endorsements and every published version. */
  database: string;
  /** The root private key, passphrase-encrypted. Move it offline after `init`. */
  rootKey: string;
  /** The root PUBLIC key (JWK with `kid`): what nodes pin. */
  rootPublicKey: string;
  /** The online list key (private JWK, mode 0600) that signs each version. */
  listKey: string;
};

/** The file layout of a registry directory. */
export function registryPaths(dir: string): RegistryPaths {
  return Object.freeze({
    dir,
    database: join(dir, 'registry.sqlite'),
    rootKey: join(dir, 'root-key.enc.json'),
    rootPublicKey: join(dir, 'root-key.pub.json'),
    listKey: join(dir, 'list-key.json'),
  });
}
