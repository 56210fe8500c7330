import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalize } from './canonical-json.js';

describe('canonicalize (RFC 8785)', () => {
  it('serialises primitives as in the example of RFC 8785 §3.2.2', () => {
    // The input text is parsed by JSON.parse, exactly as RFC 8785 §3.2.2 shows it.
    const input = String.raw`{
      "numbers": [333333333.33333329, 1E30, 4.50,
                  2e-3, 0.000000000000000000000000001],
      "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
      "literals": [null, true, false]
    }`;
    expect(canonicalize(JSON.parse(input))).toBe(
      String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`,
    );
  });

  it('sorts members by UTF-16 code units as in the example of RFC 8785 §3.2.3', () => {
    const input = String.raw`{
      "\u20ac": "Euro Sign",
      "\r": "Carriage Return",
      "\ufb33": "Hebrew Letter Dalet With Dagesh",
      "1": "One",
      "\ud83d\ude00": "Emoji: Grinning Face",
      "\u0080": "Control",
      "\u00f6": "Latin Small Letter O With Diaeresis"
    }`;
    expect(canonicalize(JSON.parse(input))).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","ö":"Latin Small Letter O With Diaeresis",' +
        '"€":"Euro Sign","😀":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  // RFC 8785 Appendix B: IEEE 754 bit patterns and their serialisation.
  const appendixB: [string, string][] = [
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ];
  it.each(appendixB)('serialises the double %s as %s (Appendix B)', (hex, expected) => {
    const view = new DataView(new ArrayBuffer(8));
    view.setBigUint64(0, BigInt(`0x${hex}`));
    expect(canonicalize(view.getFloat64(0))).toBe(expected);
  });

  it('refuses NaN and Infinity (RFC 8785 §3.2.2.3)', () => {
    expect(() => canonicalize(Number.NaN)).toThrow();
    expect(() => canonicalize(Number.POSITIVE_INFINITY)).toThrow();
  });

  describe('properties', () => {
    const json = fc.jsonValue();

    it('is idempotent', () => {
      fc.assert(
        fc.property(json, (value) => {
          const once = canonicalize(value);
          expect(canonicalize(JSON.parse(once))).toBe(once);
        }),
      );
    });

    it('does not depend on member order', () => {
      const shuffle = (value: unknown, seed: number): unknown => {
        if (Array.isArray(value)) return value.map((v) => shuffle(v, seed));
        if (value === null || typeof value !== 'object') return value;
        const entries = Object.entries(value);
        const rotated = entries.map((_, i) => entries[(i + seed) % entries.length]!);
        return Object.fromEntries(rotated.reverse().map(([k, v]) => [k, shuffle(v, seed + 1)]));
      };
      fc.assert(
        fc.property(json, fc.nat(20), (value, seed) => {
          expect(canonicalize(shuffle(value, seed))).toBe(canonicalize(value));
        }),
      );
    });

    it('round-trips: JSON.parse(canonicalize(x)) deep-equals x', () => {
      fc.assert(
        fc.property(json, (value) => {
          // -0 serialises as 0 (RFC 8785 §3.2.2.3), the one value that does not round-trip.
          const normalised = JSON.parse(JSON.stringify(value), (_k, v: unknown) =>
            Object.is(v, -0) ? 0 : v,
          ) as unknown;
          expect(JSON.parse(canonicalize(value))).toStrictEqual(normalised);
        }),
      );
    });
  });
});

describe('canonicalize with a member named __proto__', () => {
  it('keeps it as a member when it sorts the members (JSON.parse makes it an own property)', () => {
    expect(canonicalize(JSON.parse('[{"b":0,"__proto__":false}]'))).toBe(
      '[{"__proto__":false,"b":0}]',
    );
  });
});

describe('canonicalize agrees with json-canonicalize (an independent RFC 8785 implementation)', () => {
  it('on generated JSON values', async () => {
    const { canonicalize: reference } = await import('json-canonicalize');
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalize(value)).toBe(reference(value));
      }),
      { numRuns: 500 },
    );
  });
});
