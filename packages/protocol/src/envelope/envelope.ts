import { z } from 'zod';
import { uuidv7Pattern } from './uuidv7.js';

/** The kinds of message nodes exchange (ARCHITECTURE.md "Wire formats"). */
export type MessageType =
  | 'certificate.issued'
  | 'certificate.cancelled'
  | 'certificate.superseded'
  | 'import.confirmed'
  | 'import.rejected'
  | 'statistics.return';

/** Every {@link MessageType}. */
export const messageTypes: readonly MessageType[] = [
  'certificate.issued',
  'certificate.cancelled',
  'certificate.superseded',
  'import.confirmed',
  'import.rejected',
  'statistics.return',
];

/**
 * A message between authorities, the payload of a `kpx-message+jwt`. `id` is a UUIDv7, `from`
 * and `to` authority ids, `createdAt` an RFC 3339 UTC date-time, `body` any JSON value
 * whose shape depends on `type`.
 */
export type Envelope = {
  id: string;
  type: MessageType;
  from: string;
  to: string;
  createdAt: string;
  body: unknown;
};

/** JWS `typ` of an envelope. */
export const envelopeTyp = 'kpx-message+jwt';

/** Authority ids: upper-case ASCII words joined by `-`, e.g. `EU-BE-ANTWERP`. */
export const authorityIdPattern = /^[A-Z0-9]+(-[A-Z0-9]+)*$/;

/** RFC 3339 UTC date-time with optional fraction, e.g. `2026-03-02T09:00:00.000Z`. */
export const utcDateTimePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/** zod schema of the envelope payload. */
export const envelopeSchema = z
  .strictObject({
    id: z.string().regex(uuidv7Pattern, 'a lower-case UUIDv7'),
    type: z.enum(messageTypes as [MessageType, ...MessageType[]]),
    from: z.string().regex(authorityIdPattern, 'an authority id'),
    to: z.string().regex(authorityIdPattern, 'an authority id'),
    createdAt: z.string().regex(utcDateTimePattern, 'an RFC 3339 UTC date-time'),
    body: z.unknown(),
  })
  .refine((e) => e.body !== undefined, { message: 'body is required', path: ['body'] });
