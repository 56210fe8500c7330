import * as z from 'zod';
import { text, textLimits } from './field-schemas.js';

/** Body of a rejection or cancellation: the reason, in plain words. */
export type ReasonInput = { reason: string };

const reason = text(textLimits.reason, 'Why, in plain words.');

/** Schema of a rejection at import (`POST /api/v1/certificates/{number}/rejection`). */
export const rejectionInputSchema = z.strictObject({ reason }).meta({
  id: 'RejectionInput',
  description: 'Rejection of a shipment at import (damaged container, mismatching content, …).',
}) satisfies z.ZodType<ReasonInput>;

/** Schema of a cancellation by the issuer (`POST /api/v1/certificates/{number}/cancellation`). */
export const cancellationInputSchema = z.strictObject({ reason }).meta({
  id: 'CancellationInput',
  description: 'Cancellation of a certificate by its issuer, before import is confirmed.',
}) satisfies z.ZodType<ReasonInput>;
