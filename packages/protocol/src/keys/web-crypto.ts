import { toArrayBufferView } from '../bytes.js';
import {
  algOfJwk,
  jwkThumbprint,
  publicJwkOf,
  type PrivateJwk,
  type PublicJwk,
  type SignatureAlg,
} from './jwk.js';
import { signatureLength, type Signer, type SignatureVerifier } from './signer.js';

function importParams(alg: SignatureAlg): EcKeyImportParams | Algorithm {
  return alg === 'EdDSA' ? { name: 'Ed25519' } : { name: 'ECDSA', namedCurve: 'P-256' };
}

function signParams(alg: SignatureAlg): EcdsaParams | Algorithm {
  // WebCrypto ECDSA already yields IEEE P1363 r||s, the JOSE form (RFC 7518 §3.4).
  return alg === 'EdDSA' ? { name: 'Ed25519' } : { name: 'ECDSA', hash: 'SHA-256' };
}

function subtle(): SubtleCrypto {
  return globalThis.crypto.subtle;
}

/**
 * A {@link Signer} on the platform's WebCrypto (browsers, Node, Deno). Async because importing
 * the key and computing its thumbprint are.
 *
 * @example
 * ```ts
 * const signer = await createWebCryptoSigner(privateJwk);
 * const jws = await signCertificate(certificate, signer, { issuedAt: '2026-03-02T09:00:00Z' });
 * ```
 */
export async function createWebCryptoSigner(privateJwk: PrivateJwk): Promise<Signer> {
  const alg = algOfJwk(privateJwk);
  const key = await subtle().importKey('jwk', { ...privateJwk }, importParams(alg), false, [
    'sign',
  ]);
  const kid = await jwkThumbprint(publicJwkOf(privateJwk));
  return Object.freeze({
    alg,
    kid,
    async sign(data: Uint8Array): Promise<Uint8Array> {
      return new Uint8Array(await subtle().sign(signParams(alg), key, toArrayBufferView(data)));
    },
  });
}

function cacheKey(jwk: PublicJwk): string {
  return jwk.kty === 'OKP' ? `OKP:${jwk.x}` : `EC:${jwk.x}:${jwk.y}`;
}

/**
 * Creates a WebCrypto {@link SignatureVerifier} that keeps up to `cacheSize` imported keys.
 *
 * @example
 * ```ts
 * const verifier = createWebCryptoVerifier();
 * await verifier.verify('EdDSA', publicJwk, data, signature); // true | false
 * ```
 */
export function createWebCryptoVerifier(cacheSize = 256): SignatureVerifier {
  const cache = new Map<string, Promise<CryptoKey | undefined>>();
  const keyFor = (alg: SignatureAlg, jwk: PublicJwk): Promise<CryptoKey | undefined> => {
    const id = `${alg}|${cacheKey(jwk)}`;
    let key = cache.get(id);
    if (key === undefined) {
      key = subtle()
        .importKey('jwk', { ...publicJwkOf(jwk) }, importParams(alg), false, ['verify'])
        .catch(() => undefined);
      if (cache.size >= cacheSize) {
        const oldest = cache.keys().next();
        if (oldest.done !== true) cache.delete(oldest.value);
      }
      cache.set(id, key);
    }
    return key;
  };
  return Object.freeze({
    async verify(
      alg: SignatureAlg,
      publicJwk: PublicJwk,
      data: Uint8Array,
      signature: Uint8Array,
    ): Promise<boolean> {
      if (algOfJwk(publicJwk) !== alg || signature.length !== signatureLength[alg]) return false;
      const key = await keyFor(alg, publicJwk);
      if (key === undefined) return false;
      try {
        return await subtle().verify(
          signParams(alg),
          key,
          toArrayBufferView(signature),
          toArrayBufferView(data),
        );
      } catch {
        return false;
      }
    },
  });
}

/** The shared WebCrypto {@link SignatureVerifier}. */
export const webCryptoVerifier: SignatureVerifier = createWebCryptoVerifier();

type NodeHashing = {
  createHash(algorithm: 'sha256'): { update(data: Uint8Array): { digest(): Uint8Array } };
};

// In Node, WebCrypto's digest is an async job on the thread pool: for the few KB hashed here
// (a signed certificate, an envelope) the hop costs ~40 µs of CPU, the hash itself ~2 µs — a
// quarter of receiving a message went there. node:crypto hashes in place; it is looked up at
// run time (Node ≥ 20.16 `process.getBuiltinModule`), not imported, so this module still loads
// in the browser, which keeps WebCrypto. Same bytes either way (FIPS 180-4).
const nodeHashing = (
  globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }
).process?.getBuiltinModule?.('node:crypto') as NodeHashing | undefined;

/** SHA-256: node:crypto in Node, WebCrypto elsewhere. */
export async function sha256(data: Uint8Array): Promise<Uint8Array> {
  if (nodeHashing !== undefined)
    return new Uint8Array(nodeHashing.createHash('sha256').update(data).digest());
  return new Uint8Array(await subtle().digest('SHA-256', toArrayBufferView(data)));
}
