import type { PublicJwk, SignatureAlg } from './jwk.js';

/**
 * The signing port: everything that produces a kpx signature goes through it, so a hardware
 * module or a national algorithm can be plugged in without touching the wire formats.
 * `sign` returns the JOSE encoding of the signature: 64 bytes for Ed25519 (RFC 8032 §5.1.6),
 * and raw `r || s`, 32 bytes each, for ES256 (RFC 7518 §3.4) — never DER.
 */
export interface Signer {
  readonly alg: SignatureAlg;
  /** RFC 7638 thumbprint of the public key. */
  readonly kid: string;
  sign(data: Uint8Array): Promise<Uint8Array>;
}

/**
 * The verification port. Returns `false` (never throws) for a wrong signature, a signature of
 * the wrong length, or a key that cannot be imported.
 */
export interface SignatureVerifier {
  verify(
    alg: SignatureAlg,
    publicJwk: PublicJwk,
    data: Uint8Array,
    signature: Uint8Array,
  ): Promise<boolean>;
}

/** Signature length in bytes for each algorithm (RFC 8032 §5.1.6, RFC 7518 §3.4). */
export const signatureLength: Readonly<Record<SignatureAlg, number>> = { EdDSA: 64, ES256: 64 };

/**
 * Calls a verifier so that an adapter which throws (synchronously or not) counts as a failed
 * verification instead of escaping from a verifier that promises never to throw.
 */
export async function verifySafely(
  verifier: SignatureVerifier,
  alg: SignatureAlg,
  publicJwk: PublicJwk,
  data: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  try {
    return (await verifier.verify(alg, publicJwk, data, signature)) === true;
  } catch {
    return false;
  }
}
