import { publicJwkSchema, type PublicJwk } from '@kpx/protocol';
import { z } from 'zod';

/** JWS `typ` of a key enrolment request. */
export const keyEnrolmentTyp = 'kpx-key-enrolment+jwt';

/**
 * The payload of a `kpx-key-enrolment+jwt`: authority `authority` asks the registry to list its
 * next key `jwk` (`kid` its RFC 7638 thumbprint) from `validFrom`. The request is signed by the
 * authority's current listed key, which is what makes it the authority's.
 */
export type KeyEnrolment = {
  authority: string;
  jwk: PublicJwk;
  kid: string;
  validFrom: string;
  requestedAt: string;
};

const utcDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/, 'an RFC 3339 UTC date-time')
  .refine((s) => Number.isFinite(Date.parse(s)), 'an RFC 3339 UTC date-time');

/** zod schema of {@link KeyEnrolment} (strict: unknown members are refused). */
export const keyEnrolmentSchema: z.ZodType<KeyEnrolment> = z.strictObject({
  authority: z.string().regex(/^[A-Z0-9]+(-[A-Z0-9]+)*$/, 'an authority id'),
  jwk: publicJwkSchema,
  kid: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'an RFC 7638 SHA-256 thumbprint'),
  validFrom: utcDateTime,
  requestedAt: utcDateTime,
});
