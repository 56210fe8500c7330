import {
  amountSchema,
  certificateNumberSchema,
  certificateSchema,
  certificateStatuses,
  confirmationInputSchema,
  type CertificateStatus,
} from '@kpx/domain';
import { z } from 'zod';

// Response schemas of the HTTP API, for the OpenAPI document. Request schemas come from the
// domain (one source for validation, JSON Schema and OpenAPI; STYLE rule 6).

const status = z.enum(
  certificateStatuses as unknown as [CertificateStatus, ...CertificateStatus[]],
);
const dateTime = z.string().meta({ format: 'date-time' });

/** RFC 9457 problem details with kpx's stable code. */
export const problemSchema = z
  .object({
    type: z.string().meta({ format: 'uri' }),
    title: z.string(),
    status: z.int(),
    code: z.string().regex(/^KPX_[A-Z0-9_]+$/),
    detail: z.string().optional(),
    problems: z
      .array(
        z.object({
          code: z.string(),
          path: z.string().meta({ description: 'JSON pointer (RFC 6901)' }),
          message: z.string(),
        }),
      )
      .optional(),
  })
  .meta({
    id: 'Problem',
    description: 'RFC 9457 problem details; `code` is stable (see the error-code registry).',
  });

export const issuedSchema = z
  .object({
    number: certificateNumberSchema,
    status: z.literal('issued'),
    delivery: z.enum(['electronic', 'paper']),
    issuedOn: z.string(),
    expiresOn: z.string(),
    replaces: certificateNumberSchema.optional(),
  })
  .meta({ id: 'IssuedCertificate' });

export const summarySchema = z
  .object({
    number: z.string(),
    direction: z.enum(['outgoing', 'incoming']),
    status,
    delivery: z.enum(['electronic', 'paper']),
    issuingAuthority: z.string(),
    partner: z.object({ participant: z.string(), authority: z.string().nullable() }),
    issuedOn: z.string(),
    expiresOn: z.string(),
    totals: z.object({ carats: amountSchema, valueUsd: amountSchema }),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .meta({ id: 'CertificateSummary' });

export const pageSchema = z
  .object({ items: z.array(summarySchema), nextCursor: z.string().nullable() })
  .meta({
    id: 'CertificatePage',
    description: 'Newest first; pass nextCursor as cursor for the next page.',
  });

const discrepancySchema = z
  .object({ field: z.string(), expected: z.string(), actual: z.string(), difference: z.string() })
  .meta({ id: 'Discrepancy', description: 'difference = actual − expected' });

export const detailSchema = summarySchema
  .extend({
    certificate: certificateSchema,
    signed: z
      .string()
      .nullable()
      .meta({ description: 'The vc+jwt; null when recorded from paper.' }),
    replaces: z.string().nullable(),
    replacedBy: z.string().nullable(),
    events: z.array(
      z.object({ at: dateTime, type: z.string(), actor: z.string(), data: z.unknown().optional() }),
    ),
    receipts: z.array(
      z.object({
        messageId: z.string(),
        messageType: z.string(),
        role: z.enum(['received', 'issued']),
        signer: z.string(),
        result: z.enum(['accepted', 'rejected']),
        code: z.string().optional(),
        receivedAt: dateTime,
        jws: z.string().meta({ description: 'The signed kpx-receipt+jwt.' }),
      }),
    ),
    confirmation: confirmationInputSchema
      .extend({
        discrepancies: z.array(discrepancySchema),
        confirmedAt: dateTime,
        confirmedBy: z.string(),
      })
      .nullable(),
  })
  .meta({ id: 'CertificateDetail' });

export const confirmedSchema = z
  .object({
    number: z.string(),
    status: z.literal('confirmed'),
    discrepancies: z.array(discrepancySchema),
    messageId: z.string().optional(),
  })
  .meta({ id: 'ConfirmedImport' });

export const statusChangeSchema = z
  .object({ number: z.string(), status, messageId: z.string().optional() })
  .meta({ id: 'StatusChange' });

export const paperRecordedSchema = z
  .object({ number: z.string(), status: z.literal('delivered'), delivery: z.literal('paper') })
  .meta({ id: 'RecordedPaperCertificate' });

export const publicStatusSchema = z
  .object({
    number: z.string(),
    issuer: z.string(),
    status,
    issuedOn: z.string(),
    expiresOn: z.string(),
  })
  .meta({ id: 'PublicStatus', description: 'Status only: never parties, figures or goods.' });

export const verificationSchema = z
  .object({
    valid: z.boolean(),
    checks: z.array(
      z.object({
        check: z.string(),
        ok: z.boolean(),
        code: z.string().optional(),
        message: z.string(),
      }),
    ),
    number: z.string().optional(),
    status: status.optional(),
  })
  .meta({ id: 'VerificationReport' });

export const trustListResponseSchema = z
  .object({
    trustList: z.unknown().meta({ description: 'The trust list payload.' }),
    signed: z
      .string()
      .optional()
      .meta({ description: 'The kpx-trust-list+jwt, when loaded signed.' }),
    rootKey: z
      .object({ kid: z.string(), jwk: z.record(z.string(), z.string()) })
      .optional()
      .meta({
        description:
          'The registry root key this node pins (RFC 7638 kid and public JWK), when configured: what `signed` verifies against.',
      }),
    verification: z.enum(['signature', 'unchecked-signature', 'unsigned']),
    source: z.string(),
    loadedAt: dateTime,
    ageSeconds: z.number().meta({ description: 'Seconds since this node loaded the list.' }),
    version: z.int(),
    issuedAt: dateTime,
    nextUpdate: dateTime,
    age: z.number().meta({ description: 'Seconds since the registry issued the list.' }),
    fetchedAt: dateTime.nullable().meta({
      description: 'When the registry last confirmed it (200 or 304); null if not since start.',
    }),
    stale: z.boolean().meta({
      description:
        'Past nextUpdate + the configured grace: the node refuses to send or accept (KPX_TRUST_LIST_STALE).',
    }),
    staleAt: dateTime,
    registry: z
      .object({
        url: z.string(),
        failures: z.int().meta({ description: 'Consecutive failed polls.' }),
        lastError: z
          .object({ at: dateTime, code: z.string().optional(), message: z.string() })
          .nullable(),
      })
      .optional()
      .meta({ description: 'The registry polled, when one is configured.' }),
  })
  .meta({ id: 'TrustListView' });

export const deadLetterSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    to: z.string(),
    certificate: z.string(),
    attempts: z.int(),
    lastError: z.string().nullable(),
    lastAttemptAt: dateTime.nullable(),
    createdAt: dateTime,
  })
  .meta({ id: 'DeadLetter' });

export const createdTokenSchema = z
  .object({
    id: z.string(),
    token: z.string().meta({ description: 'Shown once; store it now.' }),
    role: z.string(),
    name: z.string(),
    expiresAt: dateTime.nullable(),
    company: z.string().optional().meta({ description: 'The company of a trader token.' }),
  })
  .meta({ id: 'CreatedToken' });

export const auditVerificationSchema = z
  .union([
    z.object({ ok: z.literal(true), entries: z.int() }),
    z.object({ ok: z.literal(false), firstBrokenSeq: z.int(), reason: z.string() }),
  ])
  .meta({ id: 'AuditVerification' });

export const healthSchema = z
  .object({ status: z.literal('ok'), authority: z.string() })
  .meta({ id: 'Health' });

export const numberParams = z.object({
  number: z
    .string()
    .min(1)
    .max(64)
    .meta({ param: { name: 'number', in: 'path' }, examples: ['RU-2026-000101'] }),
});
