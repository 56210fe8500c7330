import { defaultDirectory, sumAmounts, validateDraft, validatePaperCertificate } from '@kpx/domain';
import { describe, expect, it } from 'vitest';
import { apportionCount, planQuarter, type DemoPlan } from './demo-plan.js';

const five = ['RU', 'EU', 'BY', 'IN', 'AE'];
const today = '2026-11-21';
const issuers: Record<string, string> = {
  RU: 'RU-MINFIN',
  EU: 'EU-BE-ANTWERP',
  BY: 'BY-MINFIN',
  IN: 'IN-GJEPC',
  AE: 'AE-KPO',
};

/** Carats per key, summed exactly (as cents) over the plan's certificates. */
function caratsBy(plan: DemoPlan, key: (s: DemoPlan['shipments'][number]) => string) {
  const sums = new Map<string, number>();
  for (const s of plan.shipments) {
    const carats = Number(sumAmounts(s.draft.items.map((l) => l.carats)));
    sums.set(key(s), (sums.get(key(s)) ?? 0) + carats);
  }
  const total = [...sums.values()].reduce((a, b) => a + b, 0);
  return new Map([...sums].map(([k, v]) => [k, v / total]));
}

describe('demo plan', () => {
  it('splits counts exactly by largest remainder', () => {
    expect(apportionCount(10, [30, 14, 11, 4, 1])).toEqual([5, 2, 2, 1, 0]);
    expect(apportionCount(7, [1, 1, 1])).toEqual([3, 2, 2]);
    expect(apportionCount(5, [0, 0])).toEqual([0, 0]);
  });

  it('is the same plan for the same seed, and another for another seed', () => {
    const a = planQuarter({ participants: five, certificates: 60, seed: 7, today });
    const b = planQuarter({ participants: five, certificates: 60, seed: 7, today });
    const c = planQuarter({ participants: five, certificates: 60, seed: 8, today });
    expect(b).toEqual(a);
    expect(c.shipments).not.toEqual(a.shipments);
  });

  it('gives drafts and paper forms that pass the KPCS rules', () => {
    const plan = planQuarter({ participants: five, certificates: 200, seed: 1, today });
    expect(plan.shipments).toHaveLength(200);
    for (const s of plan.shipments) {
      const ctx = { directory: defaultDirectory, issuingAuthority: issuers[s.from] ?? '', today };
      const result = validateDraft(s.draft, ctx);
      expect(result.ok, `${s.id} ${JSON.stringify(result)}`).toBe(true);
      if (s.amendment !== undefined) expect(validateDraft(s.amendment, ctx).ok).toBe(true);
    }
    expect(plan.applications.length).toBeGreaterThan(0);
    for (const a of plan.applications) {
      const ctx = { directory: defaultDirectory, issuingAuthority: issuers[a.at] ?? '', today };
      for (const draft of [a.draft, ...(a.revision === undefined ? [] : [a.revision])]) {
        const result = validateDraft(draft, ctx);
        expect(result.ok, `${a.id} ${JSON.stringify(result)}`).toBe(true);
      }
      // The certificate issued from it goes to a node, where it is confirmed.
      expect(five).toContain(a.to);
      expect(a.to).not.toBe(a.at);
    }
    for (const p of plan.paperImports) {
      const result = validatePaperCertificate(p.paper, { directory: defaultDirectory, today });
      expect(result.ok, JSON.stringify(result)).toBe(true);
      expect(five).toContain(p.to);
      expect(five).not.toContain(p.from);
    }
  });

  it('follows the published shares: the UAE exports most, India imports most, Russia ships mostly to Antwerp', () => {
    const plan = planQuarter({ participants: five, certificates: 1000, seed: 3, today });
    const counts = new Map<string, number>();
    for (const s of plan.shipments) counts.set(s.from, (counts.get(s.from) ?? 0) + 1);
    // Certificates per exporter: exactly AE 30 : EU 14 : RU 11 : IN 4 : BY 1 of 1000.
    expect(Object.fromEntries(counts)).toEqual({ AE: 500, EU: 233, RU: 183, IN: 67, BY: 17 });

    const exporters = caratsBy(plan, (s) => s.from);
    expect(exporters.get('AE')).toBeGreaterThan(0.4);
    expect(exporters.get('AE')).toBeLessThan(0.6);
    expect(exporters.get('AE')).toBeGreaterThan(exporters.get('EU') ?? 1);
    expect(exporters.get('EU')).toBeGreaterThan(exporters.get('RU') ?? 1);

    const importers = caratsBy(plan, (s) => s.to);
    const biggest = [...importers].sort((x, y) => y[1] - x[1])[0];
    expect(biggest?.[0]).toBe('IN');

    const russian = caratsBy(
      { ...plan, shipments: plan.shipments.filter((s) => s.from === 'RU') },
      (s) => s.to,
    );
    expect(russian.get('EU')).toBeGreaterThan(0.4);
    expect(russian.get('EU')).toBeGreaterThan(russian.get('IN') ?? 1);
    expect(plan.shipments.every((s) => s.from !== 'RU' || s.draft.origin === 'RU')).toBe(true);
  });

  it('plants every kind of event, each counted in the expectations', () => {
    const plan = planQuarter({ participants: five, certificates: 40, seed: 11, today });
    const { expected } = plan;
    const of = (o: string) => plan.shipments.filter((s) => s.outcome === o);
    expect(expected).toMatchObject({
      rejected: 1,
      cancelled: 1,
      superseded: 1,
      discrepancies: 2,
      pending: 2,
      paperRecorded: 1,
      valuePerCaratAnomalies: 1,
      reuseAttempts: 1,
      forgeries: 1,
      // One approved at each of RU, IN and AE, one revised then approved, one refused.
      applications: 5,
      applicationsApproved: 4,
      applicationsRevised: 1,
      applicationsRefused: 1,
    });
    // 40 certificates, the amendment, and the 4 issued from approved applications.
    expect(expected.issued).toBe(45);
    expect(expected.paper).toBe(of('paper').length);
    expect(expected.paper).toBeGreaterThan(0);
    expect(expected.transit).toBeGreaterThan(0);
    expect(of('paper').every((s) => !five.includes(s.to))).toBe(true);
    expect(of('discrepancy').every((s) => s.shortfall !== undefined)).toBe(true);
    expect(of('amend').every((s) => s.amendment !== undefined)).toBe(true);
    const reuse = plan.shipments.find((s) => s.id === plan.reuseOf);
    const forged = plan.shipments.find((s) => s.id === plan.forgeryOf);
    expect(reuse?.outcome).toBe('confirm');
    expect(forged?.outcome).toBe('confirm');
    expect(plan.shipments.filter((s) => s.anomaly === 'value-per-carat')).toHaveLength(1);
    const paths = plan.applications.map((a) => `${a.at}:${a.path}`);
    expect(paths).toEqual(['RU:approve', 'IN:approve', 'AE:approve', 'RU:revise', 'IN:refuse']);
    const revised = plan.applications.find((a) => a.path === 'revise');
    expect(revised?.revision?.parcels).toBe((revised?.draft.parcels ?? 0) + 1);
  });

  it('plans applications only where a node of Russia, the UAE or India takes them', () => {
    const plan = planQuarter({ participants: ['RU', 'EU'], certificates: 60, seed: 4, today });
    expect(plan.applications.map((a) => `${a.at}:${a.path}→${a.to}`)).toEqual([
      'RU:approve→EU',
      'RU:revise→EU',
      'RU:refuse→EU',
    ]);
    expect(plan.expected).toMatchObject({
      applications: 3,
      applicationsApproved: 2,
      applicationsRevised: 1,
      applicationsRefused: 1,
    });
    const none = planQuarter({ participants: ['EU', 'CN'], certificates: 300, seed: 4, today });
    expect(none.applications).toEqual([]);
    expect(none.expected.applications).toBe(0);
  });

  it('plans paper delivery exactly for the importers without a node, whatever the network', () => {
    const network = ['RU', 'EU', 'CN'];
    const plan = planQuarter({ participants: network, certificates: 120, seed: 2, today });
    for (const s of plan.shipments) {
      expect(network).toContain(s.from);
      expect(s.outcome === 'paper', `${s.id} ${s.from}→${s.to}`).toBe(!network.includes(s.to));
    }
    // China has a node here: it exports (default split), and no paper goes to it.
    expect(plan.shipments.some((s) => s.from === 'CN')).toBe(true);
    expect(plan.shipments.some((s) => s.outcome === 'paper' && s.to === 'CN')).toBe(false);
    expect(plan.expected.paper).toBe(plan.shipments.filter((s) => s.outcome === 'paper').length);
  });

  it('refuses a plan too small to plant its events', () => {
    expect(() => planQuarter({ participants: five, certificates: 8, seed: 1, today })).toThrow(
      /raise --certificates/,
    );
  });
});
