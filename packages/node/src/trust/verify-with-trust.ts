import { KpxError, type Certificate } from '@kpx/domain';
import {
  suspendedParticipantOf as suspendedInList,
  verifyCertificateWithTrustList,
  verifyQrWithTrustList,
  type QrClaims,
  type SignatureVerifier,
  type TrustListParties,
  type VerifyOutcome,
} from '@kpx/protocol';
import type { Clock } from '../runtime/clock.js';
import type { TrustHolder, TrustSnapshot } from './trust-snapshot.js';

/** What verifying against the trust list needs from the node. */
export type TrustVerifyContext = { trust: TrustHolder; verifier: SignatureVerifier; clock: Clock };

/**
 * The Participant of `parties` the trust list marks suspended, if any: the issuer's first
 * (KPCS: a suspended Participant's certificates are not accepted), then the importer's.
 */
export function suspendedParticipantOf(
  snapshot: TrustSnapshot,
  parties: TrustListParties,
): string | undefined {
  return suspendedInList(snapshot.list, parties);
}

/**
 * Throws `KPX_PARTICIPANT_SUSPENDED` (403) when `parties` (read defensively: a draft is
 * unvalidated input) name a Participant the trust list marks suspended.
 */
export function refuseSuspended(snapshot: TrustSnapshot, parties: unknown, doing: string): void {
  if (typeof parties !== 'object' || parties === null) return;
  const suspended = suspendedParticipantOf(snapshot, parties as TrustListParties);
  if (suspended === undefined) return;
  throw new KpxError('KPX_PARTICIPANT_SUSPENDED', {
    detail: `cannot ${doing}: Participant ${suspended} is suspended (trust list version ${snapshot.list.version})`,
  });
}

/**
 * `verifyCertificate` against the node's trust list, with the reason named
 * (`verifyCertificateWithTrustList` of `@kpx/protocol`, which `kpx verify` and the verification
 * page use offline too): a trust-list cause of a failed `schema` check —
 * `KPX_PARTICIPANT_SUSPENDED`, `KPX_AUTHORITY_MAY_NOT_ISSUE`, … — is named by its code; the
 * key checks name theirs already (`KPX_KEY_UNKNOWN`, `KPX_KEY_NOT_YET_VALID`,
 * `KPX_KEY_EXPIRED`, `KPX_KEY_REVOKED`). `evidenceBefore`: independent evidence that the
 * document existed then (a partner's receipt, this node's inbox), which alone keeps a
 * compromised key's signature.
 */
export async function verifyCertificateWithTrust(
  ctx: TrustVerifyContext,
  jws: string,
  options: { evidenceBefore?: string } = {},
): Promise<VerifyOutcome<Certificate>> {
  return verifyCertificateWithTrustList(jws, {
    trust: ctx.trust.current(),
    verifier: ctx.verifier,
    now: new Date(ctx.clock.now()),
    ...options,
  });
}

/** `verifyQrPayload` against the node's trust list, a suspended Participant named as such. */
export async function verifyQrWithTrust(
  ctx: TrustVerifyContext,
  text: string,
  options: { evidenceBefore?: string; document?: string } = {},
): Promise<VerifyOutcome<QrClaims>> {
  return verifyQrWithTrustList(text, {
    trust: ctx.trust.current(),
    verifier: ctx.verifier,
    now: new Date(ctx.clock.now()),
    ...options,
  });
}
