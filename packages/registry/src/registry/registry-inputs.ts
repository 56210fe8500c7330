import { isValidNumberPattern, jsonPointer, KpxError, type Problem } from '@kpx/domain';
import { publicJwkSchema, type Instant, type PublicJwk } from '@kpx/protocol';
import { z } from 'zod';

/** Names in the three KP working languages. */
export type Names = { en: string; ru: string; fr: string };

/** A Participant to add. */
export type ParticipantInput = {
  /** ISO 3166-1 alpha-2, or `EU`. */
  code: string;
  names: Names;
  status?: 'active' | 'suspended';
};

/** A key to list for an authority. `validFrom` defaults to now. */
export type KeyInput = { jwk: PublicJwk; validFrom?: Instant; validTo?: Instant };

/** An authority to add, optionally with its first keys (first enrolment is the operator's). */
export type AuthorityInput = {
  /** e.g. `RU-MINFIN`: the Participant code, a dash, then letters and digits. */
  id: string;
  participant: string;
  names: Names;
  mayIssue: boolean;
  mayImport: boolean;
  /** The Participant's default importing authority (any previous default is unset). */
  defaultImporting?: boolean;
  /** Base URL of the authority's node. */
  endpoint?: string;
  /** Default `{P}-{YYYY}-{SERIAL6}`. */
  numberPattern?: string;
  /** Default 60 days, at most 180. */
  validity?: { defaultDays: number; maxDays: number };
  keys?: readonly KeyInput[];
};

/** A key to add to a listed authority. */
export type AddKeyInput = KeyInput & {
  authority: string;
  /**
   * Rotation: the authority's current keys get `validTo` = this key's `validFrom` + the
   * overlap (never deleted). Default false (an additional key).
   */
  supersede?: boolean;
};

/** Why a key was revoked. */
export type RevocationReason = 'compromise' | 'superseded' | 'ceased';

/** The revocation reasons, in the order the CLI lists them. */
export const revocationReasons: readonly RevocationReason[] = [
  'compromise',
  'superseded',
  'ceased',
];

/** Options of every change: `publish: false` defers the new version to a later `publish()`. */
export type ChangeOptions = { publish?: boolean };

const instant = z.union([z.string(), z.date()]);
const names = z.strictObject({
  en: z.string().trim().min(1).max(200),
  ru: z.string().trim().min(1).max(200),
  fr: z.string().trim().min(1).max(200),
});
const participantCode = z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 or EU');
const keyInput = z.strictObject({
  jwk: publicJwkSchema,
  validFrom: instant.optional(),
  validTo: instant.optional(),
});

export const participantInputSchema = z.strictObject({
  code: participantCode,
  names,
  status: z.enum(['active', 'suspended']).optional(),
});

export const authorityInputSchema = z
  .strictObject({
    id: z
      .string()
      .max(40)
      .regex(/^[A-Z]{2}(-[A-Z0-9]+)+$/, 'an authority id such as RU-MINFIN'),
    participant: participantCode,
    names,
    mayIssue: z.boolean(),
    mayImport: z.boolean(),
    defaultImporting: z.boolean().optional(),
    endpoint: z.url({ protocol: /^https?$/ }).optional(),
    numberPattern: z.string().refine(isValidNumberPattern, 'not a valid number pattern').optional(),
    validity: z
      .strictObject({ defaultDays: z.int().positive(), maxDays: z.int().positive() })
      .refine((v) => v.defaultDays <= v.maxDays, 'defaultDays exceeds maxDays')
      .optional(),
    keys: z.array(keyInput).max(16).optional(),
  })
  .refine((a) => a.id.startsWith(`${a.participant}-`), {
    message: 'the id must start with the Participant code and a dash',
    path: ['id'],
  })
  .refine((a) => a.defaultImporting !== true || a.mayImport, {
    message: 'a default importing authority must be allowed to import',
    path: ['defaultImporting'],
  });

export const addKeyInputSchema = keyInput.extend({
  authority: z.string().min(1),
  supersede: z.boolean().optional(),
});

/**
 * Validates operator input at the boundary; `KPX_VALIDATION_FAILED` listing every problem with
 * its JSON pointer.
 */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems: Problem[] = parsed.error.issues.map((issue) => ({
    code: 'KPX_VALIDATION_FAILED',
    path: jsonPointer(issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))),
    message: issue.message,
  }));
  const detail = problems.map((p) => `${p.path || '/'}: ${p.message}`).join('; ');
  throw new KpxError('KPX_VALIDATION_FAILED', { detail: `invalid ${what}: ${detail}`, problems });
}

/** ISO 8601 UTC text of an instant (the one form timestamps are stored in, so they sort). */
export function isoOfInstant(value: Instant, what: string): string {
  const ms =
    typeof value === 'string'
      ? /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/.test(value)
        ? Date.parse(value)
        : NaN
      : value.getTime();
  if (!Number.isFinite(ms)) {
    throw new KpxError('KPX_VALIDATION_FAILED', {
      detail: `${what} is not an RFC 3339 date-time: ${String(value)}`,
    });
  }
  return new Date(ms).toISOString();
}
