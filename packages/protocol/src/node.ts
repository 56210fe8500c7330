// @kpx/protocol/node: node:crypto fast paths. Everything else is in the main entry.
export {
  createNodeSigner,
  createNodeVerifier,
  jwkThumbprintNode,
  nodeVerifier,
  sha256Node,
} from './node/node-crypto.js';
export type { NodeCryptoOptions } from './node/node-crypto.js';
export { ed25519Backend } from './node/ed25519-backend.js';
export type { Ed25519BackendName } from './node/ed25519-backend.js';
export { defaultScryptCost, openSecret, sealSecret } from './node/sealed-secret.js';
export type { ScryptCost, SealedSecret } from './node/sealed-secret.js';
