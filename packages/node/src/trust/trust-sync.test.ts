import { nodeVerifier } from '@kpx/protocol/node';
import { describe, expect, it } from 'vitest';
import { parseNodeConfig } from '../config/node-config.js';
import { createManualClock } from '../runtime/clock.js';
import { silentLogger } from '../runtime/logger.js';
import { secureRandom } from '../runtime/random.js';
import { buildTestTrustList, generateTestKey } from '../testing/test-trust-list.js';
import { createTrustHolder, createTrustSnapshot } from './trust-snapshot.js';
import { createTrustSync, trustRetryDelayMs } from './trust-sync.js';

const key = generateTestKey();
const list = buildTestTrustList(
  { 'RU-MINFIN': key.publicJwk },
  { issuedAt: '2026-03-01T09:00:00Z', nextUpdate: '2026-03-02T09:00:00Z' },
);

function holderAt(clock: ReturnType<typeof createManualClock>, graceMs = 3_600_000) {
  return createTrustHolder(
    createTrustSnapshot({ list, source: 'test', verification: 'unsigned' }, clock.now()),
    { clock, graceMs, registryUrl: 'http://registry.test' },
  );
}

describe('trustRetryDelayMs', () => {
  it('doubles from 1 s up to the interval, half of it random', () => {
    const interval = 300_000;
    expect([1, 2, 3, 4].map((n) => trustRetryDelayMs(n, interval, 0))).toEqual([
      500, 1000, 2000, 4000,
    ]);
    expect(trustRetryDelayMs(1, interval, 0.999_999)).toBe(999);
    expect(trustRetryDelayMs(30, interval, 0)).toBe(150_000);
    expect(trustRetryDelayMs(30, interval, 1)).toBe(300_000);
    expect(trustRetryDelayMs(3, 500, 0.5)).toBe(375);
  });
});

describe('trust holder', () => {
  it('is fresh until nextUpdate + grace, then refuses with KPX_TRUST_LIST_STALE', () => {
    const clock = createManualClock('2026-03-02T09:59:59.000Z');
    const holder = holderAt(clock);
    expect(holder.freshness()).toMatchObject({
      version: 1,
      stale: false,
      staleAt: '2026-03-02T10:00:00.000Z',
      ageSeconds: 89_999,
      fetchedAt: null,
    });
    expect(() => holder.assertFresh('issue')).not.toThrow();
    clock.advance(1001);
    expect(holder.freshness().stale).toBe(true);
    expect(() => holder.assertFresh('issue')).toThrow(
      expect.objectContaining({ code: 'KPX_TRUST_LIST_STALE', status: 503 }),
    );
    holder.confirmed(clock.now());
    expect(holder.freshness().fetchedAt).toBe('2026-03-02T10:00:00.001Z');
  });
});

describe('trust sync', () => {
  it('shares one poll between concurrent callers and backs off while the registry is down', async () => {
    const clock = createManualClock('2026-03-01T10:00:00Z');
    let calls = 0;
    const sync = createTrustSync({
      registryUrl: 'http://registry.test',
      rootKey: key.publicJwk,
      holder: holderAt(clock),
      fetch: async () => {
        calls += 1;
        await new Promise((resolve) => setTimeout(resolve, 5));
        throw new Error('connect ECONNREFUSED');
      },
      verifier: nodeVerifier,
      clock,
      random: secureRandom,
      logger: silentLogger(),
      refreshIntervalMs: 20,
      timeoutMs: 1000,
    });
    const [a, b] = await Promise.all([sync.refresh(), sync.refresh()]);
    expect(a).toBe(b);
    expect(a).toMatchObject({ outcome: 'unreachable' });
    expect(calls).toBe(1);
    expect(sync.status()).toMatchObject({
      failures: 1,
      lastError: { message: expect.stringContaining('ECONNREFUSED') },
    });

    const abort = new AbortController();
    const running = sync.run(abort.signal);
    await new Promise((resolve) => setTimeout(resolve, 120));
    abort.abort();
    await running;
    expect(calls).toBeGreaterThan(2);
    expect(calls).toBeLessThan(40);
    expect(sync.status().failures).toBe(calls);
  });
});

describe('trustList configuration', () => {
  const base = {
    authority: 'RU-MINFIN',
    signingKey: key.privateJwk,
    database: { kind: 'sqlite', path: ':memory:' },
  };

  it('fills the polling defaults and needs a pinned root with a registry', () => {
    const config = parseNodeConfig({
      ...base,
      trustList: { registryUrl: 'https://registry.example', rootKey: key.publicJwk },
    });
    expect(config.trustList).toMatchObject({ refreshIntervalMs: 300_000, graceMs: 86_400_000 });
    expect(() =>
      parseNodeConfig({ ...base, trustList: { registryUrl: 'https://registry.example' } }),
    ).toThrow(
      expect.objectContaining({
        problems: [expect.objectContaining({ path: '/trustList/rootKey' })],
      }),
    );
    expect(() => parseNodeConfig({ ...base, trustList: {} })).toThrow(
      expect.objectContaining({
        problems: [expect.objectContaining({ path: '/trustList/path' })],
      }),
    );
  });
});
