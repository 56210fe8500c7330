import type { PlanExpectations } from './demo-plan.js';
import type { DemoSummary } from './demo-summary.js';

/** One figure: what the plan put in, what the APIs report. */
export type Comparison = { figure: string; planted: number; reported: number };

/**
 * Lines up what the plan planted with what the APIs report. The demo is as planned when every
 * pair is equal: that is what the test checks, and the exit code says.
 */
export function compareWithPlan(expected: PlanExpectations, summary: DemoSummary): Comparison[] {
  const t = summary.totals;
  const anomalies = Object.values(t.anomalies).reduce((a, b) => a + b, 0);
  const apps = t.applications;
  const pairs: Array<[string, number, number]> = [
    ['issued', expected.issued, t.issued],
    ['paper (to Participants without a node)', expected.paper, t.paper],
    ['delivered with a signed receipt', expected.electronic, t.delivered],
    ['confirmed', expected.confirmed, t.confirmed],
    ['confirmed with discrepancies', expected.discrepancies, t.discrepancies],
    ['rejected', expected.rejected, t.rejected],
    ['cancelled', expected.cancelled, t.cancelled],
    ['amended (superseded)', expected.superseded, t.superseded],
    ['pending at the end of the quarter', expected.pending, t.pending],
    ['paper certificates recorded', expected.paperRecorded, t.paperRecorded],
    [
      'value-per-carat anomalies',
      expected.valuePerCaratAnomalies,
      t.anomalies['value-per-carat'] ?? 0,
    ],
    ['reuse attempts caught', expected.reuseAttempts, t.reuseCaught],
    ['anomalies in all', expected.valuePerCaratAnomalies + expected.reuseAttempts, anomalies],
    ['forgeries caught', expected.forgeries, t.forgeriesCaught],
    ['trader applications', expected.applications, apps.total],
    ['applications approved', expected.applicationsApproved, apps.byStatus.approved],
    ['applications revised after changes requested', expected.applicationsRevised, apps.revised],
    ['applications refused', expected.applicationsRefused, apps.byStatus.refused],
    // Every application was decided: none left waiting for an officer or the trader.
    [
      'applications still open',
      0,
      apps.byStatus.submitted + apps.byStatus.under_review + apps.byStatus.changes_requested,
    ],
    [
      'application certificates confirmed',
      expected.applicationsApproved,
      apps.certificatesConfirmed,
    ],
    // Exports count every certificate issued but those cancelled or replaced (KPCS Annex III).
    [
      'registry: export certificates',
      expected.issued - expected.cancelled - expected.superseded,
      summary.registry.exports.certificates,
    ],
    // Imports count what was confirmed on arrival, electronic or recorded from paper.
    [
      'registry: import certificates',
      expected.confirmed + expected.paperRecorded,
      summary.registry.imports.certificates,
    ],
  ];
  return pairs.map(([figure, planted, reported]) => ({ figure, planted, reported }));
}
