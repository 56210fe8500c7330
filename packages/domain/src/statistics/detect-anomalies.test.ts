import { describe, expect, it } from 'vitest';
import type { LineItem } from '../line-item-schema.js';
import type { CertificateStatus } from '../next-status.js';
import { anomalySchema } from './anomaly-schema.js';
import type { Anomaly } from './anomaly.js';
import { detectAnomalies, type AnomalyInput } from './detect-anomalies.js';
import type { CertificateState } from './trade-fact.js';

let serial = 0;

function cert(
  over: {
    status?: CertificateStatus;
    direction?: 'outgoing' | 'incoming';
    partner?: string;
    origin?: string;
    items?: LineItem[];
    issuedOn?: string;
    expiresOn?: string;
    receivedOn?: string;
  } = {},
): CertificateState {
  serial += 1;
  const direction = over.direction ?? 'outgoing';
  const partner = over.partner ?? 'EU';
  const items = over.items ?? [{ hs: '7102.31', carats: '1520.35', valueUsd: '2450000.00' }];
  return {
    direction,
    status: over.status ?? 'delivered',
    certificate: {
      number: `${direction === 'outgoing' ? 'RU' : partner}-2026-${String(serial).padStart(6, '0')}`,
      exportingParticipant: direction === 'outgoing' ? 'RU' : partner,
      importingParticipant: direction === 'outgoing' ? partner : 'RU',
      origin: over.origin ?? 'RU',
      items,
      issuedOn: over.issuedOn ?? '2026-07-01',
      expiresOn: over.expiresOn ?? '2026-12-31',
    },
    ...(over.receivedOn === undefined
      ? {}
      : {
          confirmation: {
            carats: items[0]!.carats,
            valueUsd: items[0]!.valueUsd,
            receivedOn: over.receivedOn,
          },
        }),
  };
}

const line = (hs: LineItem['hs'], carats: string, valueUsd: string): LineItem => ({
  hs,
  carats,
  valueUsd,
});

const run = (input: Partial<AnomalyInput>): Anomaly[] => {
  const result = detectAnomalies({ certificates: [], today: '2026-08-15', ...input });
  for (const a of result) expect(anomalySchema.parse(a)).toEqual(a);
  return result;
};

describe('detectAnomalies: value per carat', () => {
  it('finds nothing in plausible certificates', () => {
    expect(
      run({ certificates: [cert(), cert({ items: [line('7102.21', '5000.00', '2500.00')] })] }),
    ).toEqual([]);
  });

  it('flags a line outside its band, with the figures', () => {
    const c = cert({
      items: [line('7102.31', '100.00', '1000.00'), line('7102.21', '10.00', '1000.00')],
    });
    expect(run({ certificates: [c] })).toEqual([
      {
        kind: 'value-per-carat',
        number: c.certificate.number,
        partner: 'EU',
        period: '2026-Q3',
        detail:
          'HS 7102.21: 100.00 US$/ct (1000.00 US$ for 10.00 ct) is above the band 0.07–72.30 US$/ct (RU reference 72.30 US$/ct).',
        severity: 'medium',
      },
      {
        kind: 'value-per-carat',
        number: c.certificate.number,
        partner: 'EU',
        period: '2026-Q3',
        detail:
          'HS 7102.31: 10.00 US$/ct (1000.00 US$ for 100.00 ct) is below the band 36.15–3615.00 US$/ct (RU reference 72.30 US$/ct).',
        severity: 'medium',
      },
    ]);
  });

  it('rates a line far outside the band high, and uses the world figure for MIXED', () => {
    const c = cert({
      direction: 'incoming',
      partner: 'AE',
      origin: 'MIXED',
      items: [line('7102.21', '1.00', '1000.00')],
    });
    const [a] = run({ certificates: [c] });
    expect(a).toMatchObject({ severity: 'high', partner: 'AE' });
    expect(a!.detail).toMatch(/world reference 86\.00 US\$\/ct/);
  });

  it('flags a line declared at no value', () => {
    expect(
      run({ certificates: [cert({ items: [line('7102.10', '5.00', '0.00')] })] })[0],
    ).toMatchObject({
      kind: 'value-per-carat',
      severity: 'high',
    });
  });

  it.each<CertificateStatus>(['cancelled', 'superseded'])('ignores a %s certificate', (status) => {
    expect(
      run({ certificates: [cert({ status, items: [line('7102.10', '5.00', '0.00')] })] }),
    ).toEqual([]);
  });

  it('takes other bands', () => {
    const tight = detectAnomalies({
      certificates: [cert()],
      today: '2026-08-15',
      bands: {
        byOrigin: {},
        fallback: {
          reference: '1.00',
          bands: {
            '7102.10': { min: '1.00', max: '1.00' },
            '7102.21': { min: '1.00', max: '1.00' },
            '7102.31': { min: '1.00', max: '1.00' },
          },
        },
      },
    });
    expect(tight).toHaveLength(1);
  });
});

describe('detectAnomalies: reuse and expiry', () => {
  it('reports reuse attempts as high', () => {
    expect(
      run({
        reuseAttempts: [
          {
            number: 'RU-2026-000101',
            on: '2026-08-02',
            partner: 'EU',
            detail: 'paper copy at Antwerp',
          },
        ],
      }),
    ).toEqual([
      {
        kind: 'reuse',
        number: 'RU-2026-000101',
        partner: 'EU',
        period: '2026-Q3',
        detail:
          'Certificate RU-2026-000101 was presented again on 2026-08-02 after its import was confirmed: paper copy at Antwerp.',
        severity: 'high',
      },
    ]);
    expect(run({ reuseAttempts: [{ number: 'XX-1', on: '2026-08-02' }] })[0]!.detail).toMatch(
      /confirmed\.$/,
    );
    expect(
      run({ reuseAttempts: [{ number: 'XX-1', on: '2026-08-02', detail: 'Seen twice!' }] })[0]!
        .detail,
    ).toMatch(/: Seen twice!$/);
  });

  it('reports certificates that expired without confirmation, on both sides', () => {
    const expired = cert({ status: 'expired', expiresOn: '2026-08-01' });
    const pastDue = cert({
      direction: 'incoming',
      partner: 'BY',
      status: 'issued',
      expiresOn: '2026-08-14',
    });
    const dueToday = cert({ status: 'delivered', expiresOn: '2026-08-15' });
    const confirmed = cert({
      direction: 'incoming',
      status: 'confirmed',
      expiresOn: '2026-08-01',
      receivedOn: '2026-07-20',
    });
    const rejected = cert({ status: 'rejected', expiresOn: '2026-08-01' });
    const found = run({ certificates: [expired, pastDue, dueToday, confirmed, rejected] });
    expect(found.map((a) => [a.kind, a.number, a.partner, a.severity])).toEqual([
      ['expired-unconfirmed', pastDue.certificate.number, 'BY', 'medium'],
      ['expired-unconfirmed', expired.certificate.number, 'EU', 'medium'],
    ]);
    expect(found[0]!.detail).toBe(
      `Certificate ${pastDue.certificate.number} (imported from BY) expired on 2026-08-14 without an import confirmation.`,
    );
  });
});

describe('detectAnomalies: volume jumps', () => {
  const exportOf = (carats: string, issuedOn: string, partner = 'EU') =>
    cert({
      partner,
      issuedOn,
      items: [line('7102.31', carats, (Number(carats) * 100).toFixed(2))],
    });

  it('reports a rise by more than ×3 from one quarter to the next', () => {
    const found = run({
      certificates: [exportOf('1000.00', '2026-05-01'), exportOf('3000.01', '2026-07-01')],
    });
    expect(found).toEqual([
      {
        kind: 'volume-jump',
        partner: 'EU',
        period: '2026-Q3',
        detail:
          'Exports to EU rose from 1000.00 ct in 2026-Q2 to 3000.01 ct in 2026-Q3, more than ×3.',
        severity: 'low',
      },
    ]);
    expect(
      run({ certificates: [exportOf('1000.00', '2026-05-01'), exportOf('3000.00', '2026-07-01')] }),
    ).toEqual([]);
  });

  it('reports a fall in a completed quarter only', () => {
    const certificates = [exportOf('9000.00', '2026-01-10'), exportOf('2999.99', '2026-04-10')];
    expect(run({ certificates, today: '2026-06-30' })).toEqual([]);
    const [a] = run({ certificates, today: '2026-07-01' });
    expect(a!.detail).toBe(
      'Exports to EU fell from 9000.00 ct in 2026-Q1 to 2999.99 ct in 2026-Q2, below ÷3.',
    );
  });

  it('reports trade that starts or stops when the neighbouring quarter has figures', () => {
    const certificates = [
      exportOf('5000.00', '2026-01-10', 'EU'),
      exportOf('5000.00', '2026-04-10', 'IN'),
      exportOf('5000.00', '2026-07-10', 'IN'),
    ];
    const found = run({ certificates, today: '2026-12-01' });
    expect(found.map((a) => a.detail)).toEqual([
      'Exports to EU fell from 5000.00 ct in 2026-Q1 to 0.00 ct in 2026-Q2, below ÷3.',
      'Exports to IN rose from 0.00 ct in 2026-Q1 to 5000.00 ct in 2026-Q2, more than ×3.',
      // 2026-Q3 → Q4: no Q4 figures at all for exports, so not compared.
    ]);
  });

  it('ignores small volumes', () => {
    expect(
      run({ certificates: [exportOf('10.00', '2026-05-01'), exportOf('999.99', '2026-07-01')] }),
    ).toEqual([]);
    expect(
      run({
        certificates: [exportOf('10.00', '2026-05-01'), exportOf('999.99', '2026-07-01')],
        volumeJump: { minimumCarats: '500.00' },
      }),
    ).toHaveLength(1);
  });

  it('takes earlier totals, which win over certificates for their quarter', () => {
    const certificates = [exportOf('1.00', '2026-04-02'), exportOf('4000.00', '2026-07-01')];
    expect(run({ certificates })).toHaveLength(1);
    expect(
      run({
        certificates,
        previousPeriodTotals: [
          { period: '2026-Q2', flow: 'export', partner: 'EU', carats: '2000.00' },
        ],
      }),
    ).toEqual([]);
    const imports = run({
      certificates: [
        cert({
          direction: 'incoming',
          partner: 'AE',
          status: 'confirmed',
          receivedOn: '2026-07-05',
          items: [line('7102.10', '9000.00', '900000.00')],
        }),
      ],
      previousPeriodTotals: [
        { period: '2026-Q2', flow: 'import', partner: 'AE', carats: '1000.00' },
      ],
    });
    expect(imports.map((a) => a.detail)).toEqual([
      'Imports from AE rose from 1000.00 ct in 2026-Q2 to 9000.00 ct in 2026-Q3, more than ×3.',
    ]);
  });

  it('takes another factor', () => {
    const certificates = [exportOf('1000.00', '2026-05-01'), exportOf('1600.00', '2026-07-01')];
    expect(run({ certificates, volumeJump: { factor: '1.5' } })[0]!.detail).toMatch(
      /more than ×1\.5\./,
    );
  });

  it.each<Partial<AnomalyInput>>([
    { today: '2026-13-01' },
    { volumeJump: { factor: '0.5' } },
    { volumeJump: { factor: 'x' } },
    { volumeJump: { minimumCarats: '10' } },
  ])('refuses %j', (bad) => {
    expect(() => detectAnomalies({ certificates: [], today: '2026-08-15', ...bad })).toThrow(
      expect.objectContaining({ code: 'KPX_CONFIG_INVALID' }),
    );
  });

  it('refuses earlier totals not given per quarter', () => {
    expect(() =>
      run({
        previousPeriodTotals: [
          { period: '2026-H1', flow: 'export', partner: 'EU', carats: '1.00' },
        ],
      }),
    ).toThrow(expect.objectContaining({ code: 'KPX_PERIOD_INVALID' }));
  });
});

describe('detectAnomalies: order', () => {
  it('puts high severity first, then by kind, period, partner and number', () => {
    const found = run({
      certificates: [
        cert({ status: 'expired', expiresOn: '2026-08-01' }),
        cert({ items: [line('7102.31', '100.00', '1000.00')] }),
      ],
      reuseAttempts: [{ number: 'RU-X', on: '2026-08-01' }],
    });
    expect(found.map((a) => [a.severity, a.kind])).toEqual([
      ['high', 'reuse'],
      ['medium', 'value-per-carat'],
      ['medium', 'expired-unconfirmed'],
    ]);
  });
});
