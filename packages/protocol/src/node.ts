// @kpx/protocol/node: node:crypto fast paths. Everything else is in the main entry.
export {
  createNodeSigner,
  createNodeVerifier,
  jwkThumbprintNode,
  nodeVerifier,
  sha256Node,
} from './node/node-crypto.js';
