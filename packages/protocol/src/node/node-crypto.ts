import {
  createHash,
  createPrivateKey,
  createPublicKey,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { base64urlDecode, base64urlEncode, utf8 } from '../bytes.js';
import {
  algOfJwk,
  publicJwkOf,
  type PrivateJwk,
  type PublicJwk,
  type SignatureAlg,
} from '../keys/jwk.js';
import { signatureLength, type Signer, type SignatureVerifier } from '../keys/signer.js';
import { ed25519, type Ed25519Backend } from './ed25519-backend.js';

// A key prepared once, bound to the call that uses it.
type SignBytes = (data: Uint8Array) => Uint8Array;
type CheckSignature = (data: Uint8Array, signature: Uint8Array) => boolean;

/** Options of the node signer and verifier: which Ed25519 implementation (tests pin one). */
export type NodeCryptoOptions = {
  /** Defaults to the process's choice, {@link ed25519Backend} (libsodium when it loads). */
  ed25519?: Ed25519Backend;
};

/**
 * SHA-256 with node:crypto (synchronous).
 *
 * @example
 * ```ts
 * sha256Node(new TextEncoder().encode('abc')).length; // 32
 * ```
 */
export function sha256Node(data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(data).digest());
}

/**
 * RFC 7638 thumbprint computed synchronously with node:crypto: the members required for the
 * key type (RFC 7638 §3.2), in lexicographic order, no whitespace, SHA-256, base64url.
 */
export function jwkThumbprintNode(jwk: PublicJwk | PrivateJwk): string {
  const json =
    jwk.kty === 'OKP'
      ? `{"crv":"${jwk.crv}","kty":"OKP","x":"${jwk.x}"}`
      : `{"crv":"${jwk.crv}","kty":"EC","x":"${jwk.x}","y":"${jwk.y}"}`;
  return base64urlEncode(sha256Node(utf8(json)));
}

/**
 * A {@link Signer} on native code: Ed25519 through libsodium (node:crypto where it does not
 * load, see {@link ed25519Backend}), ES256 through node:crypto. The compact JWS it makes is
 * byte-identical to jose's. Synchronous: the key is prepared here, once; throws a `TypeError`
 * when the private key is malformed or its `x` is not the public key of its `d`.
 *
 * @example
 * ```ts
 * import { createNodeSigner } from '@kpx/protocol/node';
 * const signer = createNodeSigner(privateJwk);
 * const jws = await signEnvelope(envelope, signer);
 * ```
 */
export function createNodeSigner(privateJwk: PrivateJwk, options: NodeCryptoOptions = {}): Signer {
  const alg = algOfJwk(privateJwk);
  const signBytes =
    privateJwk.kty === 'OKP'
      ? ed25519SignerFor(privateJwk, options.ed25519 ?? ed25519())
      : es256SignerFor(privateJwk);
  const kid = jwkThumbprintNode(publicJwkOf(privateJwk));
  return Object.freeze({
    alg,
    kid,
    sign(data: Uint8Array): Promise<Uint8Array> {
      try {
        return Promise.resolve(signBytes(data));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
  });
}

function ed25519SignerFor(
  privateJwk: Extract<PrivateJwk, { kty: 'OKP' }>,
  backend: Ed25519Backend,
): SignBytes {
  const seed = base64urlDecode(privateJwk.d);
  if (seed === undefined || seed.length !== 32)
    throw new TypeError('the Ed25519 private JWK\'s "d" is not 32 bytes of base64url');
  try {
    const { publicKey, sign: signWithKey } = backend.signerFor(seed);
    // Both libraries sign with the key derived from `d` and ignore `x`: a JWK whose `x` (and
    // so `kid`) names another key would sign tokens that nobody can verify.
    if (base64urlEncode(publicKey) !== privateJwk.x)
      throw new TypeError('the Ed25519 private JWK\'s "x" is not the public key of its "d"');
    return signWithKey;
  } finally {
    seed.fill(0);
  }
}

function es256SignerFor(privateJwk: Extract<PrivateJwk, { kty: 'EC' }>): SignBytes {
  const key = createPrivateKey({ key: { ...privateJwk }, format: 'jwk' });
  // JOSE ES256 signatures are r||s (RFC 7518 §3.4): 'ieee-p1363', not DER.
  return (data) => new Uint8Array(sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' }));
}

/**
 * Creates a {@link SignatureVerifier} on native code (Ed25519 through libsodium where it loads,
 * ES256 through node:crypto) that keeps up to `cacheSize` prepared keys.
 *
 * @example
 * ```ts
 * const verifier = createNodeVerifier();
 * await verifier.verify('ES256', publicJwk, data, signature);
 * ```
 */
export function createNodeVerifier(
  cacheSize = 1024,
  options: NodeCryptoOptions = {},
): SignatureVerifier {
  // One cache for both key types: each entry is the key, decoded and imported once, bound to
  // the check that uses it; `null` remembers a key that cannot be used.
  const cache = new Map<string, CheckSignature | null>();
  const checkFor = (jwk: PublicJwk): CheckSignature | null => {
    const id = jwk.kty === 'OKP' ? `OKP:${jwk.x}` : `EC:${jwk.x}:${jwk.y}`;
    let check = cache.get(id);
    if (check === undefined) {
      check = jwk.kty === 'OKP' ? ed25519CheckFor(jwk.x, options) : es256CheckFor(jwk);
      if (cache.size >= cacheSize) {
        const oldest = cache.keys().next();
        if (oldest.done !== true) cache.delete(oldest.value);
      }
      cache.set(id, check);
    }
    return check;
  };
  return Object.freeze({
    verify(
      alg: SignatureAlg,
      publicJwk: PublicJwk,
      data: Uint8Array,
      signature: Uint8Array,
    ): Promise<boolean> {
      if (algOfJwk(publicJwk) !== alg || signature.length !== signatureLength[alg])
        return Promise.resolve(false);
      const check = checkFor(publicJwk);
      if (check === null) return Promise.resolve(false);
      try {
        return Promise.resolve(check(data, signature));
      } catch {
        return Promise.resolve(false);
      }
    },
  });
}

function ed25519CheckFor(x: string, options: NodeCryptoOptions): CheckSignature | null {
  const publicKey = base64urlDecode(x);
  if (publicKey === undefined) return null;
  return (options.ed25519 ?? ed25519()).verifierFor(publicKey);
}

function es256CheckFor(jwk: PublicJwk): CheckSignature | null {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: { ...publicJwkOf(jwk) }, format: 'jwk' });
  } catch {
    return null;
  }
  return (data, signature) => verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature);
}

/** The shared native {@link SignatureVerifier} (libsodium or node:crypto for Ed25519). */
export const nodeVerifier: SignatureVerifier = createNodeVerifier();
