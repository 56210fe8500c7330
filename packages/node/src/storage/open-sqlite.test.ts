import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStorage } from './open-sqlite.js';
import type { Storage } from './storage.js';

const opened: Storage[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function open(
  synchronous: 'full' | 'normal' = 'full',
): Promise<{ storage: Storage; path: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'kpx-storage-'));
  dirs.push(dir);
  const path = join(dir, 'node.sqlite');
  const storage = await openSqliteStorage({ path, synchronous });
  opened.push(storage);
  return { storage, path };
}

const tokenRow = (id: string) => ({
  id,
  token_hash: `hash-${id}`,
  role: 'admin',
  name: id,
  created_at: '2026-03-02T09:00:00.000Z',
  expires_at: null,
  revoked_at: null,
});

describe('openSqliteStorage', () => {
  it('opens in WAL mode with the chosen synchronous level and creates every table', async () => {
    const { storage } = await open('full');
    const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(storage.db);
    expect(mode.rows[0]?.journal_mode).toBe('wal');
    const sync = await sql<{ synchronous: number }>`pragma synchronous`.execute(storage.db);
    expect(sync.rows[0]?.synchronous).toBe(2); // FULL
    const tables = (await storage.db.introspection.getTables()).map((t) => t.name).sort();
    expect(tables).toEqual([
      'api_tokens',
      'application_attachments',
      'application_events',
      'applications',
      'audit_log',
      'certificates',
      'companies',
      'confirmations',
      'events',
      'idempotency_keys',
      'inbox',
      'mirror_entries',
      'mirror_groups',
      'outbox',
      'production_returns',
      'receipts',
      'serial_counters',
      'sessions',
      'sign_in_throttle',
      'trade_aggregate',
      'trade_groups',
      'users',
      'webhook_deliveries',
      'webhooks',
    ]);
  });

  it('migrates once: reopening an existing database applies nothing again', async () => {
    const { storage, path } = await open();
    await storage.db.insertInto('api_tokens').values(tokenRow('t1')).execute();
    await storage.close();
    opened.splice(opened.indexOf(storage), 1);
    const again = await openSqliteStorage({ path });
    opened.push(again);
    const rows = await again.db.selectFrom('api_tokens').select('id').execute();
    expect(rows).toEqual([{ id: 't1' }]);
  });

  it('uses NORMAL when asked', async () => {
    const { storage } = await open('normal');
    const sync = await sql<{ synchronous: number }>`pragma synchronous`.execute(storage.db);
    expect(sync.rows[0]?.synchronous).toBe(1);
  });
});

describe.each(['full', 'normal'] as const)('transactor (synchronous=%s)', (synchronous) => {
  it('commits concurrent units independently: a failing unit leaves no trace, the others commit', async () => {
    const { storage } = await open(synchronous);
    const effects: string[] = [];
    const results = await Promise.allSettled(
      ['a', 'b', 'c', 'd'].map((id) =>
        storage.transactor.transact(async (uow) => {
          await uow.db.insertInto('api_tokens').values(tokenRow(id)).execute();
          uow.afterCommit(() => effects.push(id));
          if (id === 'c') throw new Error('unit c fails after writing');
          return id;
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    const ids = (
      await storage.db.selectFrom('api_tokens').select('id').orderBy('id').execute()
    ).map((r) => r.id);
    expect(ids).toEqual(['a', 'b', 'd']);
    expect(effects.sort()).toEqual(['a', 'b', 'd']);
  });

  it('serialises units: each sees the writes of the ones before it', async () => {
    const { storage } = await open(synchronous);
    const bump = () =>
      storage.transactor.transact(async (uow) => {
        const row = await uow.db
          .selectFrom('serial_counters')
          .select('value')
          .where('authority', '=', 'X')
          .where('year', '=', 2026)
          .executeTakeFirst();
        const value = (row?.value ?? 0) + 1;
        if (row === undefined) {
          await uow.db
            .insertInto('serial_counters')
            .values({ authority: 'X', year: 2026, value })
            .execute();
        } else {
          await uow.db
            .updateTable('serial_counters')
            .set({ value })
            .where('authority', '=', 'X')
            .execute();
        }
        return value;
      });
    const values = await Promise.all(Array.from({ length: 50 }, bump));
    expect([...values].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });
});
