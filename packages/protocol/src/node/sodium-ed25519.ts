import type { Ed25519Backend } from './ed25519-backend.js';

/**
 * The part of sodium-native (libsodium bindings) kpx uses, typed here: the package ships no
 * types, and these four calls are all we need.
 */
export interface SodiumNativeEd25519 {
  crypto_sign_seed_keypair(publicKey: Uint8Array, secretKey: Uint8Array, seed: Uint8Array): void;
  crypto_sign_detached(signature: Uint8Array, message: Uint8Array, secretKey: Uint8Array): void;
  crypto_sign_verify_detached(
    signature: Uint8Array,
    message: Uint8Array,
    publicKey: Uint8Array,
  ): boolean;
  sodium_malloc(size: number): Uint8Array;
}

/**
 * Ed25519 on libsodium. Signatures are byte-identical to node:crypto's (RFC 8032 signing is
 * deterministic); verification is stricter: libsodium refuses small-order public keys and `R`
 * and non-canonical encodings, which OpenSSL accepts (docs/decisions.md, D17).
 */
export function createSodiumEd25519(sodium: SodiumNativeEd25519): Ed25519Backend {
  for (const name of [
    'crypto_sign_seed_keypair',
    'crypto_sign_detached',
    'crypto_sign_verify_detached',
    'sodium_malloc',
  ] as const) {
    if (typeof sodium[name] !== 'function') throw new TypeError(`sodium-native has no ${name}`);
  }
  return Object.freeze({
    name: 'libsodium',
    signerFor(seed: Uint8Array) {
      if (seed.length !== 32) throw new TypeError('an Ed25519 private key is 32 bytes');
      const publicKey = new Uint8Array(32);
      // The expanded key (seed || public key) lives in libsodium's guarded memory: locked out
      // of swap where the system allows it, fenced by guard pages and wiped when freed.
      const secretKey = sodium.sodium_malloc(64);
      sodium.crypto_sign_seed_keypair(publicKey, secretKey, seed);
      return {
        publicKey,
        sign(data: Uint8Array) {
          const signature = new Uint8Array(64);
          sodium.crypto_sign_detached(signature, data, secretKey);
          return signature;
        },
      };
    },
    verifierFor(publicKey: Uint8Array) {
      if (publicKey.length !== 32) return null;
      const key = Uint8Array.from(publicKey);
      return (data: Uint8Array, signature: Uint8Array) => {
        // sodium-native throws on a short signature; a verifier answers false instead.
        if (signature.length !== 64) return false;
        try {
          return sodium.crypto_sign_verify_detached(signature, data, key);
        } catch {
          return false;
        }
      };
    },
  });
}
