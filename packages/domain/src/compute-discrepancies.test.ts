import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amountToCents, centsToAmount } from './amount.js';
import { buildCertificate } from './build-certificate.js';
import { computeDiscrepancies } from './compute-discrepancies.js';
import type { Confirmation } from './confirmation-input-schema.js';
import { defaultDirectory } from './directory.js';
import { sampleDraft } from './sample-draft.js';

const certificate = buildCertificate(sampleDraft, {
  directory: defaultDirectory,
  issuingAuthority: 'RU-MINFIN',
  number: 'RU-2026-000101',
  issuedOn: '2026-07-01',
});
const exact: Confirmation = {
  parcels: 4,
  carats: '4320.45',
  valueUsd: '335150.95',
  items: certificate.items.map((i) => ({ ...i })),
  receivedOn: '2026-07-08',
  sealsIntact: true,
};

describe('computeDiscrepancies', () => {
  it('finds none when everything matches, with or without lines', () => {
    expect(computeDiscrepancies(certificate, exact)).toEqual([]);
    const { items: _items, ...totalsOnly } = exact;
    expect(computeDiscrepancies(certificate, totalsOnly)).toEqual([]);
  });

  it('reports parcels, totals and lines as actual − expected', () => {
    const found = computeDiscrepancies(certificate, {
      ...exact,
      parcels: 3,
      carats: '4308.15',
      valueUsd: '335150.95',
      items: [
        { hs: '7102.31', carats: '2438.05', valueUsd: '313644.80' },
        { hs: '7102.21', carats: '1870.10', valueUsd: '21506.15' },
      ],
    });
    expect(found).toEqual([
      { field: 'parcels', expected: '4', actual: '3', difference: '-1' },
      { field: 'carats', expected: '4320.45', actual: '4308.15', difference: '-12.30' },
      {
        field: 'items/7102.31/carats',
        expected: '2450.35',
        actual: '2438.05',
        difference: '-12.30',
      },
    ]);
  });

  it('counts an HS on one side only as zero on the other', () => {
    const found = computeDiscrepancies(certificate, {
      ...exact,
      items: [{ hs: '7102.10', carats: '4320.45', valueUsd: '335150.95' }],
    });
    expect(found).toEqual([
      { field: 'items/7102.10/carats', expected: '0.00', actual: '4320.45', difference: '4320.45' },
      {
        field: 'items/7102.10/valueUsd',
        expected: '0.00',
        actual: '335150.95',
        difference: '335150.95',
      },
      {
        field: 'items/7102.21/carats',
        expected: '1870.10',
        actual: '0.00',
        difference: '-1870.10',
      },
      {
        field: 'items/7102.21/valueUsd',
        expected: '21506.15',
        actual: '0.00',
        difference: '-21506.15',
      },
      {
        field: 'items/7102.31/carats',
        expected: '2450.35',
        actual: '0.00',
        difference: '-2450.35',
      },
      {
        field: 'items/7102.31/valueUsd',
        expected: '313644.80',
        actual: '0.00',
        difference: '-313644.80',
      },
    ]);
  });

  it('always satisfies expected + difference = actual (property)', () => {
    const amount = fc.bigInt({ min: 1n, max: 10n ** 15n }).map(centsToAmount);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        amount,
        amount,
        (parcels, carats, valueUsd) => {
          const found = computeDiscrepancies(certificate, {
            ...exact,
            items: undefined as never,
            parcels,
            carats,
            valueUsd,
          });
          for (const d of found) {
            if (d.field === 'parcels')
              expect(Number(d.expected) + Number(d.difference)).toBe(Number(d.actual));
            else
              expect(
                centsToAmount(amountToCents(d.expected) + BigInt(d.difference.replace('.', ''))),
              ).toBe(d.actual);
            expect(d.difference).not.toMatch(/^-?0(\.00)?$/);
          }
        },
      ),
    );
  });
});
