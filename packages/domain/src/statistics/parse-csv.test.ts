import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from './parse-csv.js';

const fields = (text: string) => parseCsv(text).map((r) => r.fields);

describe('parseCsv', () => {
  it.each<[string, string[][]]>([
    [
      'a,b,c\r\n1,2,3\r\n',
      [
        ['a', 'b', 'c'],
        ['1', '2', '3'],
      ],
    ],
    [
      'a,b\n1,2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'a,b\r1,2\r',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'a,,c\r\n,,\r\n',
      [
        ['a', '', 'c'],
        ['', '', ''],
      ],
    ],
    ['"a,b","c""d"""\r\n', [['a,b', 'c"d"']]],
    ['"line\r\nbreak",x\r\n', [['line\r\nbreak', 'x']]],
    ['"",""\r\n', [['', '']]],
    ['""\r\n', [['']]],
    ['\uFEFFperiod,carats\r\n', [['period', 'carats']]],
    [' a , b \r\n', [[' a ', ' b ']]],
    ['a\r\n\r\n\r\nb\r\n', [['a'], ['b']]],
    ['', []],
    ['\r\n', []],
    ['Алмазы,«кавычки»\r\n', [['Алмазы', '«кавычки»']]],
  ])('reads %j', (text, expected) => {
    expect(fields(text)).toEqual(expected);
    expect(parseCsv(text).every((r) => r.error === undefined)).toBe(true);
  });

  it('numbers rows as a spreadsheet does and lines as an editor does', () => {
    const records = parseCsv('h\r\n\r\n"two\r\nlines"\r\nlast\r\n');
    expect(records.map((r) => [r.row, r.line, r.fields[0]])).toEqual([
      [1, 1, 'h'],
      [3, 3, 'two\r\nlines'],
      [4, 5, 'last'],
    ]);
  });

  it('marks a quote inside an unquoted field and goes on at the next line', () => {
    const records = parseCsv('a,b"c,d\r\nok,1\r\n');
    expect(records[0]).toMatchObject({ row: 1, fields: ['a', 'b'], error: { column: 2 } });
    expect(records[1]).toEqual({ row: 2, line: 2, fields: ['ok', '1'] });
  });

  it('marks text after a closing quote', () => {
    const records = parseCsv('"a"b,c\nnext\n');
    expect(records[0]!.error).toMatchObject({ column: 1 });
    expect(records[0]!.error!.message).toMatch(/closing quote/);
    expect(records[1]!.fields).toEqual(['next']);
  });

  it('marks a quote never closed', () => {
    const records = parseCsv('x,y\r\n1,"open\r\n2,3\r\n');
    expect(records).toHaveLength(2);
    expect(records[1]).toMatchObject({ row: 2, line: 2, error: { column: 2 } });
    expect(records[1]!.error!.message).toMatch(/line 2 is never closed/);
  });

  it('never throws, and every record has at least one field', () => {
    const alphabet = fc.constantFrom('a', ',', '"', '\r', '\n', ' ', '\uFEFF', 'é');
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(alphabet).map((a) => a.join('')),
        ),
        (text) => {
          const records = parseCsv(text);
          for (const r of records) expect(r.fields.length).toBeGreaterThan(0);
          const rows = records.map((r) => r.row);
          expect([...rows].sort((a, b) => a - b)).toEqual(rows);
        },
      ),
    );
  });
});
