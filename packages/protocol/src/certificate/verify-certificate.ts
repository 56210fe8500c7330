import { validateCertificate, type Certificate, type Directory } from '@kpx/domain';
import { isCanonicalJsonText } from '../jws/compact-jws.js';
import { runJwsChecks, stringMember } from '../jws/verify-jws.js';
import type { SignatureVerifier } from '../keys/signer.js';
import type { KeyResolver } from '../keys/trusted-key.js';
import { CheckList, type VerifyOutcome } from '../verification/check.js';
import { dayOf, instantMs, type Instant } from '../verification/time.js';
import { certificateTyp, checkCredentialShape } from './credential.js';

/** Options of {@link verifyCertificate}. */
export type VerifyCertificateOptions = {
  keys: KeyResolver;
  verifier: SignatureVerifier;
  directory: Directory;
  /** The verifier's clock; its UTC day is the `today` of the certificate rules (expiry). */
  now: Instant;
  /**
   * Independent evidence that the document existed at this time (a partner's receipt, a
   * registry timestamp). Only this can keep a signature by a since-revoked key valid.
   */
  evidenceBefore?: string;
};

/** The checks of {@link verifyCertificate}, in order. */
export const certificateCheckNames = [
  'format',
  'header',
  'key-known',
  'key-authority',
  'key-valid-at-signing',
  'key-not-revoked',
  'signature',
  'payload',
  'schema',
] as const;

/** The checks after `signature`, which read the verified payload. */
const payloadCheckNames = ['payload', 'schema'] as const;

const issuingAuthorityOf = (payload: unknown): string | undefined =>
  stringMember(payload, 'credentialSubject', 'issuingAuthority');

/** The credential's `iat` in epoch ms, when it is a NumericDate. */
function signingTimeOf(payload: unknown): number | undefined {
  const iat =
    typeof payload === 'object' && payload !== null
      ? (payload as { iat?: unknown }).iat
      : undefined;
  return typeof iat === 'number' && Number.isSafeInteger(iat) && iat >= 0 ? iat * 1000 : undefined;
}

/**
 * Verifies a signed certificate (`vc+jwt`). Never throws on bad input: every check is reported,
 * in the order of {@link certificateCheckNames}; a check that could not run because an earlier
 * one failed is `ok: false` with a message starting `not checked:`. The signing time for the key
 * checks is the credential's `iat`.
 *
 * @throws TypeError only when `options.now` is not a date-time (a caller bug, not bad input).
 *
 * @example
 * ```ts
 * const outcome = await verifyCertificate(jws, { keys, verifier: webCryptoVerifier, directory, now: new Date() });
 * if (!outcome.valid) console.log(outcome.checks.find((c) => !c.ok));
 * ```
 */
export async function verifyCertificate(
  jws: string,
  options: VerifyCertificateOptions,
): Promise<VerifyOutcome<Certificate>> {
  const today = dayOf(instantMs(options.now)); // throws on a bad clock value: a caller bug
  const list = new CheckList();
  const result = await runJwsChecks(list, jws, {
    typ: certificateTyp,
    keys: options.keys,
    verifier: options.verifier,
    claimedAuthority: issuingAuthorityOf,
    authorityLabel: 'issuing authority',
    signingTime: signingTimeOf,
    revocation: { mode: 'evidence', evidenceBefore: options.evidenceBefore },
    laterChecks: payloadCheckNames,
  });
  if (!result.verified) return list.outcome<Certificate>(undefined, result.kid);

  const { payload, payloadText } = result.parsed;
  const shape = checkCredentialShape(payload);
  if (!isCanonicalJsonText(payloadText, payload)) {
    list.fail('payload', 'KPX_PAYLOAD_INVALID', 'payload is not RFC 8785 canonical JSON');
    list.skip('schema', 'payload invalid');
    return list.outcome<Certificate>(undefined, result.kid);
  }
  if (!shape.ok) {
    list.fail('payload', 'KPX_PAYLOAD_INVALID', shape.message);
    list.skip('schema', 'payload invalid');
    return list.outcome<Certificate>(undefined, result.kid);
  }
  list.pass('payload', 'W3C VC 2.0 credential of a KimberleyProcessCertificate');

  const validation = validateCertificate(shape.subject, {
    directory: options.directory,
    today,
  });
  if (!validation.ok) {
    const detail = validation.problems.map((p) => `${p.path}: ${p.message} (${p.code})`).join('; ');
    list.fail('schema', 'KPX_VALIDATION_FAILED', detail);
    return list.outcome<Certificate>(undefined, result.kid);
  }
  list.pass('schema', 'certificate satisfies the KPCS rules');
  return list.outcome(validation.value, result.kid);
}
