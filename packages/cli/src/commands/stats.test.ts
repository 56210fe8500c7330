import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sampleDraft } from '@kpx/domain';
import { createTestNetwork, startNodeServer, type NodeServer, type TestNode } from '@kpx/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../test/support/temp-dir.js';
import type { Io } from '../output.js';
import { runCli } from '../program.js';

// `kpx stats …` against a real RU node on a loopback socket, after one certificate went to the
// EU node and came back confirmed with fewer carats than issued: the figures the analyst gets
// from the CLI are the node's, and a mirror difference makes `reconcile` exit 1.

type Net = Awaited<ReturnType<typeof createTestNetwork>>;
let net: Net;
let ru: TestNode;
let server: NodeServer;
let number: string;
let year: string;
const dir = tempDir('kpx-stats-');

function capture(): Io & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (t) => lines.push(t), err: (t) => errors.push(t) };
}

async function kpx(...args: string[]) {
  const io = capture();
  const code = await runCli(
    ['stats', ...args, '--node', server.url, '--token', ru.tokens.analyst],
    io,
  );
  return { code, io, text: io.lines.join('\n') };
}

beforeAll(async () => {
  net = await createTestNetwork(['RU-MINFIN', 'EU-BE-ANTWERP']);
  ru = net.nodes['RU-MINFIN']!;
  const eu = net.nodes['EU-BE-ANTWERP']!;
  const issued = await ru.request('/api/v1/certificates', {
    method: 'POST',
    role: 'issuer',
    json: sampleDraft,
  });
  expect(issued.status).toBe(201);
  number = ((await issued.json()) as { number: string }).number;
  await ru.node.dispatchOutbox();
  const today = new Date(net.clock.now()).toISOString().slice(0, 10);
  year = today.slice(0, 4);
  const confirmed = await eu.request(`/api/v1/certificates/${number}/confirmation`, {
    method: 'POST',
    role: 'importer',
    // 100 carats fewer than issued: a mirror difference on both sides.
    json: {
      parcels: 4,
      carats: '4220.45',
      valueUsd: '335150.95',
      sealsIntact: true,
      receivedOn: today,
    },
  });
  expect(confirmed.status).toBe(200);
  net.clock.advance(1000);
  await eu.node.dispatchOutbox();
  server = await startNodeServer(ru.node, { host: '127.0.0.1', port: 0, startWorkers: false });
});
afterAll(async () => {
  await server.close();
  await net.stop();
});

describe('kpx stats', () => {
  it('show: the export of the year as the node counts it, as a table and as JSON', async () => {
    const table = await kpx('show', '--period', year);
    expect(table.code).toBe(0);
    expect(table.text).toMatch(/export\s+TOTAL\s+1\s+4320\.45\s+335150\.95/);
    const json = await kpx('show', '--period', year, '--flow', 'export', '--json');
    const report = JSON.parse(json.text) as { totals: { export: unknown } };
    expect(report.totals.export).toEqual({
      certificates: 1,
      carats: '4320.45',
      valueUsd: '335150.95',
    });
  });

  it('show --format csv prints the CSV; xlsx is written to --out and needs it', async () => {
    const csv = await kpx('show', '--period', year, '--format', 'csv');
    expect(csv.code).toBe(0);
    expect(csv.text).toContain('TOTAL');
    expect(csv.text.split('\n')[0]).toContain('carats');
    const out = join(dir, 'stats.xlsx');
    const xlsx = await kpx('show', '--period', year, '--format', 'xlsx', '--out', out);
    expect(xlsx.code).toBe(0);
    expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK'); // a ZIP: the workbook
    const missing = await kpx('show', '--period', year, '--format', 'xlsx', '--json');
    expect(missing.code).toBe(2);
    expect(missing.text).toContain('KPX_USAGE');
  });

  it('show with a bad period passes on the node’s code, exit 2', async () => {
    const bad = await kpx('show', '--period', '2026-Q5', '--json');
    expect(bad.code).toBe(2);
    expect(bad.text).toContain('KPX_PERIOD_INVALID');
  });

  it('reconcile: the certificate that differs is named and the exit code is 1', async () => {
    const result = await kpx('reconcile', '--period', year);
    expect(result.code).toBe(1);
    expect(result.text).toContain(`differs: ${number} (RU→EU)`);
  });

  it('production: a good CSV is recorded; a bad row refuses the file with its column (exit 1)', async () => {
    const good = join(dir, 'production.csv');
    writeFileSync(good, 'period,carats,valueUsd\n2026-H1,1000.00,250000.00\n');
    const ok = await kpx('production', good);
    expect(ok.code).toBe(0);
    expect(ok.text).toContain('2026-H1');
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'period,carats,valueUsd\n2026-H1,1000.00,250000.00\n2026-H3,12.5x,1.00\n');
    const refused = await kpx('production', bad);
    expect(refused.code).toBe(1);
    expect(refused.io.errors.join('\n')).toMatch(/row 3 period: KPX_/);
  });

  it('anomalies of the year answer, most severe first', async () => {
    const result = await kpx('anomalies', '--period', year, '--json');
    expect(result.code).toBe(0);
    expect(Array.isArray((JSON.parse(result.text) as { anomalies: unknown[] }).anomalies)).toBe(
      true,
    );
  });

  it('without a token, or with the node down, a usage error (exit 2) with its code', async () => {
    const io = capture();
    const saved = process.env['KPX_TOKEN'];
    delete process.env['KPX_TOKEN'];
    try {
      expect(await runCli(['stats', 'show', '--period', year, '--node', server.url], io)).toBe(2);
    } finally {
      if (saved !== undefined) process.env['KPX_TOKEN'] = saved;
    }
    expect(io.errors.join('\n') + io.lines.join('\n')).toContain('--token');
    const down = capture();
    const code = await runCli(
      ['stats', 'show', '--period', year, '--node', 'http://127.0.0.1:9', '--token', 'x', '--json'],
      down,
    );
    expect(code).toBe(2);
    expect(down.lines.join('\n')).toContain('KPX_NODE_UNREACHABLE');
  });
});
