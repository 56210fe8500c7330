import * as z from 'zod';
import { amountPattern } from './amount.js';
import { maxNumberLength } from './certificate-number.js';
import { hsCodeValues } from './hs-codes.js';

/** Caps on text fields, applied by every schema (and published in the JSON Schemas). */
export const textLimits = Object.freeze({
  name: 200,
  address: 500,
  licence: 64,
  reason: 1000,
  remarks: 1000,
  seal: 64,
  seals: 50,
  transit: 10,
  authorityId: 64,
  number: maxNumberLength,
});

/** Parcels per shipment: a whole number from 1 to this (KPCS Annex I: number of parcels). */
export const maxParcels = 100_000;

// The patterns of the schemas below, named so that the certificate's fast accept path
// (certificate-fast-path.ts) tests exactly what the schemas test.
/** Shape of a Participant code. */
export const participantCodePattern = /^[A-Z]{2}$/;
/** Shape of an authority id. */
export const authorityIdPattern = /^[A-Z]{2}(-[A-Z0-9]+)+$/;
/** Shape of a country of origin. */
export const originPattern = /^(?:[A-Z]{2}|MIXED)$/;
/** Shape of a seal number. */
export const sealPattern = /^[\x21-\x7E](?:[\x20-\x7E]*[\x21-\x7E])?$/;
/** Shape of a certificate number. */
export const certificateNumberPattern = /^[A-Z]{2}[A-Z0-9\-/.]*$/;
/** Longest amount text. */
export const maxAmountLength = 18;
/** Longest calendar date text. */
export const maxDateLength = 10;

/** Exact decimal amount with two places, as a string. */
export const amountSchema = z
  .string()
  .max(maxAmountLength)
  .regex(amountPattern)
  .meta({
    id: 'Amount',
    description:
      'Exact decimal with exactly two places, no sign or exponent, at most 15 integer digits, e.g. "1520.35".',
    examples: ['1520.35'],
  });

/** Calendar date `YYYY-MM-DD`. */
export const calendarDateSchema = z.iso
  .date()
  .max(maxDateLength)
  .meta({
    id: 'CalendarDate',
    description: 'A calendar date, YYYY-MM-DD (RFC 3339 full-date).',
    examples: ['2026-07-01'],
  });

/** A Participant code: ISO 3166-1 alpha-2, or `EU`. */
export const participantCodeSchema = z
  .string()
  .max(2)
  .regex(participantCodePattern)
  .meta({
    id: 'ParticipantCode',
    description: 'A KP Participant: ISO 3166-1 alpha-2 code, or "EU" for the European Union.',
    examples: ['RU', 'EU'],
  });

/** An authority id, e.g. `EU-BE-ANTWERP`: the Participant code, then dash-separated parts. */
export const authorityIdSchema = z
  .string()
  .max(textLimits.authorityId)
  .regex(authorityIdPattern)
  .meta({
    id: 'AuthorityId',
    description: 'A KP authority id: the Participant code, then dash-separated parts.',
    examples: ['RU-MINFIN', 'EU-BE-ANTWERP'],
  });

/**
 * Country of origin. KPCS Annex I asks for the country of origin of unmixed parcels; the EU
 * (2019) prints the country of **mining** origin. That country need not be a Participant code:
 * Greenland (`GL`) mines under the EU's participation, and EU member states are countries, not
 * Participants. So any ISO 3166-1 alpha-2 shape is accepted, or `MIXED` for parcels combined
 * from several origins (re-exports).
 */
export const originSchema = z
  .string()
  .max(5)
  .regex(originPattern)
  .meta({
    id: 'Origin',
    description:
      'Country of mining origin, ISO 3166-1 alpha-2, or "MIXED" for parcels of several origins.',
    examples: ['RU', 'MIXED'],
  });

/** An HS subheading of rough diamonds. */
export const hsCodeSchema = z.enum(hsCodeValues).meta({
  id: 'HsCode',
  description:
    'HS subheading: 7102.10 unsorted, 7102.21 industrial, 7102.31 non-industrial (gem quality).',
});

/** A seal or security-bag number: printable ASCII, no leading or trailing space. */
export const sealSchema = z
  .string()
  .max(textLimits.seal)
  .regex(sealPattern)
  .meta({
    id: 'SealNumber',
    description: 'Number of a seal or tamper-evident bag on the container (printable ASCII).',
    examples: ['RU-S-000123'],
  });

/** A certificate number: starts with the issuer's Participant code (KPCS Annex I). */
export const certificateNumberSchema = z
  .string()
  .max(textLimits.number)
  .regex(certificateNumberPattern)
  .meta({
    id: 'CertificateNumber',
    description:
      "Unique certificate number, prefixed with the issuer's Participant code, in the issuing authority's pattern.",
    examples: ['RU-2026-000101'],
  });

/** Number of parcels in the shipment. */
export const parcelsSchema = z
  .int()
  .min(1)
  .max(maxParcels)
  .meta({
    description: 'Number of parcels in the shipment, 1 to 100000.',
    examples: [4],
  });

/** Free text with a cap. */
export const text = (max: number, description: string) =>
  z.string().min(1).max(max).meta({ description });
