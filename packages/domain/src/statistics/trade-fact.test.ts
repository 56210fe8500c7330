import { describe, expect, it } from 'vitest';
import type { LineItem } from '../line-item-schema.js';
import type { CertificateStatus } from '../next-status.js';
import {
  exportCountingStatuses,
  negateFact,
  tradeFactChanges,
  tradeFactsOf,
  type CertificateState,
} from './trade-fact.js';

const items: LineItem[] = [
  { hs: '7102.31', carats: '1520.35', valueUsd: '2450000.00' },
  { hs: '7102.10', carats: '100.00', valueUsd: '5000.00' },
];

function outgoing(
  status: CertificateStatus,
  extra: Partial<CertificateState> = {},
): CertificateState {
  return {
    direction: 'outgoing',
    status,
    certificate: {
      number: 'RU-2026-000101',
      exportingParticipant: 'RU',
      importingParticipant: 'EU',
      origin: 'RU',
      items,
      issuedOn: '2026-06-30',
      expiresOn: '2026-12-27',
    },
    ...extra,
  };
}

function incoming(
  status: CertificateStatus,
  confirmation?: CertificateState['confirmation'],
): CertificateState {
  return {
    direction: 'incoming',
    status,
    certificate: {
      number: 'AE-2026-000007',
      exportingParticipant: 'AE',
      importingParticipant: 'RU',
      origin: 'MIXED',
      items,
      issuedOn: '2026-06-30',
      expiresOn: '2026-09-28',
    },
    ...(confirmation === undefined ? {} : { confirmation }),
  };
}

describe('tradeFactsOf: exports', () => {
  it('counts an issued certificate by its date of issue, lines in HS order', () => {
    expect(tradeFactsOf(outgoing('issued'))).toEqual([
      {
        flow: 'export',
        number: 'RU-2026-000101',
        partner: 'EU',
        date: '2026-06-30',
        origin: 'RU',
        provenance: 'RU',
        lines: [
          { hs: '7102.10', carats: '100.00', valueUsd: '5000.00' },
          { hs: '7102.31', carats: '1520.35', valueUsd: '2450000.00' },
        ],
        sign: 1,
      },
    ]);
  });

  it.each(exportCountingStatuses)('counts status %s', (status) => {
    expect(tradeFactsOf(outgoing(status))).toHaveLength(1);
  });

  it.each<CertificateStatus>(['cancelled', 'superseded'])('does not count status %s', (status) => {
    expect(tradeFactsOf(outgoing(status))).toEqual([]);
  });

  it('ignores a confirmation: exports are as issued', () => {
    const confirmation = { carats: '1.00', valueUsd: '1.00', receivedOn: '2026-07-05' };
    expect(tradeFactsOf(outgoing('confirmed', { confirmation }))[0]!.lines).toHaveLength(2);
    expect(tradeFactsOf(outgoing('confirmed', { confirmation }))[0]!.date).toBe('2026-06-30');
  });
});

describe('tradeFactsOf: imports', () => {
  it('counts a confirmed certificate by its date of receipt, with the confirmed lines', () => {
    const facts = tradeFactsOf(
      incoming('confirmed', {
        carats: '1600.00',
        valueUsd: '2455000.00',
        receivedOn: '2026-07-02',
        items: [
          { hs: '7102.31', carats: '1500.00', valueUsd: '2450000.00' },
          { hs: '7102.10', carats: '100.00', valueUsd: '5000.00' },
        ],
      }),
    );
    expect(facts).toEqual([
      {
        flow: 'import',
        number: 'AE-2026-000007',
        partner: 'AE',
        date: '2026-07-02',
        origin: 'MIXED',
        provenance: 'AE',
        lines: [
          { hs: '7102.10', carats: '100.00', valueUsd: '5000.00' },
          { hs: '7102.31', carats: '1500.00', valueUsd: '2450000.00' },
        ],
        sign: 1,
      },
    ]);
  });

  it("takes the certificate's lines when the confirmed totals equal the certificate's", () => {
    const [fact] = tradeFactsOf(
      incoming('confirmed', {
        carats: '1620.35',
        valueUsd: '2455000.00',
        receivedOn: '2026-07-02',
      }),
    );
    expect(fact!.lines).toEqual([
      { hs: '7102.10', carats: '100.00', valueUsd: '5000.00' },
      { hs: '7102.31', carats: '1520.35', valueUsd: '2450000.00' },
    ]);
  });

  it("apportions confirmed totals over the certificate's lines, exactly", () => {
    const [fact] = tradeFactsOf(
      incoming('confirmed', {
        carats: '1620.34',
        valueUsd: '2455000.01',
        receivedOn: '2026-07-02',
      }),
    );
    expect(fact!.lines).toEqual([
      { hs: '7102.10', carats: '100.00', valueUsd: '5000.00' },
      { hs: '7102.31', carats: '1520.34', valueUsd: '2450000.01' },
    ]);
  });

  it('apportions value by carats when the certificate declares no value', () => {
    const state = incoming('confirmed', {
      carats: '2.00',
      valueUsd: '3.01',
      receivedOn: '2026-07-02',
    });
    state.certificate.items = [
      { hs: '7102.21', carats: '1.00', valueUsd: '0.00' },
      { hs: '7102.10', carats: '1.00', valueUsd: '0.00' },
    ];
    expect(tradeFactsOf(state)[0]!.lines).toEqual([
      { hs: '7102.10', carats: '1.00', valueUsd: '1.51' },
      { hs: '7102.21', carats: '1.00', valueUsd: '1.50' },
    ]);
  });

  it('drops a line apportioned nothing at all', () => {
    const state = incoming('confirmed', {
      carats: '0.01',
      valueUsd: '0.00',
      receivedOn: '2026-07-02',
    });
    expect(tradeFactsOf(state)[0]!.lines).toEqual([
      { hs: '7102.31', carats: '0.01', valueUsd: '0.00' },
    ]);
  });

  it.each<CertificateStatus>([
    'issued',
    'delivered',
    'rejected',
    'cancelled',
    'expired',
    'superseded',
  ])('does not count an incoming certificate in status %s', (status) => {
    expect(
      tradeFactsOf(
        incoming(status, { carats: '1.00', valueUsd: '1.00', receivedOn: '2026-07-02' }),
      ),
    ).toEqual([]);
  });

  it('refuses a confirmed certificate without its confirmation', () => {
    expect(() => tradeFactsOf(incoming('confirmed'))).toThrow(
      expect.objectContaining({ code: 'KPX_STATISTICS_INCONSISTENT' }),
    );
  });
});

describe('tradeFactChanges', () => {
  it('adds the fact of a new certificate', () => {
    expect(tradeFactChanges(undefined, outgoing('issued'))).toEqual(
      tradeFactsOf(outgoing('issued')),
    );
  });

  it('gives nothing when the figures do not change', () => {
    expect(tradeFactChanges(outgoing('issued'), outgoing('delivered'))).toEqual([]);
    expect(tradeFactChanges(outgoing('delivered'), outgoing('confirmed'))).toEqual([]);
    expect(tradeFactChanges(incoming('issued'), incoming('delivered'))).toEqual([]);
  });

  it.each<CertificateStatus>(['cancelled', 'superseded'])(
    'removes exactly the original figures when the export is %s',
    (status) => {
      const [original] = tradeFactsOf(outgoing('delivered'));
      expect(tradeFactChanges(outgoing('delivered'), outgoing(status))).toEqual([
        { ...original, sign: -1 },
      ]);
    },
  );

  it('adds the import when it is confirmed', () => {
    const after = incoming('confirmed', {
      carats: '1.00',
      valueUsd: '1.00',
      receivedOn: '2026-07-02',
    });
    expect(tradeFactChanges(incoming('delivered'), after)).toEqual(tradeFactsOf(after));
  });

  it('replaces a changed fact: the old one removed, the new one added', () => {
    const before = outgoing('issued');
    const after = outgoing('issued');
    after.certificate = { ...after.certificate, issuedOn: '2026-07-01' };
    const changes = tradeFactChanges(before, after);
    expect(changes.map((f) => [f.sign, f.date])).toEqual([
      [-1, '2026-06-30'],
      [1, '2026-07-01'],
    ]);
  });

  it('removes the facts of a deleted record', () => {
    expect(tradeFactChanges(outgoing('issued'), undefined)).toEqual(
      tradeFactsOf(outgoing('issued')).map(negateFact),
    );
  });
});

describe('negateFact', () => {
  it('flips the sign and leaves the original alone', () => {
    const [fact] = tradeFactsOf(outgoing('issued'));
    const negated = negateFact(fact!);
    expect(negated.sign).toBe(-1);
    expect(fact!.sign).toBe(1);
    expect(negateFact(negated)).toEqual(fact);
    negated.lines[0]!.carats = '0.00';
    expect(fact!.lines[0]!.carats).toBe('100.00');
  });
});
