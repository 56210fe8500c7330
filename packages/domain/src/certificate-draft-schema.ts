import * as z from 'zod';
import {
  authorityIdSchema,
  calendarDateSchema,
  certificateNumberSchema,
  originSchema,
  parcelsSchema,
  participantCodeSchema,
  sealSchema,
  textLimits,
} from './field-schemas.js';
import { lineItemSchema, totalsSchema, type LineItem, type Totals } from './line-item-schema.js';
import { partySchema, type Party } from './party-schema.js';

/** Most HS lines on one certificate: one per HS subheading. */
export const maxItems = 3;

/**
 * What an exporting officer submits to issue a certificate (`POST /api/v1/certificates`).
 * The issuing authority, number and date of issue come from the node, not the draft.
 */
export type CertificateDraft = {
  importingParticipant: string;
  importingAuthority?: string;
  exporter: Party;
  importer: Party;
  origin: string;
  items: LineItem[];
  totals?: Totals;
  parcels: number;
  expiresOn?: string;
  transit?: string[];
  seals?: string[];
  replaces?: string;
};

/** The line items of a certificate: 1 to 3, one per HS subheading. */
export const lineItemsSchema = z
  .array(lineItemSchema)
  .min(1)
  .max(maxItems)
  .meta({ description: 'One line per HS subheading (1 to 3 lines, each HS at most once).' });

/** Transit Participants, in order. */
export const transitSchema = z.array(participantCodeSchema).max(textLimits.transit).meta({
  description:
    'Participants the shipment passes through unopened (KPCS: transit is stated on the certificate).',
});

/** Seal numbers. */
export const sealsSchema = z
  .array(sealSchema)
  .max(textLimits.seals)
  .meta({ description: 'Numbers of the seals or security bags of the sealed container.' });

/** Schema of a {@link CertificateDraft} (the issue body of the HTTP API). */
export const certificateDraftSchema = z
  .strictObject({
    importingParticipant: participantCodeSchema,
    importingAuthority: authorityIdSchema.exactOptional(),
    exporter: partySchema,
    importer: partySchema,
    origin: originSchema,
    items: lineItemsSchema,
    totals: totalsSchema.exactOptional(),
    parcels: parcelsSchema,
    expiresOn: calendarDateSchema.exactOptional(),
    transit: transitSchema.exactOptional(),
    seals: sealsSchema.exactOptional(),
    replaces: certificateNumberSchema.exactOptional(),
  })
  .meta({
    id: 'CertificateDraft',
    description:
      "Request to issue a KP certificate. importingAuthority defaults to the Participant's default importing authority, expiresOn to the issuing authority's default validity; totals, if given, must equal the sums of the lines; replaces names the certificate this one amends.",
  }) satisfies z.ZodType<CertificateDraft>;
