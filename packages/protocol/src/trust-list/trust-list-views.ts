import { createDirectory, type Authority, type Directory, type Participant } from '@kpx/domain';
import type { KeyResolver, TrustedKey } from '../keys/trusted-key.js';
import type { TrustList } from './trust-list.js';

/**
 * The {@link KeyResolver} of a verified trust list: every listed key, with its authority's
 * Participant filled in.
 *
 * @example
 * ```ts
 * const keys = keyResolverFromTrustList(outcome.value);
 * await verifyCertificate(jws, { keys, verifier, directory: directoryFromTrustList(outcome.value), now });
 * ```
 */
export function keyResolverFromTrustList(list: TrustList): KeyResolver {
  const participantOf = new Map(list.authorities.map((a) => [a.id, a.participant] as const));
  const byKid = new Map<string, TrustedKey>();
  for (const key of list.keys) {
    const participant = participantOf.get(key.authority);
    if (participant === undefined) continue;
    byKid.set(key.kid, { ...key, participant });
  }
  return (kid) => byKid.get(kid);
}

/**
 * The domain {@link Directory} of a verified trust list. Suspended Participants are left out,
 * so certificates to or from them fail validation as unknown Participants.
 */
export function directoryFromTrustList(list: TrustList): Directory {
  const active = new Set(list.participants.filter((p) => p.status === 'active').map((p) => p.code));
  const participants: Participant[] = list.participants
    .filter((p) => active.has(p.code))
    .map((p) => ({ code: p.code, names: p.names }));
  const authorities: Authority[] = list.authorities
    .filter((a) => active.has(a.participant))
    .map((a) => ({
      id: a.id,
      participant: a.participant,
      names: a.names,
      mayIssue: a.mayIssue,
      mayImport: a.mayImport,
      numberPattern: a.numberPattern,
      validity: a.validity,
    }));
  const defaultImporting: Record<string, string> = {};
  for (const a of list.authorities) {
    if (a.defaultImporting && active.has(a.participant)) defaultImporting[a.participant] = a.id;
  }
  return createDirectory(participants, authorities, defaultImporting);
}
