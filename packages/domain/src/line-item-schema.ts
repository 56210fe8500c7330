import * as z from 'zod';
import type { Amount } from './amount.js';
import { amountSchema, hsCodeSchema } from './field-schemas.js';
import type { HsCode } from './hs-codes.js';

/** One HS line of a certificate: carats and US$ value for one HS subheading (KPCS Annex I). */
export type LineItem = { hs: HsCode; carats: Amount; valueUsd: Amount };

/** Carats and value of a whole shipment. */
export type Totals = { carats: Amount; valueUsd: Amount };

/** Schema of a {@link LineItem}. */
export const lineItemSchema = z
  .strictObject({
    hs: hsCodeSchema,
    carats: amountSchema.describe('Carat weight, two decimal places; more than zero.'),
    valueUsd: amountSchema.describe('Value in US$, two decimal places.'),
  })
  .meta({
    id: 'LineItem',
    description: 'Carat weight and US$ value for one HS subheading.',
  }) satisfies z.ZodType<LineItem>;

/** Schema of {@link Totals}. */
export const totalsSchema = z
  .strictObject({
    carats: amountSchema.describe('Total carat weight: the sum of the lines.'),
    valueUsd: amountSchema.describe('Total value in US$: the sum of the lines.'),
  })
  .meta({
    id: 'Totals',
    description: 'Shipment totals, equal to the sums of the lines.',
  }) satisfies z.ZodType<Totals>;
