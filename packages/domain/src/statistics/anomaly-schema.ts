import * as z from 'zod';
import { certificateNumberSchema, participantCodeSchema } from '../field-schemas.js';
import type { Anomaly } from './anomaly.js';
import { quarterSchema } from './period-schema.js';

/** Schema of an {@link Anomaly}. */
export const anomalySchema = z
  .strictObject({
    kind: z.enum(['value-per-carat', 'reuse', 'expired-unconfirmed', 'volume-jump']),
    number: certificateNumberSchema.exactOptional(),
    partner: participantCodeSchema.exactOptional(),
    period: quarterSchema.exactOptional(),
    detail: z.string().meta({ description: 'What was found, in plain English.' }),
    severity: z.enum(['low', 'medium', 'high']),
  })
  .meta({
    id: 'Anomaly',
    description:
      "A figure worth an analyst's look: value per carat out of band, reuse, expiry without confirmation, a volume jump.",
  }) satisfies z.ZodType<Anomaly>;
