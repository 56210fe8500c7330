import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8, utf8Decode } from '../bytes.js';
import { base45Decode, base45Encode } from './base45.js';

describe('base45 (RFC 9285)', () => {
  // RFC 9285 §4.3 and §4.4 examples.
  it.each([
    ['AB', 'BB8'],
    ['Hello!!', '%69 VD92EX0'],
    ['base-45', 'UJCLQE7W581'],
    ['ietf!', 'QED8WEX0'],
  ])('encodes %j as %j and back', (plain, encoded) => {
    expect(base45Encode(utf8(plain))).toBe(encoded);
    expect(utf8Decode(base45Decode(encoded)!)).toBe(plain);
  });

  it('refuses malformed input', () => {
    expect(base45Decode('GGW')).toBeUndefined(); // 65536 (RFC 9285 §4.3)
    expect(base45Decode('K1')).toStrictEqual(utf8('A')); // 20 + 1·45 = 65
    expect(base45Decode('BB')).toBeUndefined(); // 11 + 11·45 = 506 > 255 for a last pair
    expect(base45Decode('A')).toBeUndefined(); // length 3k+1
    expect(base45Decode(':Z')).toBeUndefined(); // 44 + 35·45 = 1619 > 255 for a last pair
    expect(base45Decode('qed')).toBeUndefined(); // lower case is not in the alphabet
    expect(base45Decode('ÄBC')).toBeUndefined();
    expect(base45Decode('')).toStrictEqual(new Uint8Array(0));
  });

  it('round-trips any bytes, and decodes only canonical text', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = base45Encode(bytes);
        expect(text).toMatch(/^[0-9A-Z $%*+\-./:]*$/);
        expect(base45Decode(text)).toStrictEqual(bytes);
      }),
    );
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'09AZ $%*+-./:'), maxLength: 30 }),
        (text) => {
          const bytes = base45Decode(text);
          if (bytes !== undefined) expect(base45Encode(bytes)).toBe(text);
        },
      ),
    );
  });
});
