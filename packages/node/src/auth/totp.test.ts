import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode } from './base32.js';
import { hotp, otpauthUri, totp, totpStep, verifyTotp } from './totp.js';

const ascii = (s: string) => new TextEncoder().encode(s);
// RFC 6238 Appendix B / RFC 4226 Appendix D: the SHA-1 seed is the ASCII "12345678901234567890".
const seed = ascii('12345678901234567890');

describe('HOTP (RFC 4226 Appendix D)', () => {
  it.each([
    [0, '755224'],
    [1, '287082'],
    [2, '359152'],
    [3, '969429'],
    [4, '338314'],
    [5, '254676'],
    [6, '287922'],
    [7, '162583'],
    [8, '399871'],
    [9, '520489'],
  ])('counter %i → %s', (counter, code) => {
    expect(hotp(seed, counter)).toBe(code);
  });
});

describe('TOTP (RFC 6238 Appendix B, SHA-1)', () => {
  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ])('T = %i s → %s (8 digits)', (seconds, code) => {
    expect(totp(seed, seconds * 1000, { digits: 8 })).toBe(code);
    expect(verifyTotp(seed, code, seconds * 1000, { digits: 8 })).toBe(totpStep(seconds * 1000));
  });

  it('uses 30-second steps and 6 digits by default', () => {
    expect(totpStep(59_000)).toBe(1);
    expect(totp(seed, 59_000)).toBe('287082'); // = HOTP(1) truncated to 6 digits
  });

  it('accepts the previous and the next step, nothing further', () => {
    const now = 1111111111_000;
    const step = totpStep(now);
    expect(verifyTotp(seed, hotp(seed, step - 1), now)).toBe(step - 1);
    expect(verifyTotp(seed, hotp(seed, step + 1), now)).toBe(step + 1);
    expect(verifyTotp(seed, hotp(seed, step - 2), now)).toBeUndefined();
    expect(verifyTotp(seed, hotp(seed, step + 2), now)).toBeUndefined();
  });

  it('accepts a code once: not at or before the last step used (RFC 6238 §5.2)', () => {
    const now = 1234567890_000;
    const step = totpStep(now);
    const code = hotp(seed, step);
    expect(verifyTotp(seed, code, now, { lastStep: step - 1 })).toBe(step);
    expect(verifyTotp(seed, code, now, { lastStep: step })).toBeUndefined();
  });

  it('refuses malformed codes', () => {
    for (const code of ['', '12345', '1234567', '12a456', ' 287082', '２８７０８２'])
      expect(verifyTotp(seed, code, 59_000)).toBeUndefined();
  });

  it('builds the otpauth:// URI authenticator apps read', () => {
    const uri = new URL(otpauthUri(seed, 'kpx RU-MINFIN', 'alice'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/kpx RU-MINFIN:alice');
    expect(uri.searchParams.get('secret')).toBe(base32Encode(seed));
    expect(uri.searchParams.get('issuer')).toBe('kpx RU-MINFIN');
    expect(uri.searchParams.get('algorithm')).toBe('SHA1');
    expect(uri.searchParams.get('digits')).toBe('6');
    expect(uri.searchParams.get('period')).toBe('30');
  });
});

describe('base32 (RFC 4648 §10)', () => {
  it.each([
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ])('%j ↔ %s', (text, encoded) => {
    expect(base32Encode(ascii(text))).toBe(encoded);
    expect(base32Decode(encoded)).toEqual(ascii(text));
    expect(base32Decode(`${encoded.toLowerCase()}======`)).toEqual(ascii(text));
  });

  it('refuses other characters and non-zero leftover bits', () => {
    expect(base32Decode('MZXW1')).toBeUndefined();
    expect(base32Decode('MZ')).toBeUndefined(); // "MY" is "f"; Z leaves bits set
  });

  it('round-trips a 160-bit secret', () => {
    const secret = Uint8Array.from({ length: 20 }, (_, i) => (i * 37 + 11) & 255);
    expect(base32Decode(base32Encode(secret))).toEqual(secret);
    expect(base32Encode(secret)).toHaveLength(32);
  });
});
