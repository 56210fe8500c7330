import * as z from 'zod';
import {
  amountSchema,
  calendarDateSchema,
  certificateNumberSchema,
  participantCodeSchema,
} from '../field-schemas.js';
import { certificateStatuses } from '../next-status.js';
import { quarterSchema } from './period-schema.js';
import type { ReconciliationGroup } from './reconcile.js';

const totals = z.strictObject({
  certificates: z.int().min(0),
  carats: amountSchema,
  valueUsd: amountSchema,
  parcels: z.int().min(0),
});

/** Schema of a {@link ReconciliationGroup} (`GET /api/v1/reconciliation`). */
export const reconciliationGroupSchema = z
  .strictObject({
    period: quarterSchema.describe('Quarter of the date of issue.'),
    exporter: participantCodeSchema,
    importer: participantCodeSchema,
    exports: totals.describe('Live certificates issued in the quarter, as issued.'),
    imports: totals.describe('Confirmations of certificates issued in the quarter, as confirmed.'),
    matched: z.int().min(0).meta({ description: 'Certificates confirmed on both sides.' }),
    discrepancies: z.array(
      z.strictObject({
        number: certificateNumberSchema,
        differences: z.array(
          z.strictObject({
            field: z.enum(['parcels', 'carats', 'valueUsd', 'issuedOn']),
            expected: z.string().meta({ description: 'The export side figure.' }),
            actual: z.string().meta({ description: 'The import side figure.' }),
            difference: z.string().meta({
              description: 'actual − expected: "-12.30"; whole parcels or days.',
            }),
          }),
        ),
      }),
    ),
    overdue: z.array(
      z.strictObject({
        number: certificateNumberSchema,
        issuedOn: calendarDateSchema,
        status: z.enum(certificateStatuses),
        daysOpen: z.int(),
      }),
    ),
    notMirrored: z.array(certificateNumberSchema).meta({
      description: 'Confirmed on the export side, but no confirmation on the import side.',
    }),
    unknownConfirmations: z.array(
      z.strictObject({
        number: certificateNumberSchema,
        confirmedOn: calendarDateSchema.exactOptional(),
        reason: z.enum(['unknown', 'cancelled', 'superseded', 'route-mismatch', 'duplicate']),
      }),
    ),
  })
  .meta({
    id: 'ReconciliationGroup',
    description:
      'Mirror reconciliation of one exporter → importer route in one quarter: totals of both sides, per-certificate differences, overdue exports, unknown confirmations.',
  }) satisfies z.ZodType<ReconciliationGroup>;
