import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  base64urlDecode,
  base64urlDecodePortable,
  base64urlEncode,
  base64urlEncodePortable,
  utf8,
  utf8Decode,
} from './bytes.js';

describe('base64url', () => {
  it('encodes the RFC 4648 §10 test vectors without padding', () => {
    const cases: [string, string][] = [
      ['', ''],
      ['f', 'Zg'],
      ['fo', 'Zm8'],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg'],
      ['fooba', 'Zm9vYmE'],
      ['foobar', 'Zm9vYmFy'],
    ];
    for (const [plain, encoded] of cases) {
      expect(base64urlEncode(utf8(plain))).toBe(encoded);
      expect(utf8Decode(base64urlDecode(encoded)!)).toBe(plain);
    }
  });

  it('uses the URL-safe alphabet (RFC 4648 §5)', () => {
    expect(base64urlEncode(new Uint8Array([0xfb, 0xff]))).toBe('-_8');
  });

  it('refuses padding, other alphabets, impossible lengths and non-zero trailing bits', () => {
    // 'Zh' and 'Zm9' differ from 'Zg' ('f') and 'Zm8' ('fo') only in bits no byte uses.
    for (const bad of ['Zg==', 'Zm9v+', 'Zm9v/', 'Z', 'Zm9 v', 'Zh', 'Zm9', 'Zm-', 'Zм']) {
      expect(base64urlDecode(bad), bad).toBeUndefined();
    }
  });

  it('round-trips any bytes, and every string it accepts re-encodes to itself', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(base64urlDecode(base64urlEncode(bytes))).toStrictEqual(bytes);
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'AQgw-_Zz09'), maxLength: 40 }), (text) => {
        const bytes = base64urlDecode(text);
        if (bytes !== undefined) expect(base64urlEncode(bytes)).toBe(text);
      }),
    );
  });

  it('decodes UTF-8 strictly', () => {
    expect(utf8Decode(new Uint8Array([0xc3, 0x28]))).toBeUndefined();
    expect(utf8Decode(utf8('Алмаз'))).toBe('Алмаз');
  });
});

describe('base64url fast path agrees with the portable codec', () => {
  it('on random bytes and on random strings', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = base64urlEncode(bytes);
        expect(text).toBe(base64urlEncodePortable(bytes));
        expect(base64urlDecode(text)).toEqual(base64urlDecodePortable(text));
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9_=+/-]{0,40}$/), (text) => {
        expect(base64urlDecode(text)).toEqual(base64urlDecodePortable(text));
      }),
      { numRuns: 2000 },
    );
  });
});
