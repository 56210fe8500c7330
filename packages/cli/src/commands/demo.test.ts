import { describe, expect, it } from 'vitest';
import { runCli } from '../program.js';
import type { PlanExpectations } from './demo-plan.js';
import type { DemoSummary } from './demo-summary.js';
import type { Comparison } from './demo-verdict.js';

type Report = {
  asPlanned: boolean;
  period: string;
  planted: PlanExpectations;
  comparison: Comparison[];
  summary: DemoSummary;
  fraud: {
    reuse: { status: number; code?: string };
    forgery: {
      caught: boolean;
      verify: { valid: boolean; code?: string };
      exchange: { status: number };
    };
  };
  applications: Array<{
    id: string;
    at: string;
    path: string;
    status: string;
    number?: string;
  }>;
  returns: Array<{ participant: string }>;
  network: { nodes: Record<string, { url: string; users: unknown[] }> };
};

describe('kpx demo --exit', () => {
  it('runs a small quarter over five nodes and reports, from the APIs, exactly what was planted', async () => {
    let out = '';
    let err = '';
    const code = await runCli(['demo', '--exit', '--json', '--certificates', '40', '--seed', '5'], {
      out: (t) => void (out += t),
      err: (t) => void (err += t),
    });
    expect(code, err).toBe(0);
    const report = JSON.parse(out) as Report;
    expect(Object.keys(report.network.nodes)).toEqual(['RU', 'EU', 'BY', 'IN', 'AE']);

    // What the plan planted, by construction of the seed-5 plan of 40 certificates.
    const { planted } = report;
    expect(planted).toMatchObject({
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
    expect(planted.issued).toBe(45);
    expect(planted.paper).toBeGreaterThan(0);

    // What the nodes' and the registry's APIs report, figure by figure.
    const t = report.summary.totals;
    expect({
      issued: t.issued,
      paper: t.paper,
      delivered: t.delivered,
      confirmed: t.confirmed,
      discrepancies: t.discrepancies,
      rejected: t.rejected,
      cancelled: t.cancelled,
      superseded: t.superseded,
      pending: t.pending,
      paperRecorded: t.paperRecorded,
    }).toEqual({
      issued: planted.issued,
      paper: planted.paper,
      delivered: planted.electronic,
      confirmed: planted.confirmed,
      discrepancies: planted.discrepancies,
      rejected: planted.rejected,
      cancelled: planted.cancelled,
      superseded: planted.superseded,
      pending: planted.pending,
      paperRecorded: planted.paperRecorded,
    });
    // Trader applications, read back from GET /api/v1/applications of every node.
    expect(t.applications).toEqual({
      total: planted.applications,
      byStatus: {
        submitted: 0,
        under_review: 0,
        changes_requested: 0,
        approved: planted.applicationsApproved,
        refused: planted.applicationsRefused,
      },
      revised: planted.applicationsRevised,
      certificatesConfirmed: planted.applicationsApproved,
    });
    const appsAt = (p: string) =>
      report.summary.nodes.find((n) => n.participant === p)?.applications.byStatus;
    expect(appsAt('RU')).toMatchObject({ approved: 2, refused: 0 });
    expect(appsAt('IN')).toMatchObject({ approved: 1, refused: 1 });
    expect(appsAt('AE')).toMatchObject({ approved: 1, refused: 0 });
    expect(appsAt('EU')).toMatchObject({ approved: 0, refused: 0 });
    expect(t.anomalies).toEqual({ 'value-per-carat': 1, reuse: 1 });
    expect(t.reuseCaught).toBe(1);
    expect(t.forgeriesCaught).toBe(1);
    expect(t.medianDeliveryMs).toBeGreaterThanOrEqual(0);
    expect(report.summary.registry.exports.certificates).toBe(
      planted.issued - planted.cancelled - planted.superseded,
    );
    expect(report.summary.registry.imports.certificates).toBe(
      planted.confirmed + planted.paperRecorded,
    );
    expect(report.summary.registry.participants.map((p) => p.participant).sort()).toEqual([
      'AE',
      'BY',
      'EU',
      'IN',
      'RU',
    ]);
    // The verdict holds the applications too: a figure off the plan would fail the demo.
    expect(
      report.comparison.filter((c) => c.figure.startsWith('application')).map((c) => c.figure),
    ).toEqual([
      'applications approved',
      'applications revised after changes requested',
      'applications refused',
      'applications still open',
      'application certificates confirmed',
    ]);
    expect(report.comparison.find((c) => c.figure === 'trader applications')).toEqual({
      figure: 'trader applications',
      planted: 5,
      reported: 5,
    });
    expect(report.comparison.filter((c) => c.planted !== c.reported)).toEqual([]);
    expect(report.asPlanned).toBe(true);

    // How the fraud was caught, in the nodes' own words.
    expect(report.fraud.reuse).toMatchObject({ status: 409, code: 'KPX_ALREADY_CONSUMED' });
    expect(report.fraud.forgery.verify).toMatchObject({ valid: false, code: 'KPX_KEY_UNKNOWN' });
    // An envelope the node cannot authenticate gets a 4xx problem, never a receipt.
    expect(report.fraud.forgery.exchange.status).toBeGreaterThanOrEqual(400);
    expect(report.fraud.forgery.exchange.status).toBeLessThan(500);
    expect(report.fraud.forgery.caught).toBe(true);
    // What the nodes answered the traders and the issuers: a certificate per approval.
    expect(report.applications.map((a) => `${a.id} ${a.at} ${a.path} ${a.status}`)).toEqual([
      'A0001 RU approve approved',
      'A0002 IN approve approved',
      'A0003 AE approve approved',
      'A0004 RU revise approved',
      'A0005 IN refuse refused',
    ]);
    for (const a of report.applications)
      if (a.status === 'approved') expect(a.number).toMatch(/^[A-Z]{2}/);
      else expect(a.number).toBeUndefined();
    expect(report.returns).toHaveLength(5);
    for (const node of Object.values(report.network.nodes))
      expect(node.users.length).toBeGreaterThan(0);
  }, 240_000);

  it('refuses a single Participant and a volume too small to plant its events (exit 2)', async () => {
    let err = '';
    const io = { out: () => undefined, err: (t: string) => void (err += t) };
    expect(await runCli(['demo', '--participants', 'RU', '--exit'], io)).toBe(2);
    expect(err).toMatch(/needs an exporter and at least one importer/);
    expect(await runCli(['demo', '--certificates', '5', '--exit'], io)).toBe(2);
    expect(err).toMatch(/--certificates must be 20 to 5000/);
    expect(
      await runCli(['demo', '--participants', 'RU,EU', '--certificates', '20', '--exit'], io),
    ).toBe(2);
    expect(err).toMatch(/raise --certificates/);
  });
});
