/**
 * The single registry of stable kpx error codes, each with its HTTP status and a short title.
 *
 * Every package adds its codes here (never elsewhere), so a code means one thing everywhere:
 * in a `Problem`, in a `KpxError`, in RFC 9457 problem+json at the HTTP edge, in a receipt.
 * Codes are public contract: never rename or reuse one; add a new one instead.
 *
 * @example
 * ```ts
 * errorCodes.KPX_NOT_FOUND.status; // 404
 * ```
 */
export const errorCodes = {
  // Input and validation (KPCS Annex I rules and the JSON shape)
  KPX_VALIDATION_FAILED: { status: 422, title: 'The input is not valid' },
  KPX_JSON_INVALID: { status: 400, title: 'The body is not valid JSON' },
  KPX_PARTICIPANT_UNKNOWN: { status: 422, title: 'Not a KP Participant' },
  KPX_SAME_PARTICIPANT: { status: 422, title: 'Exporting and importing Participant are the same' },
  KPX_AUTHORITY_UNKNOWN: { status: 422, title: 'Unknown authority' },
  KPX_AUTHORITY_NOT_OF_PARTICIPANT: {
    status: 422,
    title: 'The authority does not belong to the Participant',
  },
  KPX_AUTHORITY_MAY_NOT_ISSUE: { status: 422, title: 'The authority may not issue certificates' },
  KPX_AUTHORITY_MAY_NOT_IMPORT: { status: 422, title: 'The authority may not import' },
  KPX_HS_UNKNOWN: { status: 422, title: 'Not a rough-diamond HS code' },
  KPX_HS_DUPLICATE: { status: 422, title: 'The same HS code appears twice' },
  KPX_ITEMS_EMPTY: { status: 422, title: 'No line items' },
  KPX_ITEMS_TOO_MANY: { status: 422, title: 'Too many line items' },
  KPX_AMOUNT_INVALID: { status: 422, title: 'Not a valid amount' },
  KPX_CARATS_NOT_POSITIVE: { status: 422, title: 'Carats must be more than zero' },
  KPX_VALUE_NEGATIVE: { status: 422, title: 'Value must not be negative' },
  KPX_TOTALS_MISMATCH: { status: 422, title: 'Totals do not equal the sum of the lines' },
  KPX_TOTAL_TOO_LARGE: { status: 422, title: 'Total too large' },
  KPX_PARCELS_INVALID: { status: 422, title: 'Invalid number of parcels' },
  KPX_ORIGIN_INVALID: { status: 422, title: 'Invalid country of origin' },
  KPX_DATE_INVALID: { status: 422, title: 'Invalid date' },
  KPX_EXPIRY_BEFORE_ISSUE: { status: 422, title: 'Expiry date before issue date' },
  KPX_VALIDITY_TOO_LONG: { status: 422, title: 'Validity longer than the authority allows' },
  KPX_TRANSIT_INVALID: { status: 422, title: 'Invalid transit Participant' },
  KPX_NUMBER_PATTERN: { status: 422, title: 'Certificate number does not match the pattern' },
  KPX_STRING_TOO_LONG: { status: 422, title: 'Text too long' },
  KPX_FIELD_REQUIRED: { status: 422, title: 'Required field missing' },
  KPX_FIELD_UNKNOWN: { status: 422, title: 'Unknown field' },
  KPX_TYPE_INVALID: { status: 422, title: 'Wrong type' },
  KPX_SEAL_INVALID: { status: 422, title: 'Invalid seal number' },
  KPX_REPLACES_INVALID: { status: 422, title: 'Invalid replaced certificate number' },

  // Lifecycle and state
  KPX_STATUS_TRANSITION: { status: 409, title: 'Not allowed in the current status' },
  KPX_ALREADY_CONSUMED: { status: 409, title: 'Certificate already used for an import' },
  KPX_CERTIFICATE_EXPIRED: { status: 422, title: 'Certificate expired' },
  KPX_REUSE_DETECTED: { status: 409, title: 'Certificate presented again after use' },

  // HTTP and service
  KPX_NOT_FOUND: { status: 404, title: 'Not found' },
  KPX_UNAUTHENTICATED: { status: 401, title: 'Authentication required' },
  KPX_FORBIDDEN: { status: 403, title: 'Forbidden' },
  KPX_CONFLICT: { status: 409, title: 'Conflict' },
  KPX_IDEMPOTENCY_CONFLICT: { status: 409, title: 'Idempotency key reused with another request' },
  KPX_REPLAY_CONFLICT: { status: 409, title: 'Message id reused with other content' },
  KPX_BODY_TOO_LARGE: { status: 413, title: 'Body too large' },
  KPX_UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported media type' },
  KPX_RATE_LIMITED: { status: 429, title: 'Too many requests' },
  KPX_INTERNAL: { status: 500, title: 'Internal error' },

  // Signatures, messages and trust
  KPX_JWS_MALFORMED: { status: 400, title: 'Malformed JWS' },
  KPX_ALG_NOT_ALLOWED: { status: 400, title: 'Signature algorithm not allowed' },
  KPX_TYP_INVALID: { status: 400, title: 'Wrong document type' },
  KPX_KEY_UNKNOWN: { status: 401, title: 'Unknown signing key' },
  KPX_KEY_NOT_YET_VALID: { status: 401, title: 'Signing key not yet valid' },
  KPX_KEY_EXPIRED: { status: 401, title: 'Signing key expired' },
  KPX_KEY_REVOKED: { status: 401, title: 'Signing key revoked' },
  KPX_KEY_AUTHORITY_MISMATCH: { status: 401, title: 'Key belongs to another authority' },
  KPX_SIGNATURE_INVALID: { status: 401, title: 'Invalid signature' },
  KPX_PAYLOAD_INVALID: { status: 400, title: 'Invalid signed payload' },
  KPX_MESSAGE_MISADDRESSED: { status: 400, title: 'Message addressed to another authority' },
  KPX_MESSAGE_FROM_FUTURE: { status: 400, title: 'Message dated in the future' },
  KPX_MESSAGE_TOO_OLD: { status: 400, title: 'Message too old' },
  KPX_DIGEST_MISMATCH: { status: 400, title: 'Digest does not match' },
  KPX_QR_MALFORMED: { status: 400, title: 'Malformed QR payload' },
  KPX_PARTICIPANT_SUSPENDED: { status: 403, title: 'Participant suspended' },
  KPX_TRUST_LIST_STALE: { status: 503, title: 'Trust list out of date' },
  KPX_TRUST_LIST_ROLLBACK: { status: 409, title: 'Trust list older than the one held' },
  KPX_TRUST_LIST_INVALID: { status: 502, title: 'Invalid trust list' },
  KPX_REGISTRY_UNREACHABLE: { status: 503, title: 'The registry could not be reached' },
  KPX_NODE_UNREACHABLE: { status: 503, title: 'The node could not be reached' },
  KPX_PROTOCOL_VERSION_UNSUPPORTED: { status: 400, title: 'Unsupported kpx protocol version' },

  // Operator tools
  KPX_CONFIG_INVALID: { status: 500, title: 'Invalid configuration' },
  KPX_USAGE: { status: 400, title: 'Invalid command usage' },
  KPX_PASSPHRASE_WRONG: { status: 401, title: 'Wrong passphrase or damaged key file' },
  KPX_BACKUP_INVALID: { status: 422, title: 'Not a kpx backup, or a damaged one' },

  // Officer console (sessions, users, printing)
  KPX_SIGN_IN_FAILED: { status: 401, title: 'Wrong username or password' },
  KPX_TOTP_REQUIRED: { status: 401, title: 'A valid one-time code is required' },
  KPX_TOTP_INVALID: { status: 422, title: 'Wrong one-time code' },
  KPX_CSRF_FAILED: { status: 403, title: 'Missing or wrong CSRF token' },
  KPX_PASSWORD_WEAK: { status: 422, title: 'Password does not meet the policy' },
  KPX_PASSWORD_WRONG: { status: 403, title: 'Current password is wrong' },
  KPX_QR_UNAVAILABLE: { status: 409, title: 'No QR payload for this certificate' },

  // Statistics (KPCS section V, Annex III)
  KPX_PERIOD_INVALID: { status: 422, title: 'Invalid statistics period' },
  KPX_CSV_INVALID: { status: 422, title: 'Malformed CSV' },
  KPX_STATISTICS_INCONSISTENT: { status: 500, title: 'Statistics removed figures never added' },

  // Trader applications (docs/applications.md)
  KPX_COMPANY_REQUIRED: { status: 422, title: 'A trader account belongs to one company' },
  KPX_COMPANY_INACTIVE: { status: 403, title: 'The company is not active' },
  KPX_EXPORTER_MISMATCH: { status: 422, title: 'The exporter is not the applying company' },
  KPX_ATTACHMENT_INVALID: { status: 422, title: 'Attachment refused' },
  KPX_ATTACHMENT_TOO_LARGE: { status: 422, title: 'Attachment too large' },
  KPX_APPLICATION_STATE: { status: 409, title: 'Not allowed in the application’s current state' },
  KPX_WEBHOOK_TARGET_REFUSED: { status: 422, title: 'Webhook target not allowed' },
} as const satisfies Record<string, { status: number; title: string }>;

/** A stable kpx error code, e.g. `'KPX_SIGNATURE_INVALID'`. */
export type KpxCode = keyof typeof errorCodes;

/** True when `value` is a registered kpx error code. */
export function isKpxCode(value: unknown): value is KpxCode {
  return typeof value === 'string' && Object.hasOwn(errorCodes, value);
}
