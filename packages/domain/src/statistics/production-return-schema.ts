import * as z from 'zod';
import type { Amount } from '../amount.js';
import { amountSchema, originSchema, text, textLimits } from '../field-schemas.js';
import { halfYearSchema } from './period-schema.js';

/** Most entries in one production return: one per country of mining origin. */
export const maxProductionEntries = 100;

/**
 * Production of one country of mining origin in a half-year. `origin` is left out when the
 * Participant reports its production as one figure; `mines` is the number of producing mines,
 * when known.
 */
export type ProductionEntry = {
  origin?: string;
  carats: Amount;
  valueUsd: Amount;
  mines?: number;
  notes?: string;
};

/** A semi-annual production return (KPCS Annex III): the period and one entry per origin. */
export type ProductionReturn = { period: string; entries: ProductionEntry[] };

/** Schema of a {@link ProductionEntry}. */
export const productionEntrySchema = z
  .strictObject({
    origin: originSchema.exactOptional(),
    carats: amountSchema.describe('Carats produced; 0.00 when nothing was.'),
    valueUsd: amountSchema.describe('Value of the production in US$.'),
    mines: z.int().min(0).max(100_000).exactOptional().meta({
      description: 'Number of producing mines, when known.',
    }),
    notes: text(textLimits.remarks, 'Remarks of the analyst.').exactOptional(),
  })
  .meta({
    id: 'ProductionEntry',
    description:
      'Production of one country of mining origin in a half-year; origin left out for the Participant as a whole.',
  }) satisfies z.ZodType<ProductionEntry>;

/** Schema of a {@link ProductionReturn} (`POST /api/v1/production`). */
export const productionReturnSchema = z
  .strictObject({
    period: halfYearSchema,
    entries: z.array(productionEntrySchema).min(1).max(maxProductionEntries),
  })
  .meta({
    id: 'ProductionReturn',
    description:
      'Semi-annual production return (KPCS Annex III): carats and US$ produced, per country of mining origin.',
  }) satisfies z.ZodType<ProductionReturn>;
