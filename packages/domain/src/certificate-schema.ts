import * as z from 'zod';
import { lineItemsSchema, sealsSchema, transitSchema } from './certificate-draft-schema.js';
import {
  authorityIdSchema,
  calendarDateSchema,
  certificateNumberSchema,
  originSchema,
  parcelsSchema,
  participantCodeSchema,
} from './field-schemas.js';
import { totalsSchema, type LineItem, type Totals } from './line-item-schema.js';
import { partySchema, type Party } from './party-schema.js';

/**
 * A KP certificate: the data of KPCS Annex I part A. It is the `credentialSubject` of the
 * signed credential; the statement and title are rendering only.
 */
export type Certificate = {
  number: string;
  issuingAuthority: string;
  exportingParticipant: string;
  importingParticipant: string;
  importingAuthority: string;
  exporter: Party;
  importer: Party;
  origin: string;
  items: LineItem[];
  totals: Totals;
  parcels: number;
  issuedOn: string;
  expiresOn: string;
  transit: string[];
  seals: string[];
  replaces?: string;
};

/** Schema of a {@link Certificate}. */
export const certificateSchema = z
  .strictObject({
    number: certificateNumberSchema,
    issuingAuthority: authorityIdSchema,
    exportingParticipant: participantCodeSchema,
    importingParticipant: participantCodeSchema,
    importingAuthority: authorityIdSchema,
    exporter: partySchema,
    importer: partySchema,
    origin: originSchema,
    items: lineItemsSchema,
    totals: totalsSchema,
    parcels: parcelsSchema,
    issuedOn: calendarDateSchema,
    expiresOn: calendarDateSchema,
    transit: transitSchema,
    seals: sealsSchema,
    replaces: certificateNumberSchema.exactOptional(),
  })
  .meta({
    id: 'Certificate',
    description:
      'A Kimberley Process certificate (KPCS Annex I): the credentialSubject of the signed vc+jwt. replaces names the certificate it amends.',
  }) satisfies z.ZodType<Certificate>;
