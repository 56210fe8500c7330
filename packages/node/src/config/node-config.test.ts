import { KpxError } from '@kpx/domain';
import { describe, expect, it } from 'vitest';
import { createNode } from '../create-node.js';
import { silentLogger } from '../runtime/logger.js';
import { buildTestTrustList, generateTestKey } from '../testing/test-trust-list.js';
import { staticTrustSource } from '../trust/trust-source.js';
import { databaseFromUrl } from './database-url.js';
import { parseNodeConfig } from './node-config.js';

const key = generateTestKey();
const base = {
  authority: 'RU-MINFIN',
  signingKey: key.privateJwk,
  database: { kind: 'sqlite', path: ':memory:' },
};

function configError(fn: () => unknown): KpxError {
  try {
    fn();
  } catch (error) {
    if (error instanceof KpxError) return error;
    throw error;
  }
  throw new Error('no error');
}

describe('parseNodeConfig', () => {
  it('fills the defaults', () => {
    const config = parseNodeConfig(base);
    expect(config.database).toEqual({ kind: 'sqlite', path: ':memory:', synchronous: 'full' });
    expect(config.outbox).toMatchObject({
      baseDelayMs: 1000,
      maxDelayMs: 900_000,
      overdueAfterMs: 86_400_000,
    });
    expect(config.exchange).toMatchObject({
      maxSkewMs: 300_000,
      maxAgeMs: 400 * 86_400_000,
      maxBodyBytes: 1_048_576,
    });
    expect(config.api.maxBodyBytes).toBe(262_144);
  });

  it('names every wrong field with KPX_CONFIG_INVALID, without echoing the key', () => {
    const error = configError(() =>
      parseNodeConfig({
        ...base,
        authority: 'ru minfin',
        database: { kind: 'oracle' },
        outbox: { baseDelayMs: -1 },
        extra: 1,
      }),
    );
    expect(error.code).toBe('KPX_CONFIG_INVALID');
    const paths = (error.problems ?? []).map((p) => p.path).sort();
    expect(paths).toEqual(
      expect.arrayContaining(['/authority', '/database/kind', '/outbox/baseDelayMs']),
    );
    expect(error.message).not.toContain(key.privateJwk.d);
  });
});

describe('database: postgres', () => {
  it('fills the pool defaults and keeps the URL as given', () => {
    const url = 'postgres://kpx:secret@db.example:5432/kpx';
    const config = parseNodeConfig({ ...base, database: { kind: 'postgres', url } });
    expect(config.database).toEqual({
      kind: 'postgres',
      url,
      pool: {
        max: 10,
        idleTimeoutMs: 30_000,
        connectionTimeoutMs: 10_000,
        preparedStatements: true,
      },
    });
    const tuned = parseNodeConfig({
      ...base,
      database: { kind: 'postgres', url, schema: 'ru_minfin', pool: { max: 4 } },
    });
    expect(tuned.database).toMatchObject({ schema: 'ru_minfin', pool: { max: 4 } });
  });

  it('names a bad URL, schema or pool size, without echoing the URL', () => {
    const error = configError(() =>
      parseNodeConfig({
        ...base,
        database: {
          kind: 'postgres',
          url: 'mysql://root:hunter2@db',
          schema: 'Robert"; drop table x',
          pool: { max: 0 },
        },
      }),
    );
    expect((error.problems ?? []).map((p) => p.path).sort()).toEqual([
      '/database/pool/max',
      '/database/schema',
      '/database/url',
    ]);
    expect(error.message).not.toContain('hunter2');
  });

  it('reads a --db value as a PostgreSQL URL or a SQLite path', () => {
    expect(databaseFromUrl('postgresql://kpx@db/kpx')).toEqual({
      kind: 'postgres',
      url: 'postgresql://kpx@db/kpx',
    });
    expect(databaseFromUrl('sqlite:data/node.sqlite')).toEqual({
      kind: 'sqlite',
      path: 'data/node.sqlite',
    });
    expect(databaseFromUrl('/var/lib/kpx/node.sqlite')).toEqual({
      kind: 'sqlite',
      path: '/var/lib/kpx/node.sqlite',
    });
  });
});

describe('createNode configuration checks', () => {
  const trust = staticTrustSource(buildTestTrustList({ 'RU-MINFIN': key.publicJwk }));

  it('refuses an authority the trust list does not know', async () => {
    await expect(
      createNode(
        { ...base, authority: 'XX-NOBODY' },
        { trustSource: trust, logger: silentLogger() },
      ),
    ).rejects.toMatchObject({ code: 'KPX_CONFIG_INVALID', problems: [{ path: '/authority' }] });
  });

  it('refuses a deduplication window shorter than the longest certificate validity', async () => {
    await expect(
      createNode(
        { ...base, exchange: { maxAgeMs: 30 * 86_400_000 } },
        { trustSource: trust, logger: silentLogger() },
      ),
    ).rejects.toMatchObject({
      code: 'KPX_CONFIG_INVALID',
      problems: [{ path: '/exchange/maxAgeMs' }],
    });
  });

  it('needs a signing key or a signer, and a trust list or a trust source', async () => {
    const { signingKey: _omitted, ...noKey } = base;
    await expect(
      createNode(noKey, { trustSource: trust, logger: silentLogger() }),
    ).rejects.toMatchObject({
      problems: [{ path: '/signingKey' }],
    });
    await expect(createNode(base, { logger: silentLogger() })).rejects.toMatchObject({
      problems: [{ path: '/trustList' }],
    });
  });

  it('starts and stops cleanly, twice', async () => {
    const node = await createNode(base, { trustSource: trust, logger: silentLogger() });
    node.start();
    node.start();
    await node.stop();
    await node.stop();
  });
});
