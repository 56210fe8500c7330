import { readFile } from 'node:fs/promises';
import { KpxError } from '@kpx/domain';
import { decodeJwsPayload, trustListSchema, type PublicJwk } from '@kpx/protocol';
import { nodeVerifier } from '@kpx/protocol/node';
import type { Clock } from '../runtime/clock.js';
import type { TrustDocument, TrustSource } from './trust-source.js';
import { verifySignedTrustList } from './verify-signed-trust-list.js';

/** Options of {@link createTrustFileSource}. */
export type TrustFileOptions = {
  path: string;
  /** The registry's root public key; when given, a signed list must verify against it. */
  rootKey?: PublicJwk;
  clock: Clock;
};

/**
 * Reads a trust list from a file in the registry's format, either:
 * - the signed `kpx-trust-list+jwt` (compact JWS text): verified with `verifyTrustList` when a
 *   root key is pinned; otherwise only its payload is read and checked against the schema
 *   (`unchecked-signature`, for development until nodes are enrolled with a registry);
 * - the bare JSON payload (`unsigned`), for hand-made development networks.
 * Either way the payload must satisfy `trustListSchema`; anything else is `KPX_TRUST_LIST_INVALID`.
 */
export function createTrustFileSource(options: TrustFileOptions): TrustSource {
  return Object.freeze({
    async load(): Promise<TrustDocument> {
      const text = (await readFile(options.path, 'utf8')).trim();
      const invalid = (detail: string): KpxError =>
        new KpxError('KPX_TRUST_LIST_INVALID', { detail: `trust list ${options.path}: ${detail}` });
      if (text.startsWith('{')) {
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          throw invalid('not JSON');
        }
        const parsed = trustListSchema.safeParse(json);
        if (!parsed.success) throw invalid(parsed.error.issues[0]?.message ?? 'not a trust list');
        return { list: parsed.data, source: options.path, verification: 'unsigned' };
      }
      if (options.rootKey !== undefined) {
        // A list past its nextUpdate still loads: the holder's grace decides whether it is used.
        const outcome = await verifySignedTrustList(text, {
          rootKey: options.rootKey,
          verifier: nodeVerifier,
          now: options.clock.now(),
        });
        if (!outcome.ok) throw invalid(`${outcome.check}: ${outcome.message} (${outcome.code})`);
        return {
          list: outcome.list,
          signed: text,
          source: options.path,
          verification: 'signature',
        };
      }
      const parsed = trustListSchema.safeParse(decodeJwsPayload(text));
      if (!parsed.success)
        throw invalid('neither a JSON trust list nor a readable kpx-trust-list+jwt');
      return {
        list: parsed.data,
        signed: text,
        source: options.path,
        verification: 'unchecked-signature',
      };
    },
  });
}
