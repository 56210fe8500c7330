import { z } from 'zod';
import { authorityIdPattern } from '../envelope/envelope.js';
import { publicJwkSchema, type PublicJwk, type SignatureAlg } from '../keys/jwk.js';
import { parseDateTime } from '../verification/time.js';

/** Names in the kpx working languages. */
export type TrustListNames = { en: string; ru: string; fr: string };

/** A Participant as the trust list publishes it. */
export type TrustListParticipant = {
  code: string;
  names: TrustListNames;
  status: 'active' | 'suspended';
};

/** An authority as the trust list publishes it. `endpoint` is the base URL of its node, if any. */
export type TrustListAuthority = {
  id: string;
  participant: string;
  names: TrustListNames;
  mayIssue: boolean;
  mayImport: boolean;
  /** The Participant's default importing authority (at most one per Participant). */
  defaultImporting: boolean;
  endpoint?: string;
  numberPattern: string;
  validity: { defaultDays: number; maxDays: number };
};

/** An authority's signing key. */
export type TrustListKey = {
  kid: string;
  alg: SignatureAlg;
  jwk: PublicJwk;
  authority: string;
  validFrom: string;
  validTo?: string;
  revokedAt?: string;
  revocationReason?: string;
};

/** A registry list key (informational; trust comes from the endorsement in the JWS header). */
export type TrustListListKey = {
  kid: string;
  alg: SignatureAlg;
  jwk: PublicJwk;
  validFrom: string;
  validTo: string;
};

/** The payload of a `kpx-trust-list+jwt`. */
export type TrustList = {
  /** Increases by one with every list the registry publishes; nodes refuse to go back. */
  version: number;
  issuedAt: string;
  /** The registry publishes a new list before this; after it a node's copy is stale. */
  nextUpdate: string;
  participants: TrustListParticipant[];
  authorities: TrustListAuthority[];
  keys: TrustListKey[];
  listKeys?: TrustListListKey[];
};

/** JWS `typ` of a trust list. */
export const trustListTyp = 'kpx-trust-list+jwt';

const dateTime = z.string().refine((s) => parseDateTime(s) !== undefined, 'an RFC 3339 date-time');
const names = z.strictObject({
  en: z.string().min(1),
  ru: z.string().min(1),
  fr: z.string().min(1),
});
const participantCode = z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 or EU');
const authorityId = z.string().regex(authorityIdPattern, 'an authority id');
const kid = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'an RFC 7638 SHA-256 thumbprint');
const alg = z.enum(['EdDSA', 'ES256']);

const participantSchema = z.strictObject({
  code: participantCode,
  names,
  status: z.enum(['active', 'suspended']),
});
const authoritySchema = z.strictObject({
  id: authorityId,
  participant: participantCode,
  names,
  mayIssue: z.boolean(),
  mayImport: z.boolean(),
  defaultImporting: z.boolean(),
  endpoint: z.url({ protocol: /^https?$/ }).exactOptional(),
  numberPattern: z.string().min(1),
  validity: z.strictObject({ defaultDays: z.int().positive(), maxDays: z.int().positive() }),
});
const keySchema = z.strictObject({
  kid,
  alg,
  jwk: publicJwkSchema,
  authority: authorityId,
  validFrom: dateTime,
  validTo: dateTime.exactOptional(),
  revokedAt: dateTime.exactOptional(),
  revocationReason: z.string().min(1).exactOptional(),
});
const listKeySchema = z.strictObject({
  kid,
  alg,
  jwk: publicJwkSchema,
  validFrom: dateTime,
  validTo: dateTime,
});

/**
 * zod schema of {@link TrustList}, with the cross-references checked: unique codes, ids and
 * kids; every authority's Participant and every key's authority listed; at most one default
 * importing authority per Participant; `alg` matching the key type; `defaultDays` ≤ `maxDays`;
 * `nextUpdate` after `issuedAt`. (That each `kid` is the thumbprint of its `jwk` needs hashing:
 * `verifyTrustList` checks it.)
 */
export const trustListSchema: z.ZodType<TrustList> = z
  .strictObject({
    version: z.int().positive(),
    issuedAt: dateTime,
    nextUpdate: dateTime,
    participants: z.array(participantSchema),
    authorities: z.array(authoritySchema),
    keys: z.array(keySchema),
    listKeys: z.array(listKeySchema).exactOptional(),
  })
  .superRefine((list, ctx) => {
    const issue = (path: (string | number)[], message: string): void => {
      ctx.addIssue({ code: 'custom', path, message });
    };
    const codes = new Set<string>();
    list.participants.forEach((p, i) => {
      if (codes.has(p.code)) issue(['participants', i, 'code'], `duplicate Participant ${p.code}`);
      codes.add(p.code);
    });
    const ids = new Set<string>();
    const defaults = new Set<string>();
    list.authorities.forEach((a, i) => {
      if (ids.has(a.id)) issue(['authorities', i, 'id'], `duplicate authority ${a.id}`);
      ids.add(a.id);
      if (!codes.has(a.participant))
        issue(['authorities', i, 'participant'], `unknown Participant ${a.participant}`);
      if (a.defaultImporting) {
        if (defaults.has(a.participant))
          issue(['authorities', i, 'defaultImporting'], `second default for ${a.participant}`);
        defaults.add(a.participant);
      }
      if (a.validity.defaultDays > a.validity.maxDays)
        issue(['authorities', i, 'validity'], 'defaultDays exceeds maxDays');
    });
    const kids = new Set<string>();
    list.keys.forEach((k, i) => {
      if (kids.has(k.kid)) issue(['keys', i, 'kid'], `duplicate kid ${k.kid}`);
      kids.add(k.kid);
      if (!ids.has(k.authority))
        issue(['keys', i, 'authority'], `unknown authority ${k.authority}`);
      if ((k.alg === 'EdDSA') !== (k.jwk.kty === 'OKP'))
        issue(['keys', i, 'alg'], `${k.alg} does not match the key type`);
    });
    if ((parseDateTime(list.nextUpdate) ?? 0) <= (parseDateTime(list.issuedAt) ?? 0)) {
      issue(['nextUpdate'], 'nextUpdate must be after issuedAt');
    }
  });
