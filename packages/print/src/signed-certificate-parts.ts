import type { Certificate } from '@kpx/domain';
import {
  base64urlDecode,
  base64urlEncode,
  decodeJwsPayload,
  utf8,
  utf8Decode,
} from '@kpx/protocol';
import { sha256Node } from '@kpx/protocol/node';
import {
  defaultPrintLanguages,
  parsePrintLanguages,
  type PrintLanguages,
} from './print-languages.js';

/** What a print takes from a signed certificate besides its QR payload. */
export type SignedCertificateParts = {
  /** The `credentialSubject`, as signed. */
  certificate: Certificate;
  /** The JWS header's `kid`. */
  kid: string;
  /** base64url SHA-256 of the exact JWS bytes (what the QR's digest claim names). */
  digest: string;
};

/** The `kid` of a compact JWS header, when it decodes to an object with a string `kid`. */
export function jwsHeaderKid(jws: string): string | undefined {
  const bytes = base64urlDecode(jws.split('.')[0] ?? '');
  const text = bytes === undefined ? undefined : utf8Decode(bytes);
  if (text === undefined) return undefined;
  try {
    const kid = (JSON.parse(text) as { kid?: unknown } | null)?.kid;
    return typeof kid === 'string' ? kid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads the parts of a signed certificate (`vc+jwt`) that the printed page shows: the subject,
 * the key id and the document digest. Decoding only — the signature is not verified here (the
 * node printed what it signed or verified on receipt; the CLI verifies before printing) — and
 * `undefined` when the text is not a JWS with a subject and a kid. The node's print route and
 * `kpx cert pdf` both start here, so the same document prints the same page either way.
 */
export function signedCertificateParts(signedJws: string): SignedCertificateParts | undefined {
  const payload = decodeJwsPayload(signedJws) as { credentialSubject?: unknown } | undefined;
  const subject = payload?.credentialSubject;
  const kid = jwsHeaderKid(signedJws);
  if (typeof subject !== 'object' || subject === null || kid === undefined) return undefined;
  return {
    certificate: subject as Certificate,
    kid,
    digest: base64urlEncode(sha256Node(utf8(signedJws))),
  };
}

/**
 * The languages to print a certificate in: `lang` when given (`en`, `ru`, `fr`, `en,ru`,
 * `en,fr`), else the issuer's default. `undefined` for a `lang` that is none of those, which
 * callers answer as a usage error.
 */
export function printLanguagesFor(
  certificate: Pick<Certificate, 'exportingParticipant'>,
  lang: string | undefined,
): PrintLanguages | undefined {
  if (lang === undefined || lang === '')
    return defaultPrintLanguages(certificate.exportingParticipant);
  return parsePrintLanguages(lang);
}

/** A file name for a certificate's container label: `KP-<number>-label.pdf`. */
export function containerLabelFileName(number: string): string {
  return `KP-${number.replace(/[^A-Za-z0-9.-]/g, '-')}-label.pdf`;
}
