import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64urlEncode, utf8 } from '../bytes.js';
import { canonicalize } from '../canonical-json.js';
import { isCanonicalJsonText, parseCompactJws } from './compact-jws.js';

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

describe('parseCompactJws', () => {
  const b64 = (text: string) => base64urlEncode(utf8(text));
  const notUtf8 = base64urlEncode(new Uint8Array([0xc3, 0x28]));
  const header = b64('{"alg":"EdDSA","kid":"k1","typ":"vc+jwt"}');
  const payload = b64('{"a":1}');
  const signature = base64urlEncode(new Uint8Array(64));

  it('reports the first failure: base64url of each part, then UTF-8, then JSON', () => {
    const cases: [string, string][] = [
      [`!.${payload}.${signature}`, 'header is not base64url'],
      [`${notUtf8}.!.${signature}`, 'payload is not base64url'],
      [`${b64('[')}.${payload}.!`, 'signature is not base64url'],
      [`${notUtf8}.${notUtf8}.${signature}`, 'header is not UTF-8'],
      [`${b64('[')}.${notUtf8}.${signature}`, 'payload is not UTF-8'],
      [`${b64('[1]')}.${b64('{')}.${signature}`, 'header is not a JSON object'],
      [`${header}.${b64('{')}.${signature}`, 'payload is not JSON'],
    ];
    // Twice: the second parse of each header segment may come from the header cache.
    for (let round = 0; round < 2; round++) {
      for (const [jws, message] of cases)
        expect(parseCompactJws(jws)).toStrictEqual({ ok: false, message });
    }
  });

  it('gives the same result for a header seen before, and a header no caller can change', () => {
    const jws = `${header}.${payload}.${signature}`;
    const first = parseCompactJws(jws);
    const again = parseCompactJws(jws);
    expect(again).toStrictEqual(first);
    if (!again.ok) throw new Error('a well-formed token did not parse');
    expect(again.value.header).toStrictEqual({ alg: 'EdDSA', kid: 'k1', typ: 'vc+jwt' });
    expect(() => {
      again.value.header.kid = 'k2';
    }).toThrow(TypeError);
    expect(parseCompactJws(jws)).toStrictEqual(first);
    expect(again.value.signingInput).toStrictEqual(utf8(`${header}.${payload}`));
  });

  it('parses headers with members that are not strings afresh each time', () => {
    const jws = `${b64('{"alg":"EdDSA","crit":["b64"],"kid":"k1"}')}.${payload}.${signature}`;
    const first = parseCompactJws(jws);
    const again = parseCompactJws(jws);
    if (!first.ok || !again.ok) throw new Error('a well-formed token did not parse');
    expect(again.value.header).toStrictEqual({ alg: 'EdDSA', crit: ['b64'], kid: 'k1' });
    expect(again.value.header).not.toBe(first.value.header);
  });
});
