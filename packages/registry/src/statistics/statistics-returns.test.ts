import {
  keyResolverFromTrustList,
  signEnvelope,
  uuidv7,
  verifyReceipt,
  type Envelope,
  type Receipt,
  type TrustList,
} from '@kpx/protocol';
import { nodeVerifier } from '@kpx/protocol/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createTestRegistry,
  hour,
  testKey,
  testNames,
  type TestRegistry,
} from '../testing/test-registry.js';
import type { GlobalStatistics } from './global-statistics.js';
import type { StatisticsReturnBody } from './statistics-return-schema.js';

// The registry's side of statistical returns: signed statistics.return envelopes from listed
// authorities are authenticated against the registry's own trust list, kept (latest per
// authority and quarter, idempotent by message id) and answered with a receipt signed by the
// list key; the global table adds every Participant's returns up exactly.

let t: TestRegistry;
let keys: Record<string, Awaited<ReturnType<typeof testKey>>>;
let seq = 0;

beforeEach(async () => {
  t = await createTestRegistry();
  keys = {};
  for (const [id, participant] of [
    ['RU-MINFIN', 'RU'],
    ['EU-BE-ANTWERP', 'EU'],
    ['EU-DE-IDAR-OBERSTEIN', 'EU'],
  ] as const) {
    keys[id] = await testKey();
    await t.registry.addAuthority({
      id,
      participant,
      names: testNames,
      mayIssue: true,
      mayImport: true,
      keys: [{ jwk: keys[id]!.publicJwk }],
    });
  }
  t.clock.advance(hour);
});
afterEach(async () => {
  await t.registry.stop();
});

const row = (
  flow: 'export' | 'import',
  partner: string,
  hs: string,
  certificates: number,
  carats: string,
  valueUsd: string,
) => ({
  period: '2026-Q1',
  flow,
  partner,
  hs,
  origin: 'RU',
  provenance: flow === 'export' ? 'RU' : partner,
  certificates,
  carats,
  valueUsd,
});

const ruReturn: StatisticsReturnBody = {
  period: '2026-Q1',
  participant: 'RU',
  rows: [
    row('export', 'EU', '7102.21', 2, '100.10', '1000.00'),
    row('export', 'EU', '7102.31', 3, '200.20', '90000.01'),
    row('import', 'BY', '7102.31', 1, '5.00', '500.00'),
  ],
  totals: {
    export: { certificates: 4, carats: '300.30', valueUsd: '91000.01' },
    import: { certificates: 1, carats: '5.00', valueUsd: '500.00' },
  },
};

async function envelopeOf(
  from: string,
  body: unknown,
  change: Partial<Envelope> = {},
): Promise<string> {
  seq += 1;
  return signEnvelope(
    {
      id: uuidv7(t.clock.now(), new Uint8Array(10).fill(seq)),
      type: 'statistics.return',
      from,
      to: 'KP-REGISTRY',
      createdAt: new Date(t.clock.now()).toISOString(),
      body,
      ...change,
    },
    keys[from]!.signer,
  );
}

const post = (body: string, type = 'application/jose') =>
  t.registry.app.request('/exchange/v1/messages', {
    method: 'POST',
    body,
    headers: { 'content-type': type },
  });

async function receiptOf(res: Response): Promise<Receipt> {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/jose');
  const jws = await res.text();
  const list: TrustList = (await t.registry.currentList()).list;
  // Verifiable by a node with the trust list it holds: the list key is in `listKeys`.
  const listKey = list.listKeys![0]!;
  const outcome = await verifyReceipt(jws, {
    keys: (kid) =>
      kid === listKey.kid
        ? { ...listKey, authority: 'KP-REGISTRY', participant: '' }
        : keyResolverFromTrustList(list)(kid),
    verifier: nodeVerifier,
    expectedAuthority: 'KP-REGISTRY',
  });
  expect(outcome.checks.filter((c) => !c.ok)).toEqual([]);
  return outcome.value!;
}

async function global(period: string): Promise<GlobalStatistics> {
  const res = await t.registry.app.request(`/statistics/global?period=${period}`);
  expect(res.status).toBe(200);
  return (await res.json()) as GlobalStatistics;
}

describe('POST /exchange/v1/messages (statistics.return)', () => {
  it('keeps a return and answers a signed receipt; the same message again gets the same receipt', async () => {
    const jws = await envelopeOf('RU-MINFIN', ruReturn);
    const first = await post(jws);
    const firstText = await first.clone().text();
    const receipt = await receiptOf(first);
    expect(receipt).toMatchObject({ result: 'accepted' });
    const again = await post(jws);
    expect(await again.text()).toBe(firstText);
    // As JSON too.
    const json = await post(JSON.stringify({ envelope: jws }), 'application/json');
    expect(await json.text()).toBe(firstText);
    const g = await global('2026-Q1');
    expect(g.participants).toHaveLength(1);
    expect(g.participants[0]).toMatchObject({
      participant: 'RU',
      name: 'Russian Federation',
      returns: [{ authority: 'RU-MINFIN', period: '2026-Q1', messageId: receipt.messageId }],
      exports: {
        byHs: [
          { hs: '7102.21', certificates: 2, carats: '100.10', valueUsd: '1000.00' },
          { hs: '7102.31', certificates: 3, carats: '200.20', valueUsd: '90000.01' },
        ],
        totals: { certificates: 4, carats: '300.30', valueUsd: '91000.01' },
      },
      imports: { totals: { certificates: 1, carats: '5.00', valueUsd: '500.00' } },
    });
  });

  it('refuses a replay with other bytes, and what it cannot authenticate', async () => {
    const jws = await envelopeOf('RU-MINFIN', ruReturn);
    expect((await post(jws)).status).toBe(200);
    const [h, p] = jws.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Envelope;
    const sameId = await signEnvelope(
      {
        ...payload,
        body: {
          ...ruReturn,
          rows: ruReturn.rows.slice(0, 2),
          totals: {
            ...ruReturn.totals,
            import: { certificates: 0, carats: '0.00', valueUsd: '0.00' },
          },
        },
      },
      keys['RU-MINFIN']!.signer,
    );
    expect(sameId.split('.')[0]).toBe(h);
    const replay = await post(sameId);
    expect(replay.status).toBe(409);
    expect(await replay.json()).toMatchObject({ code: 'KPX_REPLAY_CONFLICT' });

    const stranger = await testKey();
    const forged = await signEnvelope(
      {
        id: uuidv7(t.clock.now(), new Uint8Array(10).fill(99)),
        type: 'statistics.return',
        from: 'RU-MINFIN',
        to: 'KP-REGISTRY',
        createdAt: new Date(t.clock.now()).toISOString(),
        body: ruReturn,
      },
      stranger.signer,
    );
    const unknown = await post(forged);
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toMatchObject({ code: 'KPX_KEY_UNKNOWN' });
    const misaddressed = await post(
      await envelopeOf('RU-MINFIN', ruReturn, { to: 'EU-BE-ANTWERP' }),
    );
    expect(misaddressed.status).toBe(400);
    expect(await misaddressed.json()).toMatchObject({ code: 'KPX_MESSAGE_MISADDRESSED' });
    expect((await post('not a jws')).status).toBe(400);
    expect((await post(jws, 'text/plain')).status).toBe(415);
  });

  it('answers a signed rejection for another type, a body out of shape, another Participant, or totals that do not add up', async () => {
    const cases: Array<[Partial<Envelope>, unknown, string, string]> = [
      [{ type: 'certificate.issued' }, { certificate: 'x' }, 'RU-MINFIN', 'KPX_PAYLOAD_INVALID'],
      [{}, { ...ruReturn, period: '2026-H1' }, 'RU-MINFIN', 'KPX_PAYLOAD_INVALID'],
      [{}, ruReturn, 'EU-BE-ANTWERP', 'KPX_AUTHORITY_NOT_OF_PARTICIPANT'],
      [
        {},
        {
          ...ruReturn,
          totals: {
            ...ruReturn.totals,
            export: { certificates: 4, carats: '300.31', valueUsd: '91000.01' },
          },
        },
        'RU-MINFIN',
        'KPX_TOTALS_MISMATCH',
      ],
      [
        {},
        {
          ...ruReturn,
          totals: {
            ...ruReturn.totals,
            export: { certificates: 6, carats: '300.30', valueUsd: '91000.01' },
          },
        },
        'RU-MINFIN',
        'KPX_TOTALS_MISMATCH',
      ],
      [
        {},
        { ...ruReturn, rows: [{ ...ruReturn.rows[0]!, period: '2026-Q2' }] },
        'RU-MINFIN',
        'KPX_PERIOD_INVALID',
      ],
    ];
    for (const [change, body, from, code] of cases) {
      const receipt = await receiptOf(await post(await envelopeOf(from, body, change)));
      expect(receipt, code).toMatchObject({ result: 'rejected', code });
    }
    expect((await global('2026')).participants).toEqual([]);
  });

  it('keeps the latest return per authority and quarter, and assembles the EU from its authorities', async () => {
    const older = await envelopeOf('RU-MINFIN', ruReturn);
    t.clock.advance(hour);
    const corrected: StatisticsReturnBody = {
      ...ruReturn,
      rows: [row('export', 'EU', '7102.31', 1, '1.00', '2.00')],
      totals: {
        export: { certificates: 1, carats: '1.00', valueUsd: '2.00' },
        import: { certificates: 0, carats: '0.00', valueUsd: '0.00' },
      },
    };
    const newer = await envelopeOf('RU-MINFIN', corrected);
    expect((await receiptOf(await post(newer))).result).toBe('accepted');
    // The older one arrives late: accepted (it is a good return) but does not replace the newer.
    expect((await receiptOf(await post(older))).result).toBe('accepted');
    const eu = (authority: string, carats: string, valueUsd: string): StatisticsReturnBody => ({
      period: '2026-Q1',
      participant: 'EU',
      rows: [
        { ...row('import', 'RU', '7102.31', 1, carats, valueUsd), origin: 'RU', provenance: 'RU' },
      ],
      totals: {
        export: { certificates: 0, carats: '0.00', valueUsd: '0.00' },
        import: { certificates: 1, carats, valueUsd },
      },
    });
    await post(await envelopeOf('EU-BE-ANTWERP', eu('EU-BE-ANTWERP', '0.10', '0.20')));
    await post(
      await envelopeOf(
        'EU-DE-IDAR-OBERSTEIN',
        eu('EU-DE-IDAR-OBERSTEIN', '999999999999.95', '0.15'),
      ),
    );
    const q2 = {
      ...corrected,
      period: '2026-Q2',
      rows: corrected.rows.map((r) => ({ ...r, period: '2026-Q2' })),
    };
    await post(await envelopeOf('RU-MINFIN', q2));

    const g = await global('2026-Q1');
    expect(g.participants.map((p) => [p.participant, p.returns.map((r) => r.authority)])).toEqual([
      ['EU', ['EU-BE-ANTWERP', 'EU-DE-IDAR-OBERSTEIN']],
      ['RU', ['RU-MINFIN']],
    ]);
    expect(g.participants[0]!.imports.totals).toEqual({
      certificates: 2,
      carats: '1000000000000.05',
      valueUsd: '0.35',
    });
    expect(g.participants[1]!.exports.totals).toEqual({
      certificates: 1,
      carats: '1.00',
      valueUsd: '2.00',
    });
    expect(g.totals).toEqual({
      exports: { certificates: 1, carats: '1.00', valueUsd: '2.00' },
      imports: { certificates: 2, carats: '1000000000000.05', valueUsd: '0.35' },
    });
    const year = await global('2026');
    expect(year.quarters).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
    expect(year.participants.find((p) => p.participant === 'RU')!.exports.totals).toEqual({
      certificates: 2,
      carats: '2.00',
      valueUsd: '4.00',
    });
    const bad = await t.registry.app.request('/statistics/global?period=2026-Q9');
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ code: 'KPX_PERIOD_INVALID' });
  });
});
