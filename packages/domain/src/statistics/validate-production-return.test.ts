import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateProductionReturn } from './validate-production-return.js';

const good = {
  period: '2026-H1',
  entries: [
    { origin: 'RU', carats: '15593275.00', valueUsd: '1127432000.00', mines: 11 },
    { carats: '0.00', valueUsd: '0.00', notes: 'Exploration only' },
  ],
};

const problems = (input: unknown) => {
  const result = validateProductionReturn(input);
  return result.ok ? [] : result.problems.map((p) => `${p.code}@${p.path}`);
};

describe('validateProductionReturn', () => {
  it('accepts a good return', () => {
    expect(validateProductionReturn(good)).toEqual({ ok: true, value: good });
  });

  it.each<[unknown, string[]]>([
    [{ ...good, period: '2026-Q1' }, ['KPX_PERIOD_INVALID@/period']],
    [{ ...good, period: '2026' }, ['KPX_PERIOD_INVALID@/period']],
    [{ ...good, period: '2026-H1-extra' }, ['KPX_PERIOD_INVALID@/period']],
    [{ ...good, period: 2026 }, ['KPX_TYPE_INVALID@/period']],
    [{ entries: good.entries }, ['KPX_FIELD_REQUIRED@/period']],
    [{ ...good, entries: [] }, ['KPX_VALIDATION_FAILED@/entries']],
    [
      {
        ...good,
        entries: [
          { origin: 'RU', carats: '1.00', valueUsd: '1.00' },
          { origin: 'RU', carats: '2.00', valueUsd: '1.00' },
        ],
      },
      ['KPX_ORIGIN_INVALID@/entries/1/origin'],
    ],
    [
      {
        ...good,
        entries: [
          { carats: '1.00', valueUsd: '1.00' },
          { carats: '2.00', valueUsd: '1.00' },
        ],
      },
      ['KPX_ORIGIN_INVALID@/entries/1'],
    ],
    [
      { ...good, entries: [{ carats: '-1.00', valueUsd: '1.0' }] },
      ['KPX_CARATS_NOT_POSITIVE@/entries/0/carats', 'KPX_AMOUNT_INVALID@/entries/0/valueUsd'],
    ],
    [
      { ...good, entries: [{ carats: '1.00', valueUsd: '1.00', mines: -1 }] },
      ['KPX_VALIDATION_FAILED@/entries/0/mines'],
    ],
    [{ ...good, extra: 1 }, ['KPX_FIELD_UNKNOWN@/extra']],
    [null, ['KPX_TYPE_INVALID@']],
  ])('reports %j', (input, expected) => {
    expect(problems(input)).toEqual(expected);
  });

  it('never throws', () => {
    fc.assert(fc.property(fc.anything(), (input) => void validateProductionReturn(input)));
    fc.assert(
      fc.property(
        fc.anything(),
        (entry) => void validateProductionReturn({ period: '2026-H1', entries: [entry, entry] }),
      ),
    );
  });
});
