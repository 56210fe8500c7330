import * as z from 'zod';
import { lineItemsSchema, sealsSchema, transitSchema } from './certificate-draft-schema.js';
import {
  authorityIdSchema,
  calendarDateSchema,
  originSchema,
  parcelsSchema,
  participantCodeSchema,
  text,
  textLimits,
} from './field-schemas.js';
import { totalsSchema, type LineItem, type Totals } from './line-item-schema.js';
import { partySchema, type Party } from './party-schema.js';

/**
 * A certificate as read off paper by an importing officer, from a partner without a node.
 * Like {@link Certificate} but `issuingAuthority` is the name printed on the form, and the
 * number is free text (each Participant designs its own form and numbering).
 */
export type PaperCertificateInput = {
  number: string;
  issuingAuthority: string;
  exportingParticipant: string;
  importingParticipant: string;
  importingAuthority?: string;
  exporter: Party;
  importer: Party;
  origin: string;
  items: LineItem[];
  totals: Totals;
  parcels: number;
  issuedOn: string;
  expiresOn: string;
  transit?: string[];
  seals?: string[];
  replaces?: string;
};

const printedNumber = (description: string) =>
  z
    .string()
    .min(1)
    .max(textLimits.number)
    .regex(/^[\x21-\x7E](?:[\x20-\x7E]*[\x21-\x7E])?$/)
    .meta({ description });

/** Schema of a {@link PaperCertificateInput} (`POST /api/v1/paper-certificates`). */
export const paperCertificateInputSchema = z
  .strictObject({
    number: printedNumber('Certificate number as printed.'),
    issuingAuthority: text(textLimits.name, 'Name of the issuing authority as printed.'),
    exportingParticipant: participantCodeSchema,
    importingParticipant: participantCodeSchema,
    importingAuthority: authorityIdSchema.exactOptional(),
    exporter: partySchema,
    importer: partySchema,
    origin: originSchema,
    items: lineItemsSchema,
    totals: totalsSchema,
    parcels: parcelsSchema,
    issuedOn: calendarDateSchema,
    expiresOn: calendarDateSchema,
    transit: transitSchema.exactOptional(),
    seals: sealsSchema.exactOptional(),
    replaces: printedNumber(
      'Number of the certificate this one replaces, as printed.',
    ).exactOptional(),
  })
  .meta({
    id: 'PaperCertificateInput',
    description:
      'A paper KP certificate recorded by the importing authority from a partner without a node (marked as paper).',
  }) satisfies z.ZodType<PaperCertificateInput>;
