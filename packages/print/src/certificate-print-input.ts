import type { Certificate, Directory } from '@kpx/domain';
import {
  base64urlEncode,
  canonicalize,
  decodeJwsPayload,
  decodeQrPayload,
  utf8,
} from '@kpx/protocol';
import { sha256Node } from '@kpx/protocol/node';
import type { PrintLanguages } from './print-languages.js';
import { jwsHeaderKid } from './signed-certificate-parts.js';

/** What {@link renderCertificatePdf} prints. */
export type CertificatePrintInput = {
  /** The certificate: the `credentialSubject` of `signedJws`. */
  certificate: Certificate;
  /** The signed certificate (compact JWS, `vc+jwt`). */
  signedJws: string;
  /** The QR payload (`KP1:…`, from `encodeQrPayload`) printed as the QR code. */
  qrText: string;
  /** The signing key's id (the JWS header `kid`), printed in full. */
  kid: string;
  /** base64url SHA-256 of the exact `signedJws` bytes, printed in full. */
  digest: string;
  /** English, optionally with Russian or French beside it. */
  languages: PrintLanguages;
  /** The issuing authority's name as it wants it printed; by default its names in `directory`. */
  authorityName?: string;
  /** Where Participant and authority names come from; by default the seed `defaultDirectory`. */
  directory?: Directory;
};

/**
 * Checks that the parts of `input` belong together, so a page never shows one certificate with
 * another's proof: `digest` is the SHA-256 of `signedJws`; `kid` is its header's; the JWS
 * carries exactly `certificate` (RFC 8785 comparison); the QR payload decodes and names the same
 * number, digest and key. The QR's signature is not verified here (that is the reader's job).
 *
 * @throws TypeError naming the first mismatch: a caller bug, never a user's input error.
 */
export function checkPrintInput(input: CertificatePrintInput): void {
  const { certificate, signedJws, qrText, kid, digest } = input;
  if (base64urlEncode(sha256Node(utf8(signedJws))) !== digest) {
    throw new TypeError('digest is not the SHA-256 of signedJws');
  }
  if (jwsHeaderKid(signedJws) !== kid) throw new TypeError('kid is not the kid of signedJws');
  const payload = decodeJwsPayload(signedJws) as { credentialSubject?: unknown } | undefined;
  if (
    payload?.credentialSubject === undefined ||
    canonicalize(payload.credentialSubject) !== canonicalize(certificate)
  ) {
    throw new TypeError('signedJws does not carry this certificate');
  }
  const decoded = decodeQrPayload(qrText);
  if (!decoded.ok) {
    throw new TypeError(`qrText is not a KP1 payload: ${decoded.problems[0]?.message ?? ''}`);
  }
  const { claims } = decoded.value;
  if (claims.number !== certificate.number) {
    throw new TypeError('qrText names another certificate number');
  }
  if (claims.documentDigest !== digest) throw new TypeError('qrText names another document');
  if (decoded.value.kid !== kid) throw new TypeError('qrText is signed with another key');
}
