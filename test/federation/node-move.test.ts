// `kpx node move-to-postgres`: an authority outgrows its SQLite node. RU has issued and
// delivered certificates and EU confirmed one; RU stops, moves, starts on PostgreSQL — every row
// is there, the old tokens work, numbering continues and deliveries go on.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../packages/cli/src/program.js';
import { eventually, testApi, type TestApi } from '../support/api-client.js';
import { draftTo } from '../support/drafts.js';
import { initFederation, ruAndEu, testPassphrase, tokenFor } from '../support/federation.js';
import { spawnKpx, type KpxProcess } from '../support/kpx-process.js';
import { withNodeDatabase } from '../support/node-database.js';
import { withTestDatabase } from '../support/postgres.js';
import { tempDir } from '../support/temp-dir.js';

const processes: KpxProcess[] = [];
const apis: TestApi[] = [];
afterEach(async () => {
  await Promise.all(processes.splice(0).map((p) => p.stop('SIGKILL')));
  await Promise.all(apis.splice(0).map((a) => a.close()));
});

async function kpx(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, {
    out: (t) => void (out += `${t}\n`),
    err: (t) => void (err += `${t}\n`),
  });
  return { code, out, err };
}

/** The tables compared row for row before and after the move. */
const tables = [
  'certificates',
  'events',
  'outbox',
  'receipts',
  'confirmations',
  'api_tokens',
  'serial_counters',
  'audit_log',
  'trade_aggregate',
  'mirror_entries',
  'companies',
  'applications',
  'application_attachments',
];

/**
 * A column value as both readers agree on it: the test's PostgreSQL reader gives `bigint`
 * columns as decimal text and SQLite as numbers, so every number is compared as its text.
 */
function comparable(value: unknown): unknown {
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (Buffer.isBuffer(value)) return value.toString('hex');
  return value;
}

async function contents(dir: string): Promise<Record<string, string[]>> {
  return withNodeDatabase(dir, async (db) => {
    const out: Record<string, string[]> = {};
    for (const table of tables) {
      const rows = await db.rows(`select * from ${table}`);
      out[table] = rows
        .map((row) =>
          JSON.stringify(
            Object.fromEntries(
              Object.entries(row)
                .sort(([a], [b]) => (a < b ? -1 : 1))
                .map(([k, v]) => [k, comparable(v)]),
            ),
          ),
        )
        .sort();
    }
    return out;
  });
}

const env = { KPX_PASSPHRASE: testPassphrase };

async function start(dir: string): Promise<KpxProcess> {
  const node = spawnKpx(['node', 'start', '--dir', dir, '--json'], env);
  processes.push(node);
  await node.line('ready');
  return node;
}

describe('kpx node move-to-postgres', { timeout: 90_000 }, () => {
  const database = withTestDatabase();

  it('moves a stopped SQLite node with its data, tokens and numbering; deliveries go on', async () => {
    const { nodes } = await initFederation(tempDir('kpx-node-move-'), await ruAndEu());
    const ru = nodes.ru!;
    const eu = nodes.eu!;
    const ruNode = await start(ru.dir);
    await start(eu.dir);
    const ruApi = testApi(ru.url);
    apis.push(ruApi);
    const issuer = await tokenFor(ruApi, ru.adminToken, 'issuer');
    const numbers: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const issued = await ruApi.call('POST', '/api/v1/certificates', {
        token: issuer,
        json: draftTo(eu, ru),
      });
      expect(issued.status).toBe(201);
      numbers.push((issued.body as { number: string }).number);
    }
    const statusOf = async (number: string) =>
      (
        (await ruApi.call('GET', `/api/v1/certificates/${number}`, { token: issuer })).body as {
          status: string;
        }
      ).status;
    await eventually(
      async () =>
        (await Promise.all(numbers.map(statusOf))).every((s) => s === 'delivered')
          ? true
          : undefined,
      20_000,
      'three delivered',
    );

    // A running node is not moved.
    const busy = await kpx(['node', 'move-to-postgres', '--dir', ru.dir, '--db', database.url]);
    expect(busy.code).toBe(2);
    expect(busy.err).toMatch(/stop the node first/);

    expect(await ruNode.stop()).toBe(0);
    // A trader's application with a PDF: its bytes (every byte value) must arrive unchanged.
    const bytes = Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256));
    await withNodeDatabase(
      ru.dir,
      async (db) => {
        const at = '2026-11-20T09:00:00.000Z';
        await db.run(
          'insert into companies values (?, ?, ?, ?, ?, ?, ?)',
          'c1',
          'Mirny Rough Export LLC',
          '1 Lenin Street, Mirny',
          'RU-EXP-1',
          'active',
          at,
          at,
        );
        await db.run(
          'insert into applications (id, company_id, status, draft_json, submitted_by, submitted_at, updated_at, version) values (?, ?, ?, ?, ?, ?, ?, ?)',
          'a1',
          'c1',
          'submitted',
          '{}',
          'trader',
          at,
          at,
          1,
        );
        await db.run(
          'insert into application_attachments values (?, ?, ?, ?, ?, ?, ?, ?)',
          'f1',
          'a1',
          'invoice',
          'invoice.pdf',
          'application/pdf',
          bytes.length,
          'x',
          bytes,
        );
      },
      { write: true },
    );
    const before = await contents(ru.dir);
    expect(before['application_attachments']).toHaveLength(1);
    const sqliteFile = join(ru.dir, 'node.sqlite');

    const moved = await kpx([
      'node',
      'move-to-postgres',
      '--dir',
      ru.dir,
      '--db',
      database.url,
      '--db-schema',
      'ru_moved',
      '--json',
    ]);
    expect(moved.code, moved.err).toBe(0);
    const report = JSON.parse(moved.out) as {
      tables: Record<string, number>;
      audit: { ok: boolean; entries: number };
    };
    expect(report.tables['certificates']).toBe(3);
    expect(report.audit.ok).toBe(true);
    expect(report.audit.entries).toBe(before['audit_log']!.length);
    const config = JSON.parse(readFileSync(join(ru.dir, 'node.json'), 'utf8')) as {
      database: unknown;
    };
    expect(config.database).toEqual({ kind: 'postgres', url: database.url, schema: 'ru_moved' });
    expect(existsSync(sqliteFile)).toBe(true); // the way back stays
    // Row for row, value for value.
    expect(await contents(ru.dir)).toEqual(before);

    // Moved twice: node.json names PostgreSQL already.
    const again = await kpx(['node', 'move-to-postgres', '--dir', ru.dir, '--db', database.url]);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/names a PostgreSQL database already/);

    await start(ru.dir);
    // The old issuer token works; numbering continues after the three; delivery goes on.
    for (const number of numbers) expect(await statusOf(number)).toBe('delivered');
    const next = await ruApi.call('POST', '/api/v1/certificates', {
      token: issuer,
      json: draftTo(eu, ru),
    });
    expect(next.status).toBe(201);
    const fourth = (next.body as { number: string }).number;
    expect(fourth.slice(-6)).toBe('000004');
    expect(numbers.map((n) => n.slice(-6))).toEqual(['000001', '000002', '000003']);
    await eventually(
      async () => ((await statusOf(fourth)) === 'delivered' ? true : undefined),
      20_000,
      'the fourth delivered from PostgreSQL',
    );
  });
});
