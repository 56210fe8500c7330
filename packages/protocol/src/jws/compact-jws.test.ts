import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../canonical-json.js';
import { isCanonicalJsonText } from './compact-jws.js';

// The definition the fast path of isCanonicalJsonText must agree with.
const byDefinition = (text: string): boolean => {
  try {
    return canonicalize(JSON.parse(text)) === text;
  } catch {
    return false;
  }
};
const check = (text: string): boolean => isCanonicalJsonText(text, JSON.parse(text));

describe('isCanonicalJsonText', () => {
  it('accepts RFC 8785 text and refuses every other spelling of the same value', () => {
    expect(check('{"a":2,"b":[1,{"c":null,"d":"é"}]}')).toBe(true);
    expect(check('{"b":1,"a":2}')).toBe(false); // members out of order (§3.2.3)
    expect(check('{"a":{"d":1,"c":2}}')).toBe(false); // out of order one level down
    expect(check('{"a": 2}')).toBe(false); // whitespace
    expect(check('{"a":1,"a":1}')).toBe(false); // duplicate member names
    expect(check('{"a":1.0}')).toBe(false); // number not in ECMAScript form (§3.2.2.3)
    expect(check('{"a":"\\u0041"}')).toBe(false); // needless escape (§3.2.2.2)
    // Array-index-like names: "10" sorts before "9" by code units, though JS enumerates 9 first.
    expect(check('{"10":1,"9":2}')).toBe(true);
    expect(check('{"9":2,"10":1}')).toBe(false);
    expect(check('{"__proto__":false,"b":0}')).toBe(true);
    expect(check('{"b":0,"__proto__":false}')).toBe(false);
  });

  it('agrees with canonicalize(JSON.parse(text)) === text on generated texts', () => {
    const texts = fc.jsonValue().chain((value) =>
      fc.constantFrom(
        canonicalize(value),
        JSON.stringify(value), // members in generation order
        JSON.stringify(value, null, 1),
      ),
    );
    fc.assert(
      fc.property(texts, (text) => {
        expect(check(text)).toBe(byDefinition(text));
      }),
      { numRuns: 1000 },
    );
  });
});
