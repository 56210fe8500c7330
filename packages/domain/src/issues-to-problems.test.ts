import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { issuesToProblems, jsonKind, preview } from './issues-to-problems.js';
import { jsonPointer } from './problem.js';

describe('issuesToProblems', () => {
  it('builds RFC 6901 pointers', () => {
    expect(jsonPointer([])).toBe('');
    expect(jsonPointer(['items', 0, 'hs'])).toBe('/items/0/hs');
    expect(jsonPointer(['a/b', 'c~d'])).toBe('/a~1b/c~0d');
  });

  it('renders received values safely and briefly', () => {
    expect(preview('x'.repeat(100))).toBe(JSON.stringify(`${'x'.repeat(40)}…`));
    expect(preview(1.5)).toBe('1.5');
    expect(preview(null)).toBe('null');
    expect(preview({ a: 1 })).toBe('an object');
    expect(jsonKind([])).toBe('an array');
  });

  it('falls back to KPX_VALIDATION_FAILED for fields it has no rule for', () => {
    const schema = z.strictObject({
      other: z.string().regex(/^a$/),
      n: z.number().max(3),
      list: z.array(z.number()).max(1),
    });
    const input = { other: 'b', n: 4, list: [1, 2] };
    const parsed = schema.safeParse(input);
    expect(parsed.success).toBe(false);
    const problems = issuesToProblems(parsed.error!.issues, input);
    expect(problems.map((p) => `${p.code} ${p.path}`)).toEqual([
      'KPX_VALIDATION_FAILED /other',
      'KPX_VALIDATION_FAILED /n',
      'KPX_VALIDATION_FAILED /list',
    ]);
  });

  it('reports one problem per path', () => {
    const schema = z.strictObject({
      origin: z
        .string()
        .max(5)
        .regex(/^[A-Z]{2}$/),
    });
    const input = { origin: 'x'.repeat(10) };
    const problems = issuesToProblems(schema.safeParse(input).error!.issues, input);
    expect(problems).toEqual([
      {
        code: 'KPX_ORIGIN_INVALID',
        path: '/origin',
        message: expect.stringContaining('"xxxxxxxxxx"'),
      },
    ]);
  });
});
