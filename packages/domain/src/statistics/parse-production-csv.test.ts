import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseProductionCsv, productionReturnOf } from './parse-production-csv.js';
import { productionReturnSchema } from './production-return-schema.js';
import { toCsv } from './to-csv.js';

const codes = (text: string) =>
  parseProductionCsv(text).map((r) => [r.row, r.problems.map((p) => `${p.code}@${p.column}`)]);

describe('parseProductionCsv', () => {
  it('reads good rows', () => {
    const text =
      'period,carats,valueUsd,notes\r\n2026-H1,15593275.00,1127432000.50,"Alrosa, all mines"\r\n2026-H2,0,0,\r\n';
    expect(parseProductionCsv(text)).toEqual([
      {
        row: 2,
        line: 2,
        ok: true,
        value: {
          period: '2026-H1',
          carats: '15593275.00',
          valueUsd: '1127432000.50',
          notes: 'Alrosa, all mines',
        },
        problems: [],
      },
      {
        row: 3,
        line: 3,
        ok: true,
        value: { period: '2026-H2', carats: '0.00', valueUsd: '0.00' },
        problems: [],
      },
    ]);
  });

  it('takes the columns in any order and letter case, without notes, with a BOM and LF', () => {
    const results = parseProductionCsv('\uFEFF ValueUSD , PERIOD,Carats\n12.5,2025-H2,3\n');
    expect(results).toEqual([
      {
        row: 2,
        line: 2,
        ok: true,
        value: { period: '2025-H2', carats: '3.00', valueUsd: '12.50' },
        problems: [],
      },
    ]);
  });

  it('ignores the empty trailing cells a spreadsheet adds', () => {
    expect(parseProductionCsv('period,carats,valueUsd,,\r\n2026-H1,1,2,,\r\n')[0]!.ok).toBe(true);
  });

  it('reports every problem of a bad row, with its column', () => {
    const text = [
      'period,carats,valueUsd,notes',
      '2026-Q1,1.005,-3,ok',
      ',,,',
      '2026-H1,1,2',
      '2026-H1,1,2',
      '2026-H2,1.5,"1,5"',
      '2029-H1,1,2,x,extra',
      '2027-H1,"1"2,3',
      `2027-H2,1,2,${'n'.repeat(1001)}`,
      '2028-H1,-1,0',
    ].join('\r\n');
    expect(codes(text)).toEqual([
      [
        2,
        ['KPX_PERIOD_INVALID@period', 'KPX_AMOUNT_INVALID@carats', 'KPX_VALUE_NEGATIVE@valueUsd'],
      ],
      [
        3,
        ['KPX_FIELD_REQUIRED@period', 'KPX_FIELD_REQUIRED@carats', 'KPX_FIELD_REQUIRED@valueUsd'],
      ],
      [4, []],
      [5, ['KPX_PERIOD_INVALID@period']],
      [6, ['KPX_AMOUNT_INVALID@valueUsd']],
      [7, ['KPX_CSV_INVALID@']],
      [8, ['KPX_CSV_INVALID@carats']],
      [9, ['KPX_STRING_TOO_LONG@notes']],
      [10, ['KPX_AMOUNT_INVALID@carats']],
    ]);
    const results = parseProductionCsv(text);
    expect(results[3]!.problems[0]!.message).toBe(
      'The period 2026-H1 is already given on row 4; give each half-year once.',
    );
    expect(results[4]!.problems[0]!.message).toMatch(/point as decimal separator/);
    expect(results[8]!.problems[0]!.message).toBe('Carats must not be negative; got -1.');
  });

  it('reports a bad header alone', () => {
    expect(codes('period,carats,value,Notes,notes\r\n2026-H1,1,2\r\n')).toEqual([
      [1, ['KPX_FIELD_UNKNOWN@value', 'KPX_CSV_INVALID@notes', 'KPX_FIELD_REQUIRED@valueUsd']],
    ]);
    expect(codes('"period,carats,valueUsd\r\n')).toEqual([[1, ['KPX_CSV_INVALID@']]]);
  });

  it('reports an empty file', () => {
    expect(codes('')).toEqual([[1, ['KPX_FIELD_REQUIRED@']]]);
    expect(codes('\r\n\r\n')).toEqual([[1, ['KPX_FIELD_REQUIRED@']]]);
  });

  it('gives nothing for a header alone', () => {
    expect(parseProductionCsv('period,carats,valueUsd\r\n')).toEqual([]);
  });

  it('reads back what toCsv writes', () => {
    const half = fc
      .tuple(fc.integer({ min: 2003, max: 2099 }), fc.constantFrom('H1', 'H2'))
      .map(([y, h]) => `${y}-${h}`);
    const amount = fc
      .bigInt({ min: 0n, max: 99_999_999_999_999_999n })
      .map((c) => `${c / 100n}.${String(c % 100n).padStart(2, '0')}`);
    const row = fc.record(
      {
        period: half,
        carats: amount,
        valueUsd: amount,
        notes: fc
          .string({ minLength: 1, maxLength: 50 })
          .filter((s) => s.trim() === s && !/^[=+\-@\t\r]/.test(s)),
      },
      { requiredKeys: ['period', 'carats', 'valueUsd'] },
    );
    fc.assert(
      fc.property(fc.uniqueArray(row, { selector: (r) => r.period, maxLength: 10 }), (rows) => {
        const text = toCsv(rows, ['period', 'carats', 'valueUsd', 'notes']);
        const results = parseProductionCsv(text);
        expect(results.map((r) => (r.ok ? r.value : r.problems))).toEqual(rows);
        for (const r of results)
          if (r.ok) productionReturnSchema.parse(productionReturnOf(r.value));
      }),
    );
  });

  it('never throws', () => {
    const alphabet = fc.constantFrom(
      'period',
      'carats',
      'valueUsd',
      'notes',
      ',',
      '"',
      '\r\n',
      '\n',
      '2026-H1',
      '1.5',
      '-',
      ' ',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(alphabet).map((a) => a.join('')),
        ),
        (text) => {
          for (const r of parseProductionCsv(text)) {
            expect(r.ok || r.problems.length > 0).toBe(true);
          }
        },
      ),
    );
    expect(parseProductionCsv(42 as unknown as string)[0]!.problems[0]!.code).toBe(
      'KPX_TYPE_INVALID',
    );
  });
});

describe('productionReturnOf', () => {
  it('makes one entry of a row', () => {
    expect(
      productionReturnOf({ period: '2026-H1', carats: '1.00', valueUsd: '2.00', notes: 'n' }),
    ).toEqual({
      period: '2026-H1',
      entries: [{ carats: '1.00', valueUsd: '2.00', notes: 'n' }],
    });
    expect(productionReturnOf({ period: '2026-H1', carats: '1.00', valueUsd: '2.00' })).toEqual({
      period: '2026-H1',
      entries: [{ carats: '1.00', valueUsd: '2.00' }],
    });
  });
});
