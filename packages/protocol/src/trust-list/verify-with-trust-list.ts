import { validateCertificate, type Certificate, type Directory, type KpxCode } from '@kpx/domain';
import { verifyCertificate } from '../certificate/verify-certificate.js';
import { decodeJwsPayload } from '../jws/compact-jws.js';
import type { SignatureVerifier } from '../keys/signer.js';
import type { KeyResolver } from '../keys/trusted-key.js';
import { decodeQrPayload, verifyQrPayload } from '../qr/qr-payload.js';
import type { QrClaims } from '../qr/qr-claims.js';
import type { Check, VerifyOutcome } from '../verification/check.js';
import type { Instant } from '../verification/time.js';
import { directoryFromTrustList, keyResolverFromTrustList } from './trust-list-views.js';
import type { TrustList } from './trust-list.js';

/** A verified trust list with its keys and directory, computed once (a node's snapshot fits). */
export type HeldTrustList = {
  readonly list: TrustList;
  readonly keys: KeyResolver;
  readonly directory: Directory;
};

/** The keys and directory of a verified trust list, for {@link verifyCertificateWithTrustList}. */
export function heldTrustListOf(list: TrustList): HeldTrustList {
  return { list, keys: keyResolverFromTrustList(list), directory: directoryFromTrustList(list) };
}

/** Who a certificate or QR names, as far as the trust list is concerned (read defensively). */
export type TrustListParties = {
  issuingAuthority?: unknown;
  exportingParticipant?: unknown;
  importingParticipant?: unknown;
  importingAuthority?: unknown;
};

/**
 * The Participant of `parties` the trust list marks suspended, if any: the issuer's first
 * (KPCS: a suspended Participant's certificates are not accepted), then the importer's.
 */
export function suspendedParticipantOf(
  list: TrustList,
  parties: TrustListParties,
): string | undefined {
  const participantOfAuthority = (id: unknown): unknown =>
    list.authorities.find((a) => a.id === id)?.participant;
  const candidates = [
    participantOfAuthority(parties.issuingAuthority),
    parties.exportingParticipant,
    participantOfAuthority(parties.importingAuthority),
    parties.importingParticipant,
  ];
  for (const code of candidates) {
    if (typeof code !== 'string') continue;
    const participant = list.participants.find((p) => p.code === code);
    if (participant?.status === 'suspended') return code;
  }
  return undefined;
}

// Validation problems that are a trust-list decision rather than a defect of the document:
// named by their own code instead of the generic KPX_VALIDATION_FAILED.
const trustCodes: readonly KpxCode[] = [
  'KPX_AUTHORITY_MAY_NOT_ISSUE',
  'KPX_AUTHORITY_MAY_NOT_IMPORT',
  'KPX_AUTHORITY_UNKNOWN',
  'KPX_CERTIFICATE_EXPIRED',
];

function causeOf(
  list: TrustList,
  parties: TrustListParties,
  problems: () => readonly { code: KpxCode }[],
): { code: KpxCode; message: string } | undefined {
  const suspended = suspendedParticipantOf(list, parties);
  if (suspended !== undefined) {
    return {
      code: 'KPX_PARTICIPANT_SUSPENDED',
      message: `Participant ${suspended} is suspended (trust list version ${String(list.version)})`,
    };
  }
  const found = problems();
  for (const code of trustCodes) {
    if (found.some((p) => p.code === code)) return { code, message: code };
  }
  const only = found[0];
  return found.length === 1 && only !== undefined
    ? { code: only.code, message: only.code }
    : undefined;
}

function renamed<T>(
  outcome: VerifyOutcome<T>,
  index: number,
  cause: { code: KpxCode; message: string },
): VerifyOutcome<T> {
  const checks: Check[] = outcome.checks.map((c, i) =>
    i === index ? { ...c, code: cause.code, message: `${cause.message}: ${c.message}` } : c,
  );
  return { ...outcome, checks };
}

/** Options of {@link verifyCertificateWithTrustList} and {@link verifyQrWithTrustList}. */
export type VerifyWithTrustListOptions = {
  trust: HeldTrustList;
  verifier: SignatureVerifier;
  now: Instant;
  /** Independent evidence that the document existed then (a partner's receipt). */
  evidenceBefore?: string;
};

/**
 * `verifyCertificate` against a verified trust list, with the reason named: when the first
 * failure is the KPCS rules check (`schema`, generically `KPX_VALIDATION_FAILED`) and the cause
 * is a trust-list decision, the check carries that cause's code instead —
 * `KPX_PARTICIPANT_SUSPENDED` (the trust list leaves suspended Participants out of the
 * directory), `KPX_AUTHORITY_MAY_NOT_ISSUE`, … — so every rejection names its reason, online
 * (the node) and offline (`kpx verify`, the verification page) alike.
 */
export async function verifyCertificateWithTrustList(
  jws: string,
  options: VerifyWithTrustListOptions,
): Promise<VerifyOutcome<Certificate>> {
  const { trust, now } = options;
  const outcome = await verifyCertificate(jws, {
    keys: trust.keys,
    verifier: options.verifier,
    directory: trust.directory,
    now,
    ...(options.evidenceBefore === undefined ? {} : { evidenceBefore: options.evidenceBefore }),
  });
  if (outcome.valid) return outcome;
  const index = outcome.checks.findIndex((c) => !c.ok);
  const first = outcome.checks[index];
  if (first?.check !== 'schema' || first.code !== 'KPX_VALIDATION_FAILED') return outcome;
  // The signature verified: the payload is the issuer's.
  const subject = (decodeJwsPayload(jws) as { credentialSubject?: unknown } | undefined)
    ?.credentialSubject;
  if (typeof subject !== 'object' || subject === null) return outcome;
  const cause = causeOf(trust.list, subject as TrustListParties, () => {
    const checked = validateCertificate(subject, {
      directory: trust.directory,
      today: new Date(now).toISOString().slice(0, 10),
    });
    return checked.ok ? [] : checked.problems;
  });
  return cause === undefined ? outcome : renamed(outcome, index, cause);
}

/** `verifyQrPayload` against a verified trust list, a suspended Participant named as such. */
export async function verifyQrWithTrustList(
  text: string,
  options: VerifyWithTrustListOptions & { document?: string },
): Promise<VerifyOutcome<QrClaims>> {
  const { trust } = options;
  const outcome = await verifyQrPayload(text, {
    keys: trust.keys,
    verifier: options.verifier,
    now: options.now,
    directory: trust.directory,
    ...(options.evidenceBefore === undefined ? {} : { evidenceBefore: options.evidenceBefore }),
    ...(options.document === undefined ? {} : { document: options.document }),
  });
  if (outcome.valid) return outcome;
  const index = outcome.checks.findIndex((c) => !c.ok);
  const first = outcome.checks[index];
  if (first?.check !== 'claims' || first.code !== 'KPX_VALIDATION_FAILED') return outcome;
  const decoded = decodeQrPayload(text);
  if (!decoded.ok) return outcome;
  const cause = causeOf(trust.list, decoded.value.claims, () => []);
  return cause === undefined ? outcome : renamed(outcome, index, cause);
}
