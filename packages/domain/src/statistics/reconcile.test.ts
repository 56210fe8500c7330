import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { centsToAmount, sumAmounts } from '../amount.js';
import { certificateStatuses } from '../next-status.js';
import { reconcile, type ExportSide, type ImportSide } from './reconcile.js';
import { reconciliationGroupSchema } from './reconciliation-schema.js';

const options = { today: '2026-08-15', overdueDays: 30 };

const exp = (number: string, over: Partial<ExportSide> = {}): ExportSide => ({
  number,
  exporter: 'RU',
  importer: 'EU',
  issuedOn: '2026-07-01',
  carats: '100.00',
  valueUsd: '5000.00',
  parcels: 2,
  status: 'delivered',
  ...over,
});

const imp = (number: string, over: Partial<ImportSide> = {}): ImportSide => ({
  ...exp(number),
  status: 'confirmed',
  confirmedOn: '2026-07-05',
  ...over,
});

/** The entry without a date of receipt. */
const undated = ({ confirmedOn: _, ...entry }: ImportSide): ImportSide => entry;

describe('reconcile', () => {
  it('pairs a confirmation with its export and reports nothing when they agree', () => {
    const [group, ...rest] = reconcile([exp('RU-1')], [imp('RU-1')], options);
    expect(rest).toEqual([]);
    expect(group).toEqual({
      period: '2026-Q3',
      exporter: 'RU',
      importer: 'EU',
      exports: { certificates: 1, carats: '100.00', valueUsd: '5000.00', parcels: 2 },
      imports: { certificates: 1, carats: '100.00', valueUsd: '5000.00', parcels: 2 },
      matched: 1,
      discrepancies: [],
      overdue: [],
      notMirrored: [],
      unknownConfirmations: [],
    });
    expect(reconciliationGroupSchema.parse(group)).toEqual(group);
  });

  it('lists only the figures that differ, as actual − expected', () => {
    const [group] = reconcile(
      [exp('RU-1'), exp('RU-2')],
      [
        imp('RU-1', { carats: '99.99', parcels: 3 }),
        imp('RU-2', { valueUsd: '5000.00', issuedOn: '2026-06-29' }),
      ],
      options,
    );
    expect(group!.matched).toBe(2);
    expect(group!.discrepancies).toEqual([
      {
        number: 'RU-1',
        differences: [
          { field: 'parcels', expected: '2', actual: '3', difference: '1' },
          { field: 'carats', expected: '100.00', actual: '99.99', difference: '-0.01' },
        ],
      },
      {
        number: 'RU-2',
        differences: [
          { field: 'issuedOn', expected: '2026-07-01', actual: '2026-06-29', difference: '-2' },
        ],
      },
    ]);
    // A pair stays in the export's quarter even when the import side dates it otherwise.
    expect(group!.imports).toEqual({
      certificates: 2,
      carats: '199.99',
      valueUsd: '10000.00',
      parcels: 5,
    });
  });

  it('flags exports unconfirmed past the limit, but not rejected or recent ones', () => {
    const [group] = reconcile(
      [
        exp('RU-1', { issuedOn: '2026-07-15' }), // 31 days
        exp('RU-2', { issuedOn: '2026-07-16' }), // 30 days: not yet
        exp('RU-3', { status: 'rejected' }),
        exp('RU-4'),
        exp('RU-5', { status: 'expired' }),
      ],
      [undated(imp('RU-4', { status: 'rejected' }))],
      options,
    );
    expect(group!.overdue).toEqual([
      { number: 'RU-1', issuedOn: '2026-07-15', status: 'delivered', daysOpen: 31 },
      { number: 'RU-5', issuedOn: '2026-07-01', status: 'expired', daysOpen: 45 },
    ]);
    expect(group!.imports.certificates).toBe(0);
  });

  it('lists exports confirmed on their side but absent from the import side', () => {
    const [group] = reconcile(
      [
        exp('RU-1', { status: 'confirmed', confirmedOn: '2026-07-03' }),
        exp('RU-2', { confirmedOn: '2026-07-03' }),
      ],
      [],
      options,
    );
    expect(group!.notMirrored).toEqual(['RU-1', 'RU-2']);
    expect(group!.overdue).toEqual([]);
  });

  it('explains confirmations of no live export', () => {
    const groups = reconcile(
      [
        exp('RU-1', { status: 'cancelled' }),
        exp('RU-2', { status: 'superseded' }),
        exp('RU-3'),
        exp('RU-4'),
      ],
      [
        imp('RU-1'),
        imp('RU-2'),
        imp('RU-3', { importer: 'AE' }),
        imp('RU-4'),
        imp('RU-4', { confirmedOn: '2026-08-01' }),
        undated(imp('RU-9')),
      ],
      options,
    );
    const eu = groups.find((g) => g.importer === 'EU')!;
    const ae = groups.find((g) => g.importer === 'AE')!;
    expect(eu.unknownConfirmations).toEqual([
      { number: 'RU-1', confirmedOn: '2026-07-05', reason: 'cancelled' },
      { number: 'RU-2', confirmedOn: '2026-07-05', reason: 'superseded' },
      { number: 'RU-4', confirmedOn: '2026-08-01', reason: 'duplicate' },
      { number: 'RU-9', reason: 'unknown' },
    ]);
    expect(ae.unknownConfirmations).toEqual([
      { number: 'RU-3', confirmedOn: '2026-07-05', reason: 'route-mismatch' },
    ]);
    // Cancelled and superseded exports are not exports.
    expect(eu.exports.certificates).toBe(2);
    expect(eu.matched).toBe(1);
    expect(eu.imports.certificates).toBe(5);
    for (const g of groups) reconciliationGroupSchema.parse(g);
  });

  it('groups by quarter of issue, exporter and importer, sorted', () => {
    const groups = reconcile(
      [
        exp('RU-1', { importer: 'IN' }),
        exp('RU-2', { issuedOn: '2026-03-31' }),
        exp('EU-1', { exporter: 'EU', importer: 'RU' }),
      ],
      [imp('AE-7', { exporter: 'AE', importer: 'RU', issuedOn: '2025-12-31' })],
      options,
    );
    expect(groups.map((g) => [g.period, g.exporter, g.importer])).toEqual([
      ['2025-Q4', 'AE', 'RU'],
      ['2026-Q1', 'RU', 'EU'],
      ['2026-Q3', 'EU', 'RU'],
      ['2026-Q3', 'RU', 'IN'],
    ]);
  });

  it('counts a repeated export number once', () => {
    const [group] = reconcile([exp('RU-1'), exp('RU-1', { carats: '1.00' })], [], options);
    expect(group!.exports).toMatchObject({ certificates: 1, carats: '100.00' });
  });

  it.each([
    [{ today: '2026-02-30', overdueDays: 30 }],
    [{ today: '2026-08-15', overdueDays: -1 }],
    [{ today: '2026-08-15', overdueDays: 1.5 }],
  ])('refuses options %j', (bad) => {
    expect(() => reconcile([], [], bad)).toThrow(
      expect.objectContaining({ code: 'KPX_CONFIG_INVALID' }),
    );
  });

  it('conserves certificates and figures; mirror images match exactly', () => {
    const amount = fc.bigInt({ min: 1n, max: 10n ** 13n }).map(centsToAmount);
    const entry = fc.record({
      exporter: fc.constantFrom('RU', 'AE'),
      importer: fc.constantFrom('EU', 'IN'),
      issuedOn: fc.constantFrom('2026-01-10', '2026-05-20', '2026-07-01'),
      carats: amount,
      valueUsd: amount,
      parcels: fc.integer({ min: 1, max: 100 }),
      status: fc.constantFrom(...certificateStatuses),
      mirrored: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 30 }), (list) => {
        const exports = list.map(({ mirrored: _, ...e }, i) => ({ ...e, number: `X-${i}` }));
        const imports = list.flatMap(({ mirrored, ...e }, i) =>
          mirrored && e.status !== 'cancelled' && e.status !== 'superseded'
            ? [{ ...e, number: `X-${i}`, status: 'confirmed' as const, confirmedOn: '2026-08-01' }]
            : [],
        );
        const groups = reconcile(exports, imports, options);
        const live = exports.filter((e) => e.status !== 'cancelled' && e.status !== 'superseded');
        expect(groups.reduce((n, g) => n + g.exports.certificates, 0)).toBe(live.length);
        expect(groups.reduce((n, g) => n + g.imports.certificates, 0)).toBe(imports.length);
        expect(groups.reduce((n, g) => n + g.matched, 0)).toBe(imports.length);
        expect(sumAmounts(groups.map((g) => g.exports.carats))).toBe(
          sumAmounts(live.map((e) => e.carats)),
        );
        expect(sumAmounts(groups.map((g) => g.imports.valueUsd))).toBe(
          sumAmounts(imports.map((e) => e.valueUsd)),
        );
        for (const g of groups) {
          expect(g.discrepancies).toEqual([]);
          expect(g.unknownConfirmations).toEqual([]);
        }
      }),
    );
  });
});
