import { readFileSync } from 'node:fs';
import { sampleDraft } from '@kpx/domain';
import { base64urlEncode, signEnvelope, utf8, uuidv7, type PrivateJwk } from '@kpx/protocol';
import { createNodeSigner } from '@kpx/protocol/node';
import { Agent, request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestPki } from '../../../../test/support/test-ca.js';
import { tempDir } from '../../../../test/support/temp-dir.js';
import { createNode } from '../create-node.js';
import { createManualClock, type ManualClock } from '../runtime/clock.js';
import { silentLogger } from '../runtime/logger.js';
import { startNodeServer } from '../server/start-node-server.js';
import { createTestNetwork, type TestNetwork, type TestNode } from '../testing/test-network.js';
import { buildTestTrustList, generateTestKey } from '../testing/test-trust-list.js';
import { staticTrustSource } from '../trust/trust-source.js';
import { createTokenBuckets } from './rate-limit.js';
import { claimedKid } from './rate-limits.js';

describe('token buckets', () => {
  it('lets a burst through, refuses the next with the wait, and refills at the rate', () => {
    const clock = createManualClock('2026-03-02T09:00:00.000Z');
    const buckets = createTokenBuckets({ perSecond: 2, burst: 3 }, { now: clock.now });
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([0, 0, 0]);
    expect(buckets.take('a')).toBe(500);
    // Another key has its own budget.
    expect(buckets.take('b')).toBe(0);
    clock.advance(500);
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBe(500);
    // Quiet for long: back to the burst, never beyond it.
    clock.advance(60_000);
    expect([0, 1, 2, 3].map(() => buckets.take('a'))).toEqual([0, 0, 0, 500]);
  });

  it('never refills from a clock stepped backwards', () => {
    const clock = createManualClock('2026-03-02T09:00:00.000Z');
    const buckets = createTokenBuckets({ perSecond: 1, burst: 1 }, { now: clock.now });
    expect(buckets.take('a')).toBe(0);
    clock.set('2026-03-02T08:00:00.000Z');
    expect(buckets.take('a')).toBeGreaterThan(0);
  });

  it('keeps at most maxKeys keys: full buckets are forgotten first, then the oldest', () => {
    const clock = createManualClock('2026-03-02T09:00:00.000Z');
    const buckets = createTokenBuckets({ perSecond: 1, burst: 2 }, { now: clock.now, maxKeys: 3 });
    for (const key of ['a', 'b', 'c', 'd', 'e']) buckets.take(key);
    expect(buckets.size).toBeLessThanOrEqual(3);
    clock.advance(10_000);
    for (let i = 0; i < 100; i++) buckets.take(`flood-${i}`);
    expect(buckets.size).toBeLessThanOrEqual(3);
  });
});

describe('claimedKid', () => {
  const header = (value: unknown) =>
    Buffer.from(JSON.stringify(value)).toString('base64url') + '.e30.c2ln';
  it('reads the kid of a compact JWS, raw or in the JSON wrapper, and nothing else', () => {
    expect(claimedKid(header({ alg: 'EdDSA', kid: 'k1' }), 'application/jose')).toBe('k1');
    expect(
      claimedKid(JSON.stringify({ envelope: header({ kid: 'k2' }) }), 'application/json'),
    ).toBe('k2');
    expect(claimedKid(header({ kid: 7 }), 'application/jose')).toBeUndefined();
    expect(claimedKid('not a jws', 'application/jose')).toBeUndefined();
    expect(claimedKid('{"envelope": 1}', 'application/json')).toBeUndefined();
    expect(claimedKid('{', 'application/json')).toBeUndefined();
    expect(claimedKid('%%%.e30.x', 'application/jose')).toBeUndefined();
  });
});

describe('rate limits on the public routes (in-process, default budgets)', () => {
  let net: TestNetwork;
  let ru: TestNode;
  let eu: TestNode;
  beforeEach(async () => {
    net = await createTestNetwork(['RU-MINFIN', 'EU-BE-ANTWERP']);
    ru = net.nodes['RU-MINFIN']!;
    eu = net.nodes['EU-BE-ANTWERP']!;
  });
  afterEach(async () => {
    await net.stop();
  });

  it('answers 429 KPX_RATE_LIMITED with Retry-After past the verify budget, and serves again after the wait', async () => {
    const burst = ru.node.config.rateLimit.verify.burst;
    for (let i = 0; i < burst; i++) {
      const res = await ru.request('/api/v1/verify/RU-2026-000001');
      expect(res.status).toBe(404);
    }
    const limited = await ru.request('/api/v1/verify/RU-2026-000001');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toBe('application/problem+json');
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(await limited.json()).toMatchObject({ code: 'KPX_RATE_LIMITED', retryAfter: 1 });
    const post = await ru.request('/api/v1/verify', { method: 'POST', json: { qr: 'KP1:x' } });
    expect(post.status).toBe(429);
    net.clock.advance(1000);
    expect((await ru.request('/api/v1/verify/RU-2026-000001')).status).toBe(404);
    // Counted in /metrics with the other errors.
    const metrics = await (await ru.request('/metrics')).text();
    expect(metrics).toMatch(/kpx_errors_total\{[^}]*code="KPX_RATE_LIMITED"[^}]*\} 2/);
  });

  it('keeps a partner served while unattributable envelopes flood /exchange', async () => {
    let limited = 0;
    for (let i = 0; i < 300; i++) {
      const res = await eu.request('/exchange/v1/messages', {
        method: 'POST',
        body: `garbage-${i}`,
        headers: { 'content-type': 'application/jose' },
      });
      expect([400, 429]).toContain(res.status);
      if (res.status === 429) limited++;
    }
    expect(limited).toBeGreaterThan(0);
    const issued = await ru.request('/api/v1/certificates', {
      method: 'POST',
      role: 'issuer',
      json: sampleDraft,
    });
    expect(issued.status).toBe(201);
    const report = await ru.node.dispatchOutbox();
    expect(report).toMatchObject({ delivered: 1, failed: 0 });
  });

  it('budgets an envelope naming a partner key per partner, apart from the anonymous cap', async () => {
    // Exhaust the anonymous caps first.
    for (let i = 0; i < 250; i++)
      await eu.request('/exchange/v1/messages', {
        method: 'POST',
        body: 'x',
        headers: { 'content-type': 'application/jose' },
      });
    const envelope = await signEnvelope(
      {
        id: uuidv7(net.clock.now(), new Uint8Array(10).fill(1)),
        type: 'certificate.cancelled',
        from: 'RU-MINFIN',
        to: 'EU-BE-ANTWERP',
        createdAt: new Date(net.clock.now()).toISOString(),
        body: { number: 'RU-2026-000404', reason: 'test' },
      },
      createNodeSigner(ru.key.privateJwk),
    );
    const res = await eu.request('/exchange/v1/messages', {
      method: 'POST',
      body: envelope,
      headers: { 'content-type': 'application/jose' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/jose');
  });
});

describe('exchange budgets follow TLS client certificates (mutual TLS)', () => {
  const cancelled = (clock: ManualClock, privateJwk: PrivateJwk) =>
    signEnvelope(
      {
        id: uuidv7(clock.now(), crypto.getRandomValues(new Uint8Array(10))),
        type: 'certificate.cancelled',
        from: 'RU-MINFIN',
        to: 'EU-BE-ANTWERP',
        createdAt: new Date(clock.now()).toISOString(),
        body: { number: 'RU-2026-000404', reason: 'test' },
      },
      createNodeSigner(privateJwk),
    );

  it('another certificate holder on the same address, forging the partner’s kid, spends its own budget', async () => {
    const pki = createTestPki(tempDir('kpx-rate-limit-tls-'));
    const ru = generateTestKey();
    const eu = generateTestKey();
    const clock = createManualClock('2026-03-02T09:00:00.000Z');
    const node = await createNode(
      {
        authority: 'EU-BE-ANTWERP',
        signingKey: eu.privateJwk,
        database: { kind: 'sqlite', path: ':memory:' },
        rateLimit: { exchange: { partner: { perSecond: 1, burst: 3 } } },
      },
      {
        clock,
        logger: silentLogger(),
        trustSource: staticTrustSource(
          buildTestTrustList({ 'RU-MINFIN': ru.publicJwk, 'EU-BE-ANTWERP': eu.publicJwk }),
        ),
      },
    );
    const tls = pki.leaf('eu');
    const server = await startNodeServer(node, {
      host: '127.0.0.1',
      port: 0,
      startWorkers: false,
      tls: { cert: readFileSync(tls.cert, 'utf8'), key: readFileSync(tls.key, 'utf8') },
      clientCa: readFileSync(pki.caCert, 'utf8'),
    });
    try {
      const send = async (client: { cert: string; key: string }, body: string) => {
        const agent = new Agent({
          connect: {
            ca: readFileSync(pki.caCert),
            cert: readFileSync(client.cert),
            key: readFileSync(client.key),
          },
        });
        try {
          const res = await request(`${server.url}/exchange/v1/messages`, {
            method: 'POST',
            headers: { 'content-type': 'application/jose' },
            body,
            dispatcher: agent,
          });
          await res.body.text();
          return res.statusCode;
        } finally {
          await agent.close();
        }
      };
      // A certificate the CA issued (say, a compromised partner) forging RU-MINFIN's kid.
      const other = pki.leaf('other-partner');
      const [, payload, signature] = (await cancelled(clock, generateTestKey().privateJwk)).split(
        '.',
      ) as [string, string, string];
      const header = base64urlEncode(
        utf8(JSON.stringify({ alg: 'EdDSA', kid: ru.kid, typ: 'kpx-message+jwt' })),
      );
      const forged = `${header}.${payload}.${signature}`;
      const flood: number[] = [];
      for (let i = 0; i < 6; i++) flood.push(await send(other, forged));
      expect(flood).toEqual([401, 401, 401, 429, 429, 429]);
      // RU-MINFIN's own certificate, from the same address: its budget is untouched.
      const partner = pki.leaf('ru-minfin');
      for (let i = 0; i < 3; i++)
        expect(await send(partner, await cancelled(clock, ru.privateJwk))).toBe(200);
    } finally {
      await server.close();
    }
  });
});
