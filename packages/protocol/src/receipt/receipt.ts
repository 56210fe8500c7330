import type { KpxCode } from '@kpx/domain';
import { z } from 'zod';
import { uuidv7Pattern } from '../envelope/uuidv7.js';
import { utcDateTimePattern } from '../envelope/envelope.js';

/**
 * What a receiving node signs for every envelope it could authenticate: the message id, the
 * digest of the exact bytes received (see `envelopeDigest`), when, and whether it was accepted.
 * `code` says why a message was rejected.
 */
export type Receipt = {
  messageId: string;
  digest: string;
  receivedAt: string;
  result: 'accepted' | 'rejected';
  code?: KpxCode;
};

/** JWS `typ` of a receipt. */
export const receiptTyp = 'kpx-receipt+jwt';

/** zod schema of the receipt payload. */
export const receiptSchema = z.strictObject({
  messageId: z.string().regex(uuidv7Pattern, 'a lower-case UUIDv7'),
  digest: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'base64url SHA-256'),
  receivedAt: z.string().regex(utcDateTimePattern, 'an RFC 3339 UTC date-time'),
  result: z.enum(['accepted', 'rejected']),
  code: z
    .string()
    .regex(/^KPX_[A-Z0-9_]+$/)
    .optional(),
});
