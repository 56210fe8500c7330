import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { forEachDialect } from '../../../../test/support/dialects.js';
import { appendAudit } from '../audit/append-audit.js';
import { verifyAuditChain } from '../audit/verify-audit-chain.js';
import { nextSerial } from '../certificates/serial-repository.js';
import { idempotencyRepository } from '../idempotency/idempotency-repository.js';
import { migrateToLatest } from './migrate.js';
import { parseInt8 } from './open-postgres.js';
import { isRetryablePostgresError } from './postgres-errors.js';
import type { Storage } from './storage.js';

// Storage behaviour every dialect must share (STYLE.md: storage tests on every dialect). The
// SQLite-only parts — WAL, synchronous, group commit — are in open-sqlite.test.ts.

const tokenRow = (id: string) => ({
  id,
  token_hash: `hash-${id}`,
  role: 'admin',
  name: id,
  created_at: '2026-03-02T09:00:00.000Z',
  expires_at: null,
  revoked_at: null,
});

async function tableNames(storage: Storage): Promise<string[]> {
  const tables =
    storage.dialect === 'postgres'
      ? await sql<{ name: string }>`select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_name not like 'kysely_%'`.execute(
          storage.db,
        )
      : await sql<{ name: string }>`select name from sqlite_master
          where type = 'table' and name not like 'kysely_%' and name not like 'sqlite_%'`.execute(
          storage.db,
        );
  return tables.rows.map((r) => r.name).sort();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

forEachDialect((d) => {
  describe('migrations', () => {
    it('create every table', async () => {
      const storage = await d.openStorage();
      expect(storage.dialect).toBe(d.dialect);
      expect(await tableNames(storage)).toEqual(
        expect.arrayContaining([
          'api_tokens',
          'audit_log',
          'certificates',
          'confirmations',
          'events',
          'idempotency_keys',
          'inbox',
          'outbox',
          'receipts',
          'serial_counters',
        ]),
      );
    });

    it('apply once: reopening keeps the data and applies nothing again', async () => {
      const database = d.durableDatabase();
      const first = await d.openStorage(database);
      await first.db.insertInto('api_tokens').values(tokenRow('t1')).execute();
      await first.close();
      const again = await d.openStorage(database);
      expect(await again.db.selectFrom('api_tokens').select('id').execute()).toEqual([
        { id: 't1' },
      ]);
      expect(
        await migrateToLatest(
          again.db as never,
          database.kind === 'postgres' && database.schema !== undefined
            ? { schema: database.schema }
            : {},
        ),
      ).toEqual([]);
    });

    it('order text byte by byte, as the cursor paging and the UUIDv7 order assume', async () => {
      const storage = await d.openStorage();
      const ids = ['b', 'B', 'a-2', 'a_1', 'a1', 'A', '-z', '0', 'é', 'z'];
      for (const id of ids)
        await storage.db.insertInto('api_tokens').values(tokenRow(id)).execute();
      const ordered = await storage.db
        .selectFrom('api_tokens')
        .select('id')
        .orderBy('id')
        .execute();
      expect(ordered.map((r) => r.id)).toEqual([...ids].sort());
      const below = await storage.db
        .selectFrom('api_tokens')
        .select('id')
        .where('id', '<', 'a')
        .orderBy('id')
        .execute();
      expect(below.map((r) => r.id)).toEqual([...ids].filter((id) => id < 'a').sort());
    });
  });

  describe('reading numbers', () => {
    it('returns counts and integer columns as numbers', async () => {
      const storage = await d.openStorage();
      await storage.db
        .insertInto('api_tokens')
        .values([tokenRow('a'), tokenRow('b')])
        .execute();
      const row = await storage.db
        .selectFrom('api_tokens')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(row.n).toBe(2);
      await storage.db
        .insertInto('serial_counters')
        .values({ authority: 'X', year: 2026, value: 7 })
        .execute();
      const counter = await storage.db
        .selectFrom('serial_counters')
        .select('value')
        .executeTakeFirstOrThrow();
      expect(counter.value).toBe(7);
    });

    it.runIf(d.dialect === 'postgres')(
      'refuses an int8 beyond 2^53 instead of losing digits',
      async () => {
        const storage = await d.openStorage();
        expect((await sql<{ n: number }>`select 42::int8 as n`.execute(storage.db)).rows).toEqual([
          { n: 42 },
        ]);
        await expect(sql`select 9007199254740993::int8 as n`.execute(storage.db)).rejects.toThrow(
          /not exact/,
        );
      },
    );
  });

  describe('transactor', () => {
    it('commits concurrent units independently: a failing unit leaves no trace, the others commit', async () => {
      const storage = await d.openStorage();
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
      const ids = await storage.db.selectFrom('api_tokens').select('id').orderBy('id').execute();
      expect(ids.map((r) => r.id)).toEqual(['a', 'b', 'd']);
      expect(effects.sort()).toEqual(['a', 'b', 'd']);
    });

    it('gives concurrent issues distinct, gapless serials (one row per authority and year)', async () => {
      const storage = await d.openStorage();
      const serials = await Promise.all(
        Array.from({ length: 40 }, () =>
          storage.transactor.transact((uow) => nextSerial(uow.db, 'RU-MINFIN', 2026)),
        ),
      );
      expect([...serials].sort((a, b) => a - b)).toEqual(
        Array.from({ length: 40 }, (_, i) => i + 1),
      );
      // A rolled-back unit gives its serial back.
      await expect(
        storage.transactor.transact(async (uow) => {
          await nextSerial(uow.db, 'RU-MINFIN', 2026);
          throw new Error('issue fails after numbering');
        }),
      ).rejects.toThrow(/after numbering/);
      expect(
        await storage.transactor.transact((uow) => nextSerial(uow.db, 'RU-MINFIN', 2026)),
      ).toBe(41);
      expect(
        await storage.transactor.transact((uow) => nextSerial(uow.db, 'RU-MINFIN', 2027)),
      ).toBe(1);
    });

    it('answers the first result when a concurrent unit committed the same key first', async () => {
      const storage = await d.openStorage();
      let attemptsOfSecond = 0;
      const first = storage.transactor.transact(async (uow) => {
        const repo = idempotencyRepository(uow.db);
        await repo.insert(
          'token:t1',
          'key-1',
          { requestHash: 'h', status: 201, body: 'first' },
          'at',
        );
        await sleep(100); // the second unit reads and inserts while this one is uncommitted
        return 'first';
      });
      await sleep(20);
      const second = storage.transactor.transact(async (uow) => {
        attemptsOfSecond += 1;
        const repo = idempotencyRepository(uow.db);
        const stored = await repo.find('token:t1', 'key-1');
        if (stored !== undefined) return stored.body;
        await repo.insert(
          'token:t1',
          'key-1',
          { requestHash: 'h', status: 201, body: 'second' },
          'at',
        );
        return 'second';
      });
      expect(await Promise.all([first, second])).toEqual(['first', 'first']);
      // PostgreSQL ran the second unit concurrently: its insert waited for the first, failed on
      // the key, and the unit ran again. SQLite ran it after the first committed.
      expect(attemptsOfSecond).toBe(d.dialect === 'postgres' ? 2 : 1);
      const rows = await storage.db.selectFrom('idempotency_keys').selectAll().execute();
      expect(rows).toHaveLength(1);
    });
  });

  describe('audit chain', () => {
    it('stays one chain when many units append at once', async () => {
      const storage = await d.openStorage();
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          storage.transactor.transact(async (uow) => {
            await uow.db
              .insertInto('api_tokens')
              .values(tokenRow(`t${i}`))
              .execute();
            return appendAudit(uow.db, {
              at: '2026-03-02T09:00:00.000Z',
              actor: 'system',
              action: 'token.create',
              subject: `t${i}`,
            });
          }),
        ),
      );
      expect(await verifyAuditChain(storage.db)).toEqual({ ok: true, entries: 40 });
      const subjects = await storage.db.selectFrom('audit_log').select('subject').execute();
      expect(new Set(subjects.map((s) => s.subject)).size).toBe(40);
    });

    it('appends outside a unit too (on PostgreSQL, concurrently: each in its own transaction)', async () => {
      const storage = await d.openStorage();
      const append = (i: number) =>
        appendAudit(storage.db, {
          at: '2026-03-02T09:00:00.000Z',
          actor: 'system',
          action: 'test',
          subject: `s${i}`,
        });
      const indexes = Array.from({ length: 10 }, (_, i) => i);
      const seqs: Array<number | undefined> = [];
      // SQLite appends outside a unit only one at a time (its one writer is the unit's job).
      if (d.dialect === 'postgres') seqs.push(...(await Promise.all(indexes.map(append))));
      else for (const i of indexes) seqs.push(await append(i));
      expect([...seqs].sort((a, b) => Number(a) - Number(b))).toEqual(
        Array.from({ length: 10 }, (_, i) => i + 1),
      );
      expect(await verifyAuditChain(storage.db)).toEqual({ ok: true, entries: 10 });
    });
  });
});

describe('PostgreSQL helpers', () => {
  it('parses int8 exactly or not at all', () => {
    expect(parseInt8('0')).toBe(0);
    expect(parseInt8('-12')).toBe(-12);
    expect(parseInt8('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => parseInt8('9007199254740992')).toThrow(RangeError);
  });

  it('retries deadlocks, serialization failures and lost key races, nothing else', () => {
    for (const code of ['40P01', '40001', '23505'])
      expect(isRetryablePostgresError({ code })).toBe(true);
    for (const error of [{ code: '23503' }, { code: 'KPX_CONFLICT' }, new Error('x'), null])
      expect(isRetryablePostgresError(error)).toBe(false);
  });
});
