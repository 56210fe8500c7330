import { z } from 'zod';
import { signCompactJws } from '../jws/compact-jws.js';
import { jwkThumbprint, publicJwkOf, publicJwkSchema, type PublicJwk } from '../keys/jwk.js';
import type { Signer } from '../keys/signer.js';
import { instantMs, isoOf, parseDateTime, type Instant } from '../verification/time.js';

/** JWS `typ` of a list-key endorsement. */
export const listKeyEndorsementTyp = 'kpx-list-key+jwt';

/** JWS header parameter of a trust list that carries the endorsement of its signing key. */
export const endorsementHeader = 'x-kpx-endorsement';

/**
 * What the registry's root key says about an online list key: this key (`kid`, `jwk`) may sign
 * trust lists from `validFrom` to `validTo`.
 */
export type ListKeyEndorsement = {
  kid: string;
  jwk: PublicJwk;
  validFrom: string;
  validTo: string;
};

/** zod schema of the endorsement payload. */
export const listKeyEndorsementSchema: z.ZodType<ListKeyEndorsement> = z.strictObject({
  kid: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  jwk: publicJwkSchema,
  validFrom: z.string().refine((s) => parseDateTime(s) !== undefined, 'an RFC 3339 date-time'),
  validTo: z.string().refine((s) => parseDateTime(s) !== undefined, 'an RFC 3339 date-time'),
});

/**
 * Signs, with the registry's root key, the endorsement of an online list key: a compact JWS with
 * header `{ alg, kid: <root kid>, typ: "kpx-list-key+jwt" }` and payload
 * `{ kid, jwk, validFrom, validTo }`. The registry puts it in the `x-kpx-endorsement` header of
 * every trust list that key signs, so a node pinning only the root public key can verify.
 *
 * @example
 * ```ts
 * const endorsement = await endorseListKey({ jwk: listPublicJwk, validFrom: '2026-01-01T00:00:00Z',
 *   validTo: '2027-01-01T00:00:00Z' }, rootSigner);
 * ```
 */
export async function endorseListKey(
  listKey: { jwk: PublicJwk; validFrom: Instant; validTo: Instant },
  rootSigner: Signer,
): Promise<string> {
  const jwk = publicJwkOf(listKey.jwk);
  const payload: ListKeyEndorsement = {
    kid: await jwkThumbprint(jwk),
    jwk,
    validFrom: isoOf(instantMs(listKey.validFrom)),
    validTo: isoOf(instantMs(listKey.validTo)),
  };
  return signCompactJws({ typ: listKeyEndorsementTyp }, payload, rootSigner);
}
