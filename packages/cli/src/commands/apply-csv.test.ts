import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestNetwork, startNodeServer, type NodeServer } from '@kpx/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyPdf } from '../../../../test/support/pdf.js';
import { tempDir } from '../../../../test/support/temp-dir.js';
import type { Io } from '../output.js';
import { runCli } from '../program.js';

// `kpx apply --csv` against a real node on a loopback socket (docs/applications.md): chunks of
// rows, documents read from the CSV's directory, every row numbered as in the file.

type Net = Awaited<ReturnType<typeof createTestNetwork>>;
let net: Net;
let server: NodeServer;
let token: string;
const dir = tempDir('kpx-apply-');

function capture(): Io & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (t) => lines.push(t), err: (t) => lines.push(t) };
}

const header =
  'reference,importingParticipant,importingAuthority,importerName,importerAddress,origin,parcels,hs,carats,valueUsd,invoice,packingList';
const row = (ref: string, extra: Partial<Record<'parcels' | 'invoice' | 'address', string>> = {}) =>
  [
    ref,
    'EU',
    'EU-BE-ANTWERP',
    'Schupstraat BV',
    extra.address ?? 'Schupstraat 1',
    'RU',
    extra.parcels ?? '4',
    '7102.31',
    '1520.35',
    '245000',
    extra.invoice ?? 'invoice.pdf',
    'packing.pdf',
  ].join(',');

beforeAll(async () => {
  net = await createTestNetwork(['RU-MINFIN', 'EU-BE-ANTWERP']);
  const ru = net.nodes['RU-MINFIN']!;
  token = ru.tokens.trader;
  server = await startNodeServer(ru.node, { host: '127.0.0.1', port: 0, startWorkers: false });
  writeFileSync(join(dir, 'invoice.pdf'), tinyPdf('invoice'));
  writeFileSync(join(dir, 'packing.pdf'), tinyPdf('packing'));
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'sub', 'other.pdf'), tinyPdf('other'));
});
afterAll(async () => {
  await server.close();
  await net.stop();
});

describe('kpx apply --csv', () => {
  it('sends the file in chunks and reports every refused row as numbered in the file', async () => {
    const csv = join(dir, 'applications.csv');
    writeFileSync(
      csv,
      [
        header,
        row('A1'),
        row('A2', { parcels: 'four' }),
        '',
        row('A4', { address: '"Schupstraat 1\nAntwerp"' }),
        row('A5', { invoice: 'sub/other.pdf' }),
        row('A6', { invoice: '../invoice.pdf' }),
        row('A7'),
      ].join('\n') + '\n',
    );
    const io = capture();
    const code = await runCli(
      ['apply', '--csv', csv, '--node', server.url, '--token', token, '--chunk', '2', '--json'],
      io,
    );
    expect(code).toBe(1);
    const outcome = JSON.parse(io.lines.join('\n')) as {
      accepted: number;
      refused: number;
      results: Array<{
        row: number;
        line: number;
        reference: string;
        ok: boolean;
        problems: Array<{ code: string; column: string }>;
      }>;
    };
    expect(outcome).toMatchObject({ accepted: 3, refused: 3 });
    expect(
      outcome.results.map((r) => [
        r.row,
        r.line,
        r.reference,
        r.ok,
        r.problems.map((p) => `${p.code}@${p.column}`),
      ]),
    ).toEqual([
      [2, 2, 'A1', true, []],
      [3, 3, 'A2', false, ['KPX_TYPE_INVALID@parcels']],
      [5, 5, 'A4', true, []],
      // Only plain names in the documents directory are read and sent.
      [6, 7, 'A5', false, ['KPX_ATTACHMENT_INVALID@invoice']],
      [7, 8, 'A6', false, ['KPX_ATTACHMENT_INVALID@invoice']],
      [8, 9, 'A7', true, []],
    ]);
    const listed = (await (
      await fetch(new URL('/api/v1/applications', server.url), {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as { items: Array<{ draft?: unknown }> };
    expect(listed.items).toHaveLength(3);
  });

  it('prints one line per problem and a total for a person, exit 0 when all are accepted', async () => {
    const csv = join(dir, 'good.csv');
    writeFileSync(csv, `${header}\r\n${row('B1')}\r\n`);
    const io = capture();
    expect(await runCli(['apply', '--csv', csv, '--node', server.url, '--token', token], io)).toBe(
      0,
    );
    expect(io.lines.at(-1)).toBe('1 accepted, 0 refused');
  });

  it('exits 1 naming the columns when the node cannot read the header, 2 without a token', async () => {
    const csv = join(dir, 'bad-header.csv');
    writeFileSync(csv, 'importingParticipant,colour\r\nEU,red\r\n');
    const io = capture();
    expect(await runCli(['apply', '--csv', csv, '--node', server.url, '--token', token], io)).toBe(
      1,
    );
    expect(io.lines.join('\n')).toMatch(
      /header row cannot be read: KPX_FIELD_UNKNOWN colour; KPX_FIELD_REQUIRED importerName/,
    );
    const none = capture();
    const saved = process.env['KPX_TOKEN'];
    delete process.env['KPX_TOKEN'];
    try {
      expect(await runCli(['apply', '--csv', csv, '--node', server.url], none)).toBe(2);
    } finally {
      if (saved !== undefined) process.env['KPX_TOKEN'] = saved;
    }
  });
});
