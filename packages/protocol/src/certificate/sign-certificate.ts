import type { Certificate } from '@kpx/domain';
import { signCompactJws } from '../jws/compact-jws.js';
import type { Signer } from '../keys/signer.js';
import { instantMs, type Instant } from '../verification/time.js';
import { certificateTyp, toCredential } from './credential.js';

/** Options of {@link signCertificate}. */
export type SignCertificateOptions = {
  /** When the authority signs; becomes the credential's `iat` (whole seconds). */
  issuedAt: Instant;
};

/**
 * Signs a certificate as a `vc+jwt`: a compact JWS with header `{ alg, kid, typ: "vc+jwt" }` and,
 * as payload, the RFC 8785 serialisation of a W3C VC 2.0 credential whose `credentialSubject`
 * is the certificate. The certificate is assumed valid (domain's `buildCertificate` output).
 *
 * @example
 * ```ts
 * const signer = await createWebCryptoSigner(privateJwk);
 * const jws = await signCertificate(certificate, signer, { issuedAt: '2026-03-02T09:00:00Z' });
 * // 'eyJhbGciOiJFZERTQSIsImtpZCI6Ii4uLiIsInR5cCI6InZjK2p3dCJ9.eyJAY29udGV4dCI6...'
 * ```
 */
export async function signCertificate(
  certificate: Certificate,
  signer: Signer,
  options: SignCertificateOptions,
): Promise<string> {
  const iat = Math.floor(instantMs(options.issuedAt) / 1000);
  return signCompactJws({ typ: certificateTyp }, toCredential(certificate, iat), signer);
}
