import * as z from 'zod';
import type { Amount } from './amount.js';
import { lineItemsSchema } from './certificate-draft-schema.js';
import {
  amountSchema,
  calendarDateSchema,
  parcelsSchema,
  text,
  textLimits,
} from './field-schemas.js';
import type { LineItem } from './line-item-schema.js';

/**
 * What the importing authority found when the shipment arrived: the import confirmation of
 * KPCS III(b) and Annex I part B (parcels, carats, value, HS, date of receipt).
 */
export type Confirmation = {
  parcels: number;
  carats: Amount;
  valueUsd: Amount;
  items?: LineItem[];
  receivedOn: string;
  sealsIntact: boolean;
  remarks?: string;
};

/** Schema of a {@link Confirmation} (`POST /api/v1/certificates/{number}/confirmation`). */
export const confirmationInputSchema = z
  .strictObject({
    parcels: parcelsSchema,
    carats: amountSchema.describe('Total carats received; more than zero.'),
    valueUsd: amountSchema.describe('Total value in US$ as declared at import.'),
    items: lineItemsSchema.exactOptional(),
    receivedOn: calendarDateSchema.describe('Date the shipment was received.'),
    sealsIntact: z
      .boolean()
      .meta({ description: 'Whether the seals and container arrived intact.' }),
    remarks: text(textLimits.remarks, 'Remarks of the importing officer.').exactOptional(),
  })
  .meta({
    id: 'ConfirmationInput',
    description:
      'Import confirmation (KPCS III(b)): what arrived. items, when given, must sum to the totals.',
  }) satisfies z.ZodType<Confirmation>;
