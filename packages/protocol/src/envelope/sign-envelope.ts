import { base64urlEncode, utf8 } from '../bytes.js';
import { signCompactJws } from '../jws/compact-jws.js';
import type { Signer } from '../keys/signer.js';
import { sha256 } from '../keys/web-crypto.js';
import { envelopeSchema, envelopeTyp, type Envelope } from './envelope.js';

/**
 * Signs an envelope as a `kpx-message+jwt` compact JWS. Sign once, when the message is queued,
 * and resend the same string on every retry: the receipt's digest is over these exact bytes.
 * Throws a `TypeError` if the envelope is malformed (a caller bug, not partner input).
 *
 * @example
 * ```ts
 * const jws = await signEnvelope({ id: uuidv7(now, random10), type: 'certificate.issued',
 *   from: 'RU-MINFIN', to: 'EU-BE-ANTWERP', createdAt: '2026-03-02T09:00:00.000Z',
 *   body: { certificate: signedCertificate } }, signer);
 * ```
 */
export async function signEnvelope(envelope: Envelope, signer: Signer): Promise<string> {
  const checked = envelopeSchema.safeParse(envelope);
  if (!checked.success)
    throw new TypeError(`invalid envelope: ${checked.error.issues[0]?.message ?? ''}`);
  return signCompactJws({ typ: envelopeTyp }, envelope, signer);
}

/**
 * The digest a receipt names: base64url(SHA-256(UTF-8 bytes of the compact JWS exactly as
 * received)). Never re-serialise an envelope before hashing it.
 *
 * @example
 * ```ts
 * await envelopeDigest(jws); // 43 base64url characters, e.g. 'n4bQgYhMfWWa…'
 * ```
 */
export async function envelopeDigest(jws: string): Promise<string> {
  return base64urlEncode(await sha256(utf8(jws)));
}
