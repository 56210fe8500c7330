import { signCompactJws } from '../jws/compact-jws.js';
import type { Signer } from '../keys/signer.js';
import { endorsementHeader } from './list-key-endorsement.js';
import { trustListSchema, trustListTyp, type TrustList } from './trust-list.js';

/**
 * Signs a trust list with the registry's online list key: a compact JWS with header
 * `{ alg, kid, typ: "kpx-trust-list+jwt", "x-kpx-endorsement": <endorsement> }` where the
 * endorsement (from `endorseListKey`) is the root key's statement about the list key.
 * Throws a `TypeError` if the list does not satisfy `trustListSchema` (a caller bug).
 *
 * @example
 * ```ts
 * const jws = await signTrustList(list, listSigner, endorsement);
 * ```
 */
export async function signTrustList(
  list: TrustList,
  listSigner: Signer,
  endorsement: string,
): Promise<string> {
  const checked = trustListSchema.safeParse(list);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new TypeError(
      `invalid trust list at /${issue?.path.map(String).join('/') ?? ''}: ${issue?.message ?? ''}`,
    );
  }
  return signCompactJws({ typ: trustListTyp, [endorsementHeader]: endorsement }, list, listSigner);
}
