import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from './parse-csv.js';
import { csvCell, toCsv } from './to-csv.js';

describe('csvCell', () => {
  it.each<[unknown, string]>([
    ['plain', 'plain'],
    ['1520.35', '1520.35'],
    ['-12.30', '-12.30'],
    ['+5', '+5'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\r\nlines', '"two\r\nlines"'],
    ['=1+2', "'=1+2"],
    ['+1+2', "'+1+2"],
    ['-1+2', "'-1+2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['-', "'-"],
    ['\tx', "'\tx"],
    ['=HYPERLINK("http://x","y")', '"\'=HYPERLINK(""http://x"",""y"")"'],
    ['a=b', 'a=b'],
    [42, '42'],
    [-1, '-1'],
    [true, 'true'],
    [null, ''],
    [undefined, ''],
    [['7102.31'], '"[""7102.31""]"'],
  ])('writes %j as %s', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('writes a bigint in full', () => {
    expect(csvCell(10n ** 20n)).toBe('100000000000000000000');
  });
});

describe('toCsv', () => {
  const rows = [
    { period: '2026-Q3', partner: 'EU', carats: '1520.35', note: 'Antwerp, BE' },
    { period: '2026-Q3', partner: 'AE', carats: '0.01', note: '=cmd|"/c calc"!A1' },
  ];

  it('writes a header and one CRLF-ended line per row, columns in the given order', () => {
    expect(toCsv(rows, ['partner', { key: 'carats', header: 'Carats (ct)' }])).toBe(
      'partner,Carats (ct)\r\nEU,1520.35\r\nAE,0.01\r\n',
    );
  });

  it('quotes and neutralises text, and reads back', () => {
    const text = toCsv(rows, ['period', 'partner', 'carats', 'note']);
    expect(parseCsv(text).map((r) => r.fields)).toEqual([
      ['period', 'partner', 'carats', 'note'],
      ['2026-Q3', 'EU', '1520.35', 'Antwerp, BE'],
      ['2026-Q3', 'AE', '0.01', '\'=cmd|"/c calc"!A1'],
    ]);
  });

  it('adds a byte-order mark on request', () => {
    const text = toCsv([{ name: 'Гохран' }], ['name'], { bom: true });
    expect(text).toBe('\uFEFFname\r\nГохран\r\n');
    expect(parseCsv(text).map((r) => r.fields)).toEqual([['name'], ['Гохран']]);
  });

  it('writes a lone empty cell as "" so the row survives', () => {
    const text = toCsv([{ a: '' }, { a: 'x' }], ['a']);
    expect(text).toBe('a\r\n""\r\nx\r\n');
    expect(parseCsv(text).map((r) => r.fields)).toEqual([['a'], [''], ['x']]);
  });

  it('reads back any table exactly, but for the formula guard', () => {
    const cell = fc.oneof(
      fc.string(),
      fc.constantFrom('', ',', '"', '\r\n', '\n', '\r', ' ', '=', '-1.50', '+', '@'),
      fc
        .bigInt({ min: 0n, max: 10n ** 17n })
        .map((c) => `${c / 100n}.${String(c % 100n).padStart(2, '0')}`),
    );
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 5 })
          .chain((width) =>
            fc
              .array(fc.array(cell, { minLength: width, maxLength: width }), { maxLength: 8 })
              .map((table) => ({ width, table })),
          ),
        fc.boolean(),
        ({ width, table }, bom) => {
          const columns = Array.from({ length: width }, (_, i) => `c${i}`);
          const rows = table.map((cells) => Object.fromEntries(cells.map((c, i) => [`c${i}`, c])));
          const records = parseCsv(toCsv(rows, columns, { bom }));
          expect(records.every((r) => r.error === undefined)).toBe(true);
          const guarded = (c: string) =>
            /^[=+\-@\t\r]/.test(c) && !/^[+-]?[0-9]+(\.[0-9]+)?$/.test(c) ? `'${c}` : c;
          expect(records.map((r) => r.fields)).toEqual([
            columns,
            ...table.map((t) => t.map(guarded)),
          ]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
