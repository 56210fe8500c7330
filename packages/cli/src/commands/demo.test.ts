import { describe, expect, it } from 'vitest';
import { runCli } from '../program.js';
import type { DemoRow } from './demo.js';

describe('kpx demo --exit', () => {
  it('issues, delivers, confirms (one discrepancy, one rejection) and reports what both nodes say', async () => {
    let out = '';
    let err = '';
    const code = await runCli(['demo', '--exit', '--json', '--certificates', '4'], {
      out: (t) => void (out += t),
      err: (t) => void (err += t),
    });
    expect(code, err).toBe(0);
    const report = JSON.parse(out) as {
      asPlanned: boolean;
      certificates: DemoRow[];
      network: { nodes: Record<string, unknown> };
    };
    expect(report.asPlanned).toBe(true);
    expect(Object.keys(report.network.nodes)).toEqual(['RU', 'EU']);
    expect(report.certificates.map((r) => [r.plan, r.statusAtIssuer, r.statusAtImporter])).toEqual([
      ['confirm', 'confirmed', 'confirmed'],
      ['discrepancy', 'confirmed', 'confirmed'],
      ['reject', 'rejected', 'rejected'],
      ['confirm', 'confirmed', 'confirmed'],
    ]);
    expect(report.certificates[1]?.discrepancies).toEqual(
      expect.arrayContaining(['carats -12.35']),
    );
    for (const row of report.certificates) {
      expect(row.number).toMatch(/^RU-\d{4}-\d{6}$/);
      expect(row.deliveryMs).toBeGreaterThanOrEqual(0);
    }
  });

  it('refuses a single Participant (exit 2)', async () => {
    let err = '';
    const code = await runCli(['demo', '--participants', 'RU', '--exit'], {
      out: () => undefined,
      err: (t) => void (err += t),
    });
    expect(code).toBe(2);
    expect(err).toMatch(/needs an exporter and at least one importer/);
  });
});
