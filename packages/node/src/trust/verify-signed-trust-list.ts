import type { KpxCode } from '@kpx/domain';
import {
  verifyTrustListForUse,
  type PublicJwk,
  type SignatureVerifier,
  type TrustList,
} from '@kpx/protocol';

/** Why a signed trust list was refused: the first failed check of `verifyTrustList`. */
export type TrustListRefusal = { ok: false; code: KpxCode; check: string; message: string };

/** A signed trust list that verified against the pinned root. */
export type VerifiedTrustList = {
  ok: true;
  list: TrustList;
  /** Past its `nextUpdate` already (still usable within the node's grace). */
  pastNextUpdate: boolean;
};

/**
 * `verifyTrustList` as the node applies it: format, header, endorsement of the list key by the
 * pinned root, signature, schema, and version (below `minVersion` is a rollback:
 * `KPX_TRUST_LIST_ROLLBACK`) must all pass. A list past its `nextUpdate` is still returned,
 * marked `pastNextUpdate`: whether it may be used is the holder's grace to judge, and an old
 * list is better than none while the registry is down. Anything else is refused with the code
 * of the first failed check (a forged list `KPX_SIGNATURE_INVALID`, a list key the root did not
 * endorse `KPX_TRUST_LIST_INVALID` or `KPX_KEY_UNKNOWN`, …).
 */
export async function verifySignedTrustList(
  jws: string,
  options: { rootKey: PublicJwk; verifier: SignatureVerifier; now: number; minVersion?: number },
): Promise<VerifiedTrustList | TrustListRefusal> {
  const held = await verifyTrustListForUse(jws, {
    rootKey: options.rootKey,
    verifier: options.verifier,
    now: new Date(options.now),
    ...(options.minVersion === undefined ? {} : { minVersion: options.minVersion }),
  });
  if (held.usable) return { ok: true, list: held.list, pastNextUpdate: held.stale };
  return {
    ok: false,
    code: held.failed.code ?? 'KPX_TRUST_LIST_INVALID',
    check: held.failed.check,
    message: held.failed.message,
  };
}
