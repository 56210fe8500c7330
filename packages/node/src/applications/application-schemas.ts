import { certificateDraftSchema, confirmationInputSchema } from '@kpx/domain';
import { z } from 'zod';
import { applicationStatuses, decisionActions } from './application-states.js';
import { attachmentKinds } from './attachments.js';

// Request and response schemas of trader applications (docs/applications.md): validation at
// the HTTP boundary and the OpenAPI document from the same objects. The draft itself is checked
// by the domain's validateDraft — the very rules an officer's issue goes through.

const dateTime = z.string().meta({ format: 'date-time' });

export const attachmentInputSchema = z
  .strictObject({
    kind: z.enum(attachmentKinds),
    filename: z.string().max(1000).meta({ description: 'A plain name ending in `.pdf`.' }),
    contentType: z.string().max(200).meta({ description: 'Must be `application/pdf`.' }),
    content: z.string().meta({ description: 'The file, base64 (RFC 4648 §4, padded).' }),
  })
  .meta({ id: 'AttachmentInput' });

/** What `POST /api/v1/applications` reads (the draft is validated by the domain afterwards). */
export const applicationInputSchema = z.strictObject({
  draft: z.unknown(),
  attachments: z.array(attachmentInputSchema).max(64),
});

/** The same, as the OpenAPI document shows it. */
export const applicationRequestSchema = z
  .strictObject({
    draft: certificateDraftSchema,
    attachments: z
      .array(attachmentInputSchema)
      .meta({ description: 'At least an invoice and a packing list, PDF each.' }),
  })
  .meta({ id: 'ApplicationRequest' });

export const decisionRequestSchema = z
  .strictObject({
    action: z.enum(decisionActions),
    reason: z
      .string()
      .trim()
      .min(1)
      .max(2000)
      .optional()
      .meta({ description: 'Required for `request-changes` and `refuse`.' }),
    seals: z
      .array(z.string().trim().min(1).max(64))
      .max(100)
      .optional()
      .meta({ description: '`approve`: the container seal ids the officer checked.' }),
    check: z
      .string()
      .trim()
      .min(1)
      .max(2000)
      .optional()
      .meta({ description: '`approve`: the KPCS validation check done (what was inspected).' }),
  })
  .meta({ id: 'ApplicationDecision' });

const attachmentViewSchema = z
  .object({
    id: z.string(),
    kind: z.enum(attachmentKinds),
    filename: z.string(),
    contentType: z.string(),
    size: z.int(),
    sha256: z.string().meta({ description: 'Hex SHA-256 of the stored bytes.' }),
  })
  .meta({ id: 'AttachmentView' });

const eventSchema = z.object({
  at: dateTime,
  type: z.string(),
  actor: z.string(),
  data: z.unknown().optional(),
});

export const applicationSummarySchema = z
  .object({
    id: z.string(),
    company: z.object({ id: z.string(), name: z.string() }),
    status: z.enum(applicationStatuses),
    exporter: z.string(),
    importingParticipant: z.string(),
    carats: z.string(),
    valueUsd: z.string(),
    submittedAt: dateTime,
    updatedAt: dateTime,
    waitingSeconds: z
      .int()
      .nullable()
      .meta({ description: 'Since submission, while an officer still has to act; else null.' }),
    certificateNumber: z.string().nullable(),
    certificateStatus: z.string().nullable(),
  })
  .meta({ id: 'ApplicationSummary' });

export const applicationPageSchema = z
  .object({ items: z.array(applicationSummarySchema), nextCursor: z.string().nullable() })
  .meta({ id: 'ApplicationPage', description: 'Pass nextCursor as cursor for the next page.' });

const discrepancySchema = z.object({
  field: z.string(),
  expected: z.string(),
  actual: z.string(),
  difference: z.string(),
});

export const applicationDetailSchema = applicationSummarySchema
  .extend({
    draft: certificateDraftSchema,
    attachments: z.array(attachmentViewSchema),
    submittedBy: z.string(),
    decidedAt: dateTime.nullable(),
    decidedBy: z.string().nullable(),
    reason: z.string().nullable(),
    seals: z.array(z.string()).nullable(),
    check: z.string().nullable(),
    events: z.array(eventSchema),
    certificate: z
      .object({
        number: z.string(),
        status: z.string(),
        delivery: z.string(),
        issuedOn: z.string(),
        expiresOn: z.string(),
        events: z.array(eventSchema),
        confirmation: confirmationInputSchema
          .pick({
            parcels: true,
            carats: true,
            valueUsd: true,
            receivedOn: true,
            sealsIntact: true,
          })
          .extend({ discrepancies: z.array(discrepancySchema), confirmedAt: dateTime })
          .nullable(),
      })
      .nullable()
      .meta({ description: 'The certificate issued from it, and how it moved since.' }),
  })
  .meta({ id: 'ApplicationDetail' });

export const applicationIdParams = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .meta({ param: { name: 'id', in: 'path' } }),
});

export type ApplicationDetail = z.infer<typeof applicationDetailSchema>;
export type ApplicationSummary = z.infer<typeof applicationSummarySchema>;
