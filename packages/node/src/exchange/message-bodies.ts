import {
  certificateNumberSchema,
  confirmationInputSchema,
  textLimits,
  type Confirmation,
  type Discrepancy,
} from '@kpx/domain';
import { maxQrLength } from '@kpx/protocol';
import { z } from 'zod';

// Bodies of the envelopes nodes exchange, by message type. Part of the wire format: a partner's
// node validates them like any input (they arrive signed, but signed is not the same as sane).

const reason = z.string().min(1).max(textLimits.reason);
const number = certificateNumberSchema;

/**
 * `certificate.issued`: the vc+jwt exactly as signed, and (optional, added with the console) the
 * issuer's `KP1:` QR payload of it, so the importer can print the certificate with the same QR.
 */
export type CertificateIssuedBody = { certificate: string; qr?: string };
export const certificateIssuedBodySchema = z.strictObject({
  certificate: z.string().min(1),
  qr: z.string().min(4).max(maxQrLength).optional(),
});

/** `certificate.cancelled`: the issuer withdrew the certificate before import. */
export type CertificateCancelledBody = { number: string; reason: string };
export const certificateCancelledBodySchema = z.strictObject({ number, reason });

/** `certificate.superseded`: an amendment `replacedBy` (delivered as its own `certificate.issued`) replaces it. */
export type CertificateSupersededBody = { number: string; replacedBy: string };
export const certificateSupersededBodySchema = z.strictObject({ number, replacedBy: number });

/** `import.confirmed` (KPCS III(b)): what arrived, and the discrepancies the importer found. */
export type ImportConfirmedBody = {
  number: string;
  confirmation: Confirmation;
  discrepancies: Discrepancy[];
};
const discrepancySchema = z.strictObject({
  field: z.string(),
  expected: z.string(),
  actual: z.string(),
  difference: z.string(),
});
export const importConfirmedBodySchema = z.strictObject({
  number,
  confirmation: confirmationInputSchema,
  discrepancies: z.array(discrepancySchema).max(64),
});

/** `import.rejected`: the importing authority refused the shipment. */
export type ImportRejectedBody = { number: string; reason: string };
export const importRejectedBodySchema = z.strictObject({ number, reason });
