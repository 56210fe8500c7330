import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import type { Ed25519Backend } from './ed25519-backend.js';

// RFC 8410 §7 and §4: the DER prefixes of an Ed25519 PKCS #8 private key and SPKI public key,
// followed by the 32 raw bytes. Importing DER avoids base64url round trips through a JWK.
const pkcs8Prefix = Buffer.from('302e020100300506032b657004220420', 'hex');
const spkiPrefix = Buffer.from('302a300506032b6570032100', 'hex');

/** Ed25519 on node:crypto (OpenSSL): the fallback where sodium-native does not load. */
export const nodeCryptoEd25519: Ed25519Backend = Object.freeze({
  name: 'node:crypto',
  signerFor(seed: Uint8Array) {
    if (seed.length !== 32) throw new TypeError('an Ed25519 private key is 32 bytes');
    const der = Buffer.concat([pkcs8Prefix, seed]);
    const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    der.fill(0);
    const spki = createPublicKey(key).export({ format: 'der', type: 'spki' });
    return {
      publicKey: new Uint8Array(spki.subarray(spkiPrefix.length)),
      // node:crypto takes `null` as the digest for Ed25519: RFC 8032 signs the message itself.
      sign: (data: Uint8Array) => new Uint8Array(sign(null, data, key)),
    };
  },
  verifierFor(publicKey: Uint8Array) {
    if (publicKey.length !== 32) return null;
    let key;
    try {
      key = createPublicKey({
        key: Buffer.concat([spkiPrefix, publicKey]),
        format: 'der',
        type: 'spki',
      });
    } catch {
      return null;
    }
    return (data: Uint8Array, signature: Uint8Array) => {
      if (signature.length !== 64) return false;
      try {
        return verify(null, data, key, signature);
      } catch {
        return false;
      }
    };
  },
});
