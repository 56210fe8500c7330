import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { skipPostgres, withTestDatabase } from '../../../../test/support/postgres.js';
import { openPostgresStorage } from './open-postgres.js';

const fsyncWarning =
  'PostgreSQL fsync = off: an OS crash or power cut can corrupt the database (see docs/durability.md)';
const describePostgres = skipPostgres() ? describe.skip : describe;

describePostgres('PostgreSQL durability settings at open', () => {
  const database = withTestDatabase();

  const open = async () => {
    const warnings: string[] = [];
    const storage = await openPostgresStorage({
      url: database.url,
      schema: 'durability',
      onDurabilityWarning: (w) => warnings.push(w),
    });
    await storage.close();
    return warnings;
  };

  it('warns when the database acknowledges commits before they are flushed', async () => {
    const name = new URL(database.url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    let fsyncOff: boolean;
    try {
      // fsync is server-wide: a local server has it on, the tests' throwaway cluster off.
      fsyncOff = (await admin.query<{ fsync: string }>('show fsync')).rows[0]?.fsync === 'off';
      expect(await open()).toEqual(fsyncOff ? [fsyncWarning] : []);
      // synchronous_commit may be turned off per database: the node's connections inherit it.
      await admin.query(`alter database ${name} set synchronous_commit = off`);
    } finally {
      await admin.end();
    }
    expect(await open()).toEqual([
      ...(fsyncOff ? [fsyncWarning] : []),
      'PostgreSQL synchronous_commit = off: an OS crash or power cut can lose transactions the node already acknowledged (201s, signed receipts) (see docs/durability.md)',
    ]);
  });
});
