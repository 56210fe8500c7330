import type { KeyResolver, TrustList } from '@kpx/protocol';
import type { NodeConfig } from '../config/node-config.js';

/**
 * The authority id that statistical returns are addressed to (`statistics.return` envelopes,
 * `to: "KP-REGISTRY"`). The registry is not an authority of the trust list: it is the party
 * that signs the list. Its receipts are signed with its online list key, which every trust
 * list names in `listKeys` and whose endorsement by the pinned root the node checked when it
 * accepted the list — so no new trust-list field is needed to authenticate them.
 */
export const registryAuthority = 'KP-REGISTRY';

/**
 * Keys a receipt from `to` may be signed with: the authority's keys of the trust list, or for
 * the registry its list keys (as keys of {@link registryAuthority}).
 */
export function receiptKeysFor(
  trust: { readonly list: TrustList; readonly keys: KeyResolver },
  to: string,
): KeyResolver {
  if (to !== registryAuthority) return trust.keys;
  const listKeys = trust.list.listKeys ?? [];
  return (kid) => {
    const key = listKeys.find((k) => k.kid === kid);
    return key === undefined
      ? undefined
      : {
          kid: key.kid,
          alg: key.alg,
          jwk: key.jwk,
          authority: registryAuthority,
          participant: '',
          validFrom: key.validFrom,
          validTo: key.validTo,
        };
  };
}

/**
 * The registry's base URL for returns: `statistics.registryUrl`, else the registry the trust
 * list is fetched from (`trustList.registryUrl`); `undefined` when the node knows neither.
 */
export function registryUrlOf(config: NodeConfig): string | undefined {
  const fromTrust = (config.trustList as { registryUrl?: string } | undefined)?.registryUrl;
  return config.statistics.registryUrl ?? fromTrust;
}
