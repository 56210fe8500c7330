import { describe, expect, it } from 'vitest';
import { errorCodes, isKpxCode, type KpxCode } from './error-codes.js';
import { KpxError } from './kpx-error.js';

describe('error codes', () => {
  it('are stable-looking codes with an HTTP status and a short title', () => {
    for (const [code, { status, title }] of Object.entries(errorCodes)) {
      expect(code).toMatch(/^KPX_[A-Z0-9_]+$/);
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(600);
      expect(title.length).toBeGreaterThan(3);
      expect(title.length).toBeLessThanOrEqual(60);
      expect(title).not.toMatch(/\.$/);
    }
  });

  it.each<[KpxCode, number]>([
    ['KPX_VALIDATION_FAILED', 422],
    ['KPX_JSON_INVALID', 400],
    ['KPX_STATUS_TRANSITION', 409],
    ['KPX_ALREADY_CONSUMED', 409],
    ['KPX_NOT_FOUND', 404],
    ['KPX_UNAUTHENTICATED', 401],
    ['KPX_FORBIDDEN', 403],
    ['KPX_CONFLICT', 409],
    ['KPX_IDEMPOTENCY_CONFLICT', 409],
    ['KPX_REPLAY_CONFLICT', 409],
    ['KPX_BODY_TOO_LARGE', 413],
    ['KPX_UNSUPPORTED_MEDIA_TYPE', 415],
    ['KPX_RATE_LIMITED', 429],
    ['KPX_INTERNAL', 500],
  ])('%s is HTTP %i', (code, status) => {
    expect(errorCodes[code].status).toBe(status);
  });

  it('include the codes other packages rely on', () => {
    const needed = `KPX_PARTICIPANT_UNKNOWN KPX_SAME_PARTICIPANT KPX_AUTHORITY_UNKNOWN
      KPX_AUTHORITY_NOT_OF_PARTICIPANT KPX_AUTHORITY_MAY_NOT_ISSUE KPX_AUTHORITY_MAY_NOT_IMPORT
      KPX_HS_UNKNOWN KPX_HS_DUPLICATE KPX_AMOUNT_INVALID KPX_CARATS_NOT_POSITIVE KPX_VALUE_NEGATIVE
      KPX_TOTALS_MISMATCH KPX_TOTAL_TOO_LARGE KPX_PARCELS_INVALID KPX_ORIGIN_INVALID KPX_DATE_INVALID
      KPX_EXPIRY_BEFORE_ISSUE KPX_VALIDITY_TOO_LONG KPX_TRANSIT_INVALID KPX_NUMBER_PATTERN
      KPX_STRING_TOO_LONG KPX_FIELD_REQUIRED KPX_FIELD_UNKNOWN KPX_TYPE_INVALID KPX_ITEMS_EMPTY
      KPX_SEAL_INVALID KPX_REPLACES_INVALID KPX_JWS_MALFORMED KPX_ALG_NOT_ALLOWED KPX_TYP_INVALID
      KPX_KEY_UNKNOWN KPX_KEY_NOT_YET_VALID KPX_KEY_EXPIRED KPX_KEY_REVOKED KPX_KEY_AUTHORITY_MISMATCH
      KPX_SIGNATURE_INVALID KPX_PAYLOAD_INVALID KPX_MESSAGE_MISADDRESSED KPX_MESSAGE_FROM_FUTURE
      KPX_MESSAGE_TOO_OLD KPX_DIGEST_MISMATCH KPX_QR_MALFORMED KPX_PARTICIPANT_SUSPENDED
      KPX_TRUST_LIST_STALE KPX_TRUST_LIST_ROLLBACK KPX_TRUST_LIST_INVALID KPX_CERTIFICATE_EXPIRED
      KPX_REUSE_DETECTED KPX_CONFIG_INVALID KPX_USAGE`.split(/\s+/);
    for (const code of needed) expect(isKpxCode(code), code).toBe(true);
    expect(isKpxCode('KPX_NOPE')).toBe(false);
    expect(isKpxCode('toString')).toBe(false);
  });
});

describe('KpxError', () => {
  it('carries code, registered status, detail and problems', () => {
    const problems = [{ code: 'KPX_HS_UNKNOWN' as const, path: '/items/0/hs', message: 'x' }];
    const e = new KpxError('KPX_VALIDATION_FAILED', { detail: 'The draft is not valid', problems });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('KpxError');
    expect(e.code).toBe('KPX_VALIDATION_FAILED');
    expect(e.status).toBe(422);
    expect(e.message).toBe('The draft is not valid');
    expect(e.detail).toBe('The draft is not valid');
    expect(e.problems).toBe(problems);
  });

  it('defaults the message to the title and keeps the cause', () => {
    const cause = new Error('disk');
    const e = new KpxError('KPX_NOT_FOUND', { cause });
    expect(e.message).toBe('Not found');
    expect(e.status).toBe(404);
    expect(e.cause).toBe(cause);
    expect('detail' in e).toBe(false);
    expect('problems' in e).toBe(false);
  });
});
