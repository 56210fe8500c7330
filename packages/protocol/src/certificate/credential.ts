import type { Certificate } from '@kpx/domain';
import { z } from 'zod';

/** The W3C VC 2.0 base context (VC Data Model 2.0 §4.3). */
export const vcContextV2 = 'https://www.w3.org/ns/credentials/v2';
/** The kpx context: the vocabulary of `KimberleyProcessCertificate` (spec/README.md). */
export const kpxContextV1 = 'https://w3id.org/kpx/v1';
/** `@context` of every kpx certificate credential, in this order. */
export const credentialContext = [vcContextV2, kpxContextV1] as const;
/** `type` of every kpx certificate credential. */
export const credentialType = ['VerifiableCredential', 'KimberleyProcessCertificate'] as const;
/** JWS `typ` of a signed certificate (VC-JOSE-COSE §3.1.1). */
export const certificateTyp = 'vc+jwt';

/** The VC 2.0 credential a signed certificate carries as its JWS payload. */
export type CertificateCredential = {
  '@context': typeof credentialContext;
  type: typeof credentialType;
  id: string;
  issuer: string;
  validFrom: string;
  validUntil: string;
  /** NumericDate of signing (RFC 7519 §4.1.6): the signer's claim, used for key validity. */
  iat: number;
  credentialSubject: Certificate;
};

const certificateUrnPrefix = 'urn:kpx:cert:';
const authorityUrnPrefix = 'urn:kpx:authority:';
const validFromSuffix = 'T00:00:00Z';
const validUntilSuffix = 'T23:59:59Z';

/** `urn:kpx:cert:<number>`: the credential id of a certificate. */
export function certificateUrn(number: string): string {
  return certificateUrnPrefix + number;
}

/** `urn:kpx:authority:<id>`: the issuer of a credential. */
export function authorityUrn(authorityId: string): string {
  return authorityUrnPrefix + authorityId;
}

/** Builds the credential for a certificate signed at `iat` (seconds). */
export function toCredential(certificate: Certificate, iat: number): CertificateCredential {
  return {
    '@context': credentialContext,
    type: credentialType,
    id: certificateUrn(certificate.number),
    issuer: authorityUrn(certificate.issuingAuthority),
    validFrom: certificate.issuedOn + validFromSuffix,
    validUntil: certificate.expiresOn + validUntilSuffix,
    iat,
    credentialSubject: certificate,
  };
}

/** @internal The VC shape `checkCredentialShape` requires (exported for its tests). */
export const envelopeSchema = z.strictObject({
  '@context': z.tuple([z.literal(vcContextV2), z.literal(kpxContextV1)]),
  type: z.tuple([z.literal('VerifiableCredential'), z.literal('KimberleyProcessCertificate')]),
  id: z.string(),
  issuer: z.string(),
  validFrom: z.string(),
  validUntil: z.string(),
  iat: z.int().nonnegative(),
  credentialSubject: z.looseObject({
    number: z.string(),
    issuingAuthority: z.string(),
    issuedOn: z.string(),
    expiresOn: z.string(),
  }),
});

const envelopeMembers = new Set(Object.keys(envelopeSchema.shape));

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * @internal What {@link envelopeSchema} accepts, checked by hand for the common case: true only
 * when the schema would accept too, false otherwise — then the schema decides and explains. It
 * saves the verify path a schema pass and a copy of the payload.
 */
export function plainlyEnvelope(payload: unknown): payload is z.output<typeof envelopeSchema> {
  if (!isRecord(payload)) return false;
  const keys = Object.keys(payload);
  if (keys.length !== envelopeMembers.size || !keys.every((k) => envelopeMembers.has(k)))
    return false;
  const { '@context': context, type, iat, credentialSubject: subject } = payload;
  return (
    Array.isArray(context) &&
    context.length === 2 &&
    context[0] === vcContextV2 &&
    context[1] === kpxContextV1 &&
    Array.isArray(type) &&
    type.length === 2 &&
    type[0] === credentialType[0] &&
    type[1] === credentialType[1] &&
    typeof payload['id'] === 'string' &&
    typeof payload['issuer'] === 'string' &&
    typeof payload['validFrom'] === 'string' &&
    typeof payload['validUntil'] === 'string' &&
    typeof iat === 'number' &&
    Number.isSafeInteger(iat) &&
    iat >= 0 &&
    isRecord(subject) &&
    typeof subject['number'] === 'string' &&
    typeof subject['issuingAuthority'] === 'string' &&
    typeof subject['issuedOn'] === 'string' &&
    typeof subject['expiresOn'] === 'string'
  );
}

/**
 * Checks the VC shape of a payload (everything but the certificate's own rules, which domain's
 * `validateCertificate` checks): contexts and types exactly ours, `id`, `issuer`, `validFrom`,
 * `validUntil` consistent with the certificate, `iat` present. Returns a message on failure.
 */
export function checkCredentialShape(
  payload: unknown,
): { ok: true; subject: unknown } | { ok: false; message: string } {
  let c: z.output<typeof envelopeSchema>;
  if (plainlyEnvelope(payload)) c = payload;
  else {
    const parsed = envelopeSchema.safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue === undefined ? '' : `/${issue.path.map(String).join('/')}`;
      return {
        ok: false,
        message: `not a kpx certificate credential at ${where}: ${issue?.message ?? 'invalid'}`,
      };
    }
    c = parsed.data;
  }
  const s = c.credentialSubject;
  // Compared piece by piece: the implied text is built only to explain a mismatch.
  if (!isJoined(c.id, certificateUrnPrefix, s.number, ''))
    return impliedMismatch('id', c.id, certificateUrn(s.number));
  if (!isJoined(c.issuer, authorityUrnPrefix, s.issuingAuthority, ''))
    return impliedMismatch('issuer', c.issuer, authorityUrn(s.issuingAuthority));
  if (!isJoined(c.validFrom, '', s.issuedOn, validFromSuffix))
    return impliedMismatch('validFrom', c.validFrom, s.issuedOn + validFromSuffix);
  if (!isJoined(c.validUntil, '', s.expiresOn, validUntilSuffix))
    return impliedMismatch('validUntil', c.validUntil, s.expiresOn + validUntilSuffix);
  return { ok: true, subject: c.credentialSubject };
}

/** Whether `text` is exactly `prefix + middle + suffix`. */
function isJoined(text: string, prefix: string, middle: string, suffix: string): boolean {
  return (
    text.length === prefix.length + middle.length + suffix.length &&
    text.startsWith(prefix) &&
    text.startsWith(middle, prefix.length) &&
    text.endsWith(suffix)
  );
}

function impliedMismatch(
  name: string,
  actual: string,
  want: string,
): { ok: false; message: string } {
  return { ok: false, message: `${name} is ${actual}, the certificate implies ${want}` };
}
