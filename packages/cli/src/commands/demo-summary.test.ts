import { describe, expect, it } from 'vitest';
import { groupThousands, renderSummary, type DemoSummary } from './demo-summary.js';

const zero = {
  issued: 0,
  delivered: 0,
  confirmed: 0,
  rejected: 0,
  cancelled: 0,
  expired: 0,
  superseded: 0,
};
const figures = (certificates: number, carats: string, valueUsd: string) => ({
  certificates,
  carats,
  valueUsd,
});

const applications = {
  byStatus: { submitted: 0, under_review: 0, changes_requested: 0, refused: 1, approved: 2 },
  revised: 1,
  certificatesConfirmed: 2,
};

const summary: DemoSummary = {
  period: '2026-Q4',
  nodes: [
    {
      participant: 'RU',
      authority: 'RU-MINFIN',
      outgoing: { ...zero, issued: 1, confirmed: 3, superseded: 1 },
      incoming: zero,
      paperOut: 1,
      paperIn: 0,
      delivered: 4,
      medianDeliveryMs: 412,
      discrepancies: 1,
      anomalies: [{ kind: 'value-per-carat', number: 'RU-2026-000002' }],
      statistics: {},
      applications,
    },
  ],
  totals: {
    issued: 5,
    paper: 1,
    delivered: 4,
    confirmed: 3,
    discrepancies: 1,
    rejected: 0,
    cancelled: 0,
    superseded: 1,
    pending: 0,
    paperRecorded: 0,
    medianDeliveryMs: 412,
    anomalies: { 'value-per-carat': 1 },
    reuseCaught: 0,
    forgeriesCaught: 1,
    applications: { ...applications, total: 3 },
  },
  registry: {
    exports: figures(4, '1234567.89', '98765432.10'),
    imports: figures(0, '0.00', '0.00'),
    participants: [
      {
        participant: 'RU',
        returns: 1,
        exports: figures(4, '1234567.89', '98765432.10'),
        imports: figures(0, '0.00', '0.00'),
      },
    ],
  },
};

describe('demo summary', () => {
  it('groups thousands without touching the exact decimals', () => {
    expect(groupThousands('1234567.89')).toBe('1,234,567.89');
    expect(groupThousands('999.00')).toBe('999.00');
    expect(groupThousands('1000')).toBe('1,000');
  });

  it('renders a row per node, the totals, the fraud and applications lines and the registry table', () => {
    const lines = renderSummary(summary).split('\n');
    const row = (first: string) =>
      lines.filter((l) => l.startsWith(first)).map((l) => l.split(/\s+/));
    expect(row('RU ')[0]).toEqual([
      'RU',
      'RU-MINFIN',
      '5',
      '1',
      '4',
      '3',
      '1',
      '0',
      '0',
      '1',
      '0',
      '0',
      '1',
      '412',
    ]);
    expect(row('all ')[0]).toEqual([
      'all',
      '5',
      '1',
      '4',
      '3',
      '1',
      '0',
      '0',
      '1',
      '0',
      '0',
      '1',
      '412',
    ]);
    expect(lines).toContain(
      'anomalies: 1 value-per-carat; reuse attempts caught: 0; forgeries caught: 1; median delivery (issue to signed receipt): 412 ms',
    );
    expect(lines).toContain(
      'trader applications: 3 (RU 3); approved 2 (1 after changes requested), refused 1, open 0; certificates issued from them confirmed: 2',
    );
    expect(row('RU ')[1]).toEqual([
      'RU',
      '1',
      '4',
      '1,234,567.89',
      '98,765,432.10',
      '0',
      '0.00',
      '0.00',
    ]);
  });
});
