import { KpxError, validateCertificate, type Certificate, type KpxCode } from '@kpx/domain';
import {
  decodeJwsPayload,
  decodeQrPayload,
  verifyCertificate,
  verifyQrPayload,
  type Check,
  type QrClaims,
  type SignatureVerifier,
  type VerifyOutcome,
} from '@kpx/protocol';
import type { Clock } from '../runtime/clock.js';
import type { TrustHolder, TrustSnapshot } from './trust-snapshot.js';

/** What verifying against the trust list needs from the node. */
export type TrustVerifyContext = { trust: TrustHolder; verifier: SignatureVerifier; clock: Clock };

/** Who a certificate or QR names, as far as the trust list is concerned. */
type Parties = {
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
  snapshot: TrustSnapshot,
  parties: Parties,
): string | undefined {
  const participantOfAuthority = (id: unknown): unknown =>
    snapshot.list.authorities.find((a) => a.id === id)?.participant;
  const candidates = [
    participantOfAuthority(parties.issuingAuthority),
    parties.exportingParticipant,
    participantOfAuthority(parties.importingAuthority),
    parties.importingParticipant,
  ];
  for (const code of candidates) {
    if (typeof code !== 'string') continue;
    const participant = snapshot.list.participants.find((p) => p.code === code);
    if (participant?.status === 'suspended') return code;
  }
  return undefined;
}

/**
 * Throws `KPX_PARTICIPANT_SUSPENDED` (403) when `parties` (read defensively: a draft is
 * unvalidated input) name a Participant the trust list marks suspended.
 */
export function refuseSuspended(snapshot: TrustSnapshot, parties: unknown, doing: string): void {
  if (typeof parties !== 'object' || parties === null) return;
  const suspended = suspendedParticipantOf(snapshot, parties as Parties);
  if (suspended === undefined) return;
  throw new KpxError('KPX_PARTICIPANT_SUSPENDED', {
    detail: `cannot ${doing}: Participant ${suspended} is suspended (trust list version ${snapshot.list.version})`,
  });
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
  snapshot: TrustSnapshot,
  parties: Parties,
  problems: () => readonly { code: KpxCode }[],
): { code: KpxCode; message: string } | undefined {
  const suspended = suspendedParticipantOf(snapshot, parties);
  if (suspended !== undefined) {
    return {
      code: 'KPX_PARTICIPANT_SUSPENDED',
      message: `Participant ${suspended} is suspended (trust list version ${snapshot.list.version})`,
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

/**
 * `verifyCertificate` against the node's trust list, with the reason named: when the first
 * failure is the KPCS rules check (`schema`, generically `KPX_VALIDATION_FAILED`) and the cause
 * is a trust-list decision, the check carries that cause's code instead —
 * `KPX_PARTICIPANT_SUSPENDED` (the trust list leaves suspended Participants out of the
 * directory), `KPX_AUTHORITY_MAY_NOT_ISSUE`, … — so every rejection names its reason. The key
 * checks name theirs already (`KPX_KEY_UNKNOWN`, `KPX_KEY_NOT_YET_VALID`, `KPX_KEY_EXPIRED`,
 * `KPX_KEY_REVOKED`). `evidenceBefore`: independent evidence that the document existed then
 * (a partner's receipt, this node's inbox), which alone keeps a compromised key's signature.
 */
export async function verifyCertificateWithTrust(
  ctx: TrustVerifyContext,
  jws: string,
  options: { evidenceBefore?: string } = {},
): Promise<VerifyOutcome<Certificate>> {
  const snapshot = ctx.trust.current();
  const now = new Date(ctx.clock.now());
  const outcome = await verifyCertificate(jws, {
    keys: snapshot.keys,
    verifier: ctx.verifier,
    directory: snapshot.directory,
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
  const cause = causeOf(snapshot, subject as Parties, () => {
    const checked = validateCertificate(subject, {
      directory: snapshot.directory,
      today: now.toISOString().slice(0, 10),
    });
    return checked.ok ? [] : checked.problems;
  });
  return cause === undefined ? outcome : renamed(outcome, index, cause);
}

/** `verifyQrPayload` against the node's trust list, a suspended Participant named as such. */
export async function verifyQrWithTrust(
  ctx: TrustVerifyContext,
  text: string,
  options: { evidenceBefore?: string; document?: string } = {},
): Promise<VerifyOutcome<QrClaims>> {
  const snapshot = ctx.trust.current();
  const outcome = await verifyQrPayload(text, {
    keys: snapshot.keys,
    verifier: ctx.verifier,
    now: new Date(ctx.clock.now()),
    directory: snapshot.directory,
    ...(options.evidenceBefore === undefined ? {} : { evidenceBefore: options.evidenceBefore }),
    ...(options.document === undefined ? {} : { document: options.document }),
  });
  if (outcome.valid) return outcome;
  const index = outcome.checks.findIndex((c) => !c.ok);
  const first = outcome.checks[index];
  if (first?.check !== 'claims' || first.code !== 'KPX_VALIDATION_FAILED') return outcome;
  const decoded = decodeQrPayload(text);
  if (!decoded.ok) return outcome;
  const cause = causeOf(snapshot, decoded.value.claims, () => []);
  return cause === undefined ? outcome : renamed(outcome, index, cause);
}
