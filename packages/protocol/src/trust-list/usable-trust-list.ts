import { decodeJwsPayload } from '../jws/compact-jws.js';
import type { Check } from '../verification/check.js';
import { trustListSchema, type TrustList } from './trust-list.js';
import { verifyTrustList, type VerifyTrustListOptions } from './verify-trust-list.js';

/** A signed trust list that verified against the pinned root, possibly past its `nextUpdate`. */
export type UsableTrustList = {
  usable: true;
  list: TrustList;
  /** Past its `nextUpdate` (or issued ahead of the clock): usable, but say so. */
  stale: boolean;
  checks: Check[];
};

/** A trust list that must not be used; `failed` is the first failed check (the cause). */
export type RefusedTrustList = { usable: false; failed: Check; checks: Check[] };

/**
 * `verifyTrustList` as a holder of a cached copy applies it (a node between polls, `kpx verify`
 * and the verification page offline): format, header, endorsement by the pinned root,
 * signature, schema and version must pass; a list whose only failure is `freshness`
 * (`KPX_TRUST_LIST_STALE`) is still usable, marked `stale` — an old list the root vouched for
 * is better than none while the registry is out of reach, and the holder decides (and shows)
 * what staleness means. Never throws on bad input.
 *
 * @example
 * ```ts
 * const held = await verifyTrustListForUse(jws, { rootKey, verifier: webCryptoVerifier, now: new Date() });
 * if (held.usable) keys = keyResolverFromTrustList(held.list);
 * ```
 */
export async function verifyTrustListForUse(
  jws: string,
  options: VerifyTrustListOptions,
): Promise<UsableTrustList | RefusedTrustList> {
  const outcome = await verifyTrustList(jws, options);
  if (outcome.valid && outcome.value !== undefined)
    return { usable: true, list: outcome.value, stale: false, checks: outcome.checks };
  const failed = outcome.checks.filter((c) => !c.ok);
  const first = failed[0] ?? {
    check: 'format',
    ok: false,
    code: 'KPX_TRUST_LIST_INVALID' as const,
    message: 'invalid trust list',
  };
  if (failed.length === 1 && first.check === 'freshness' && first.code === 'KPX_TRUST_LIST_STALE') {
    // Every other check passed, so the payload is the verified list.
    const parsed = trustListSchema.safeParse(decodeJwsPayload(jws));
    if (parsed.success)
      return { usable: true, list: parsed.data, stale: true, checks: outcome.checks };
  }
  return { usable: false, failed: first, checks: outcome.checks };
}
