import {
  base64urlEncode,
  canonicalBytes,
  jwkThumbprint,
  publicJwkOf,
  utf8,
  type Instant,
  type PublicJwk,
  type Signer,
} from '@kpx/protocol';
import { keyEnrolmentTyp, type KeyEnrolment } from './key-enrolment.js';

function iso(instant: Instant): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (!Number.isFinite(ms)) throw new TypeError(`not a date-time: ${String(instant)}`);
  return new Date(ms).toISOString();
}

/**
 * Signs a key enrolment request with the authority's CURRENT key (`signer`): a compact JWS with
 * header `{ alg, kid, typ: "kpx-key-enrolment+jwt" }` and payload
 * `{ authority, jwk, kid, validFrom, requestedAt }`, header and payload in RFC 8785 canonical
 * JSON like every kpx JWS. `kid` is computed from `jwk`.
 *
 * @example
 * ```ts
 * const next = await generateKeyPair();
 * const jws = await signKeyEnrolment(
 *   { authority: 'RU-MINFIN', jwk: next.publicJwk, validFrom: new Date(), requestedAt: new Date() },
 *   currentSigner,
 * );
 * await fetch(`${registry}/enrolment/v1/keys`, { method: 'POST', body: jws,
 *   headers: { 'content-type': 'application/jose' } });
 * ```
 */
export async function signKeyEnrolment(
  request: { authority: string; jwk: PublicJwk; validFrom: Instant; requestedAt: Instant },
  signer: Signer,
): Promise<string> {
  const jwk = publicJwkOf(request.jwk);
  const payload: KeyEnrolment = {
    authority: request.authority,
    jwk,
    kid: await jwkThumbprint(jwk),
    validFrom: iso(request.validFrom),
    requestedAt: iso(request.requestedAt),
  };
  const header = base64urlEncode(
    canonicalBytes({ typ: keyEnrolmentTyp, alg: signer.alg, kid: signer.kid }),
  );
  const body = base64urlEncode(canonicalBytes(payload));
  const signingInput = `${header}.${body}`;
  const signature = await signer.sign(utf8(signingInput));
  return `${signingInput}.${base64urlEncode(signature)}`;
}
