import {
  aggregateTrade,
  parseCsv,
  sampleDraft,
  type CertificateDraft,
  type TradeRow,
} from '@kpx/domain';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestNetwork, type TestNetwork, type TestNode } from '../testing/test-network.js';
import type { Role } from '../tokens/roles.js';
import type { StatisticsReport } from './get-statistics.js';
import { fullScanTradeFacts } from './scan-records.js';
import { statisticsCsvColumns } from './statistics-csv.js';
import { xlsxColumns, xlsxHeaderRow, xlsxSheetNames } from './statistics-xlsx.js';

// The statistics HTTP routes on one node with trade to and from a partner: JSON, CSV and XLSX
// read back and compared; production returns with every kind of bad CSV row; roles.

type Json = Record<string, unknown>;

let net: TestNetwork;
let ru: TestNode;
let eu: TestNode;

async function issue(body: CertificateDraft): Promise<string> {
  const res = await ru.request('/api/v1/certificates', {
    method: 'POST',
    role: 'issuer',
    json: body,
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { number: string }).number;
}

async function dispatchAll(): Promise<void> {
  for (let i = 0; i < 3; i += 1) {
    net.clock.advance(1000);
    await ru.node.dispatchOutbox();
    await eu.node.dispatchOutbox();
  }
}

const get = (path: string, role: Role = 'analyst') => ru.request(path, { role });

beforeAll(async () => {
  net = await createTestNetwork(['RU-MINFIN', 'EU-BE-ANTWERP']);
  ru = net.nodes['RU-MINFIN']!;
  eu = net.nodes['EU-BE-ANTWERP']!;
  const base = structuredClone(sampleDraft) as CertificateDraft;
  const numbers = [
    await issue(base),
    await issue({ ...base, origin: 'MIXED', exporter: { name: '=HYPERLINK("x")', address: 'x' } }),
    await issue({
      ...base,
      origin: 'BW',
      items: [{ hs: '7102.10', carats: '1234567890123.45', valueUsd: '99999999999.99' }],
    }),
    // Far outside any value-per-carat band (an anomaly).
    await issue({ ...base, items: [{ hs: '7102.31', carats: '10.00', valueUsd: '900000.00' }] }),
  ];
  await dispatchAll();
  const confirm = (number: string) =>
    eu.request(`/api/v1/certificates/${number}/confirmation`, {
      method: 'POST',
      role: 'importer',
      json: {
        parcels: 4,
        carats: '4320.45',
        valueUsd: '335150.95',
        receivedOn: '2026-03-05',
        sealsIntact: true,
      },
    });
  expect((await confirm(numbers[0]!)).status).toBe(200);
  expect((await confirm(numbers[0]!)).status).toBe(409); // a second time: recorded as reuse
  await dispatchAll();
});
afterAll(async () => {
  await net.stop();
});

describe('GET /api/v1/statistics', () => {
  it('answers the rows and totals of the maintained aggregate, equal to a full scan', async () => {
    const res = await get('/api/v1/statistics?period=2026-Q1');
    expect(res.status).toBe(200);
    const report = (await res.json()) as StatisticsReport;
    const facts = await fullScanTradeFacts(ru.node.context.storage.db);
    expect(report).toMatchObject({
      period: '2026-Q1',
      start: '2026-01-01',
      end: '2026-03-31',
      participant: 'RU',
      authority: 'RU-MINFIN',
      flows: ['export', 'import'],
    });
    expect(report.rows).toEqual([
      ...aggregateTrade(facts, { period: '2026-Q1', flow: 'export' }),
      ...aggregateTrade(facts, { period: '2026-Q1', flow: 'import' }),
    ]);
    expect(report.totals.export).toEqual({
      certificates: 4,
      carats: '1234567898774.35', // 2 × 4320.45 + 1234567890123.45 + 10.00
      valueUsd: '100001570301.89', // 2 × 335150.95 + 99999999999.99 + 900000.00
    });
    expect(report.totals.import).toEqual({ certificates: 0, carats: '0.00', valueUsd: '0.00' });

    const exportsOnly = (await (
      await get('/api/v1/statistics?period=2026&flow=export')
    ).json()) as StatisticsReport;
    expect(exportsOnly.flows).toEqual(['export']);
    expect(exportsOnly.rows.every((r) => r.flow === 'export' && r.period === '2026')).toBe(true);
    expect(Object.keys(exportsOnly.totals)).toEqual(['export']);

    const eus = (await (
      await eu.request('/api/v1/statistics?period=2026-Q1&flow=import', { role: 'analyst' })
    ).json()) as StatisticsReport;
    expect(eus.totals.import).toEqual({
      certificates: 1,
      carats: '4320.45',
      valueUsd: '335150.95',
    });
  });

  it('refuses a bad period, flow or format', async () => {
    for (const [query, code] of [
      ['', 'KPX_PERIOD_INVALID'],
      ['?period=2026-Q5', 'KPX_PERIOD_INVALID'],
      ['?period=2026-Q1&flow=both', 'KPX_VALIDATION_FAILED'],
      ['?period=2026-Q1&format=pdf', 'KPX_VALIDATION_FAILED'],
    ] as const) {
      const res = await get(`/api/v1/statistics${query}`);
      expect(res.status, query).toBe(422);
      expect(await res.json()).toMatchObject({ code });
    }
  });

  it('writes CSV that reads back to the same rows and totals', async () => {
    const report = (await (
      await get('/api/v1/statistics?period=2026-Q1')
    ).json()) as StatisticsReport;
    const res = await get('/api/v1/statistics?period=2026-Q1&format=csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toContain(
      'kpx-statistics-RU-MINFIN-2026-Q1.csv',
    );
    const records = parseCsv(await res.text());
    expect(records[0]!.fields).toEqual([...statisticsCsvColumns]);
    const body = records.slice(1).map((r) => r.fields);
    const rowOf = (r: TradeRow) => statisticsCsvColumns.map((k) => String(r[k]));
    expect(body.slice(0, report.rows.length)).toEqual(report.rows.map(rowOf));
    expect(body.slice(report.rows.length)).toEqual(
      (['export', 'import'] as const).map((flow) => {
        const t = report.totals[flow]!;
        return ['2026-Q1', flow, 'TOTAL', '', '', '', String(t.certificates), t.carats, t.valueUsd];
      }),
    );
  });

  it('writes XLSX laid out like the KP tables that reads back to the same figures', async () => {
    const report = (await (
      await get('/api/v1/statistics?period=2026-Q1')
    ).json()) as StatisticsReport;
    const res = await get('/api/v1/statistics?period=2026-Q1&format=xlsx');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Exports', 'Imports']);
    for (const flow of ['export', 'import'] as const) {
      const sheet = workbook.getWorksheet(xlsxSheetNames[flow])!;
      expect(String(sheet.getCell('A1').value)).toContain('Kimberley Process');
      expect(sheet.getCell('B2').value).toBe('Russian Federation (RU)');
      expect(sheet.getCell('B3').value).toBe('RU-MINFIN');
      expect(String(sheet.getCell('B4').value)).toContain('2026-Q1');
      expect((sheet.getRow(xlsxHeaderRow).values as unknown[]).slice(1)).toEqual([...xlsxColumns]);
      const rows = report.rows.filter((r) => r.flow === flow);
      rows.forEach((r, i) => {
        const row = sheet.getRow(xlsxHeaderRow + 1 + i);
        expect(row.getCell(1).value).toBe(r.partner);
        expect(row.getCell(3).value).toBe(r.hs);
        expect(row.getCell(4).value).toBe(r.origin);
        expect(row.getCell(5).value).toBe(r.provenance);
        expect(row.getCell(6).value).toBe(r.certificates);
        // Numeric cells with two decimals, equal to the exact text beside them.
        expect(row.getCell(7).value).toBe(Number(r.carats));
        expect(row.getCell(7).numFmt).toBe('#,##0.00');
        expect(row.getCell(8).value).toBe(Number(r.valueUsd));
        expect(row.getCell(10).value).toBe(r.carats);
        expect(row.getCell(11).value).toBe(r.valueUsd);
      });
      const total = sheet.getRow(xlsxHeaderRow + 1 + rows.length);
      const t = report.totals[flow]!;
      expect(total.getCell(1).value).toBe('Total');
      expect(total.getCell(6).value).toBe(t.certificates);
      expect(total.getCell(7).value).toBe(Number(t.carats));
      expect(total.getCell(10).value).toBe(t.carats);
      expect(total.getCell(11).value).toBe(t.valueUsd);
    }
    // The large figure (16 significant digits) is kept exactly in its text column.
    const big = workbook
      .getWorksheet('Exports')!
      .getColumn(10)
      .values.filter((v) => v === '1234567890123.45');
    expect(big).toHaveLength(1);
  });
});

describe('POST /api/v1/production', () => {
  const csv = (text: string) =>
    ru.request('/api/v1/production', {
      method: 'POST',
      role: 'analyst',
      body: text,
      headers: { 'content-type': 'text/csv' },
    });
  const stored = async () =>
    ((await (await get('/api/v1/production')).json()) as { returns: Json[] }).returns;

  it('refuses a CSV with any bad row, reporting every row, and stores nothing', async () => {
    const text = [
      'period,carats,valueUsd,notes',
      '2026-H1,1520.35,2450000,first half',
      ',1.00,1.00,', // period missing
      '2026-Q3,1.00,1.00,', // not a half-year
      '2026-H1,1.00,1.00,', // period repeated
      '2025-H2,,1.00,', // carats missing
      '2025-H1,-1.00,1.00,', // carats negative
      '2024-H2,"1,520.35",1.00,', // thousands separator
      '2024-H1,1.00,-5,', // value negative
      '2023-H2,1.005,1.00,', // three decimals: no rounding
      `2023-H1,1.00,1.00,${'x'.repeat(1001)}`, // notes too long
      '2022-H2,1.00,1.00,,surplus', // more cells than the header
      '2021-H2,2.00,3.00',
      '2022-H1,"1.00,1.00', // unterminated quote: runs to the end of the file
    ].join('\r\n');
    const res = await csv(text);
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const body = (await res.json()) as {
      code: string;
      results: Array<{
        row: number;
        ok: boolean;
        problems: Array<{ code: string; column: string }>;
      }>;
    };
    expect(body.code).toBe('KPX_CSV_INVALID');
    const summary = body.results.map((r) => [
      r.row,
      r.ok,
      r.problems.map((p) => `${p.code}@${p.column}`),
    ]);
    expect(summary).toEqual([
      [2, true, []],
      [3, false, ['KPX_FIELD_REQUIRED@period']],
      [4, false, ['KPX_PERIOD_INVALID@period']],
      [5, false, ['KPX_PERIOD_INVALID@period']],
      [6, false, ['KPX_FIELD_REQUIRED@carats']],
      [7, false, ['KPX_AMOUNT_INVALID@carats']],
      [8, false, ['KPX_AMOUNT_INVALID@carats']],
      [9, false, ['KPX_VALUE_NEGATIVE@valueUsd']],
      [10, false, ['KPX_AMOUNT_INVALID@carats']],
      [11, false, ['KPX_STRING_TOO_LONG@notes']],
      [12, false, ['KPX_CSV_INVALID@']],
      [13, true, []],
      [14, false, [expect.stringMatching(/^KPX_CSV_INVALID@/)]],
    ]);
    expect(await stored()).toEqual([]);
  });

  it('refuses a CSV with a bad header or no rows', async () => {
    const header = await csv('period,caratz,valueUsd\r\n2026-H1,1.00,1.00\r\n');
    expect(header.status).toBe(422);
    const h = (await header.json()) as {
      results: Array<{ row: number; problems: Array<{ code: string }> }>;
    };
    expect(h.results).toHaveLength(1);
    expect(h.results[0]!.row).toBe(1);
    expect(h.results[0]!.problems.map((p) => p.code)).toEqual([
      'KPX_FIELD_UNKNOWN',
      'KPX_FIELD_REQUIRED',
    ]);
    expect((await csv('period,carats,valueUsd\r\n')).status).toBe(422);
    expect((await csv('')).status).toBe(422);
    expect(await stored()).toEqual([]);
  });

  it('stores a good CSV (a row per half-year) and a JSON return; a period returned again is replaced', async () => {
    const res = await csv(
      'Period,Carats,ValueUSD\n2025-H2,1520,2450000.5\n2026-H1,1520.35,2450000.00\n',
    );
    expect(res.status).toBe(201);
    const body = (await res.json()) as { results: Json[]; returns: Json[] };
    expect(body.results).toEqual([
      { row: 2, ok: true, problems: [] },
      { row: 3, ok: true, problems: [] },
    ]);
    expect(body.returns.map((r) => r['period'])).toEqual(['2025-H2', '2026-H1']);

    const bad = await ru.request('/api/v1/production', {
      method: 'POST',
      role: 'analyst',
      json: { period: '2026-Q1', entries: [{ origin: 'RU', carats: '1.5', valueUsd: '2.00' }] },
    });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({
      code: 'KPX_VALIDATION_FAILED',
      problems: expect.arrayContaining([
        expect.objectContaining({ code: 'KPX_PERIOD_INVALID', path: '/period' }),
        expect.objectContaining({ path: '/entries/0/carats' }),
      ]),
    });

    const good = await ru.request('/api/v1/production', {
      method: 'POST',
      role: 'analyst',
      json: {
        period: '2026-H1',
        entries: [
          { origin: 'RU', carats: '19300000.00', valueUsd: '1930000000.00', mines: 12 },
          { origin: 'MIXED', carats: '0.00', valueUsd: '0.00' },
        ],
      },
    });
    expect(good.status).toBe(201);
    const all = await stored();
    expect(all.map((r) => [r['period'], r['source'], (r['entries'] as unknown[]).length])).toEqual([
      ['2025-H2', 'csv', 1],
      ['2026-H1', 'json', 2],
    ]);
    const one = (await (await get('/api/v1/production?period=2025-H2')).json()) as {
      returns: Json[];
    };
    expect(one.returns[0]).toMatchObject({
      entries: [{ carats: '1520.00', valueUsd: '2450000.50' }],
    });
  });

  it('takes only JSON or CSV', async () => {
    const res = await ru.request('/api/v1/production', {
      method: 'POST',
      role: 'analyst',
      body: 'x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(res.status).toBe(415);
  });
});

describe('anomalies and returns', () => {
  it('finds the value per carat out of band and the reuse attempt', async () => {
    const ruAnomalies = (await (await get('/api/v1/anomalies?period=2026-Q1')).json()) as {
      anomalies: Array<{ kind: string; severity: string }>;
    };
    expect(ruAnomalies.anomalies.map((a) => a.kind)).toContain('value-per-carat');
    const euRes = await eu.request('/api/v1/anomalies?period=2026-Q1', { role: 'analyst' });
    const euAnomalies = (await euRes.json()) as {
      anomalies: Array<{ kind: string; severity: string; number?: string }>;
    };
    expect(euAnomalies.anomalies[0]).toMatchObject({ kind: 'reuse', severity: 'high' });
    expect((await get('/api/v1/anomalies')).status).toBe(422);
  });

  it('cannot send a return without a registry, nor for anything but a quarter', async () => {
    const send = (json: unknown) =>
      ru.request('/api/v1/statistics/returns', { method: 'POST', role: 'analyst', json });
    expect(await (await send({ period: '2026-H1' })).json()).toMatchObject({
      code: 'KPX_CONFIG_INVALID',
    });
    const res = await send({});
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: 'KPX_PERIOD_INVALID' });
  });
});

describe('roles', () => {
  it('lets analysts read and write, admins read, and no one else', async () => {
    for (const role of ['analyst', 'admin'] as const) {
      expect((await get('/api/v1/statistics?period=2026-Q1', role)).status).toBe(200);
      expect((await get('/api/v1/reconciliation', role)).status).toBe(200);
      expect((await get('/api/v1/anomalies?period=2026-Q1', role)).status).toBe(200);
      expect((await get('/api/v1/production', role)).status).toBe(200);
    }
    for (const role of ['issuer', 'importer', 'auditor'] as const) {
      const res = await get('/api/v1/statistics?period=2026-Q1', role);
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ code: 'KPX_FORBIDDEN' });
    }
    const adminWrites = await ru.request('/api/v1/production', {
      method: 'POST',
      role: 'admin',
      json: { period: '2026-H1', entries: [{ carats: '1.00', valueUsd: '1.00' }] },
    });
    expect(adminWrites.status).toBe(403);
    expect((await ru.request('/api/v1/statistics?period=2026-Q1')).status).toBe(401);
  });
});

describe('anomalies across quarters (runs last: moves the clock)', () => {
  it('reports a quarter-on-quarter fall of volume from the aggregate', async () => {
    net.clock.set('2026-05-04T09:00:00.000Z');
    await issue({ ...(structuredClone(sampleDraft) as CertificateDraft), origin: 'RU' });
    net.clock.set('2026-07-06T09:00:00.000Z');
    const res = await get('/api/v1/anomalies?period=2026-Q2');
    const body = (await res.json()) as {
      anomalies: Array<{ kind: string; partner?: string; period?: string; detail: string }>;
    };
    const jumps = body.anomalies.filter((a) => a.kind === 'volume-jump');
    expect(jumps).toEqual([
      expect.objectContaining({
        partner: 'EU',
        period: '2026-Q2',
        detail: expect.stringContaining('Exports to EU fell'),
      }),
    ]);
    // Only anomalies of the period asked for.
    expect(body.anomalies.every((a) => a.period === undefined || a.period === '2026-Q2')).toBe(
      true,
    );
  });
});
