import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forEachDialect } from '../../../../test/support/dialects.js';
import type { NodeConfigInput } from '../config/node-config.js';
import { addressKey } from './client-address.js';
import {
  createConsoleTestNode,
  fromAddress,
  type ConsoleTestNode,
} from './testing/console-test-node.js';

const password = 'the right passphrase';
const attacker = fromAddress('203.0.113.66');
const officer = fromAddress('198.51.100.10');
let t: ConsoleTestNode;
let database: () => NodeConfigInput['database'];

afterEach(async () => {
  await t.stop();
});

async function setUp(baseDelayMs: number): Promise<void> {
  t = await createConsoleTestNode({
    config: {
      database: database(),
      console: { signInThrottle: { baseDelayMs, maxDelayMs: 30 * baseDelayMs } },
    },
  });
  await t.node.createUser({ username: 'alice', role: 'importer', password });
}

const guess = (n: number, env: unknown = attacker) =>
  t.signIn('alice', `wrong guess number ${n}`, { env });

forEachDialect((d) => {
  beforeEach(() => {
    database = d.database;
  });

  describe('failed sign-ins are slowed down, not locked out', () => {
    it('answers an address that keeps failing 429 with Retry-After, doubling to 30 s', async () => {
      await setUp(1000);
      for (let n = 1; n <= 5; n++) expect((await guess(n)).status).toBe(401);
      const limited = await guess(6);
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('1');
      expect(await limited.json()).toMatchObject({ code: 'KPX_RATE_LIMITED', retryAfter: 1 });
      // A refused attempt is not checked and not counted; even the right password waits.
      expect((await t.signIn('alice', password, { env: attacker })).status).toBe(429);

      // Spraying other accounts from the same address: the address's count keeps growing.
      const spray = (n: number) =>
        t.signIn(`user${n}`, `wrong guess number ${n}`, { env: attacker });
      const waits: string[] = [];
      for (let n = 7; n <= 13; n++) {
        t.clock.advance(31_000);
        expect((await spray(n)).status).toBe(401);
        waits.push((await spray(n)).headers.get('retry-after') ?? '');
      }
      expect(waits).toEqual(['2', '4', '8', '16', '30', '30', '30']);
    });

    it('lets the officer in from another address while an attacker hammers the account', async () => {
      await setUp(1); // 1 ms, 2 ms, … 30 ms: the account's server-side wait stays short here
      // Forty guesses, each as soon as the attacker's address is let through again.
      for (let n = 1; n <= 40; n++) {
        t.clock.advance(31_000);
        expect((await guess(n)).status).toBe(401);
      }
      expect((await guess(41)).status).toBe(429);
      // The attacker's address is throttled; the account is only slowed: the officer gets in.
      const ok = await t.signIn('alice', password, { env: officer });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ user: { username: 'alice' } });
      // …and a wrong password from the officer's address is answered (401), not refused (429).
      expect((await guess(99, officer)).status).toBe(401);
    });

    it('makes every attempt on an account under attack wait server-side, then answers', async () => {
      await setUp(150);
      // Five failures from five addresses: no address is throttled, the account is.
      for (let n = 1; n <= 5; n++)
        expect((await guess(n, fromAddress(`192.0.2.${n}`))).status).toBe(401);
      const started = performance.now();
      const ok = await t.signIn('alice', password, { env: officer });
      expect(ok.status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    });

    it('forgets after a quiet quarter of an hour', async () => {
      await setUp(1000);
      for (let n = 1; n <= 6; n++) await guess(n);
      expect((await guess(7)).status).toBe(429);
      t.clock.advance(15 * 60_000 + 1000);
      expect((await guess(8)).status).toBe(401);
      expect((await t.signIn('alice', password, { env: attacker })).status).toBe(200);
    });

    it('counts unknown accounts like known ones (no enumeration by throttling)', async () => {
      await setUp(1000);
      for (let n = 1; n <= 5; n++) {
        const res = await t.signIn('nobody', `guess ${n} long enough`, { env: attacker });
        expect(res.status).toBe(401);
      }
      expect((await t.signIn('nobody', 'guess 6 long enough', { env: attacker })).status).toBe(429);
    });

    it('behind a trusted proxy, counts the forwarded client, not the proxy', async () => {
      t = await createConsoleTestNode({
        config: { database: database(), console: { trustedProxies: ['127.0.0.1'] } },
      });
      await t.node.createUser({ username: 'alice', role: 'importer', password });
      const proxy = fromAddress('127.0.0.1');
      const via = (client: string, pw: string) =>
        t.request('/api/v1/session', {
          method: 'POST',
          headers: { 'x-forwarded-for': `${client}, 127.0.0.1` },
          json: { username: 'bob', password: pw },
          env: proxy,
        });
      for (let n = 1; n <= 5; n++)
        expect((await via('203.0.113.66', `guess ${n} xxxxxx`)).status).toBe(401);
      expect((await via('203.0.113.66', 'guess 6 xxxxxx')).status).toBe(429);
      // Another client through the same proxy is not throttled with the attacker.
      const ok = await t.request('/api/v1/session', {
        method: 'POST',
        headers: { 'x-forwarded-for': '198.51.100.10' },
        json: { username: 'alice', password },
        env: proxy,
      });
      expect(ok.status).toBe(200);
      // From a peer that is not a trusted proxy the header is ignored: the peer is counted.
      const stranger = fromAddress('192.0.2.200');
      for (let n = 1; n <= 5; n++) {
        const res = await t.request('/api/v1/session', {
          method: 'POST',
          headers: { 'x-forwarded-for': `192.0.2.${n}` },
          json: { username: 'carol', password: `guess ${n} xxxxxx` },
          env: stranger,
        });
        expect(res.status).toBe(401);
      }
      expect((await guess(7, stranger)).status).toBe(429);
    });

    it('counts an IPv6 client by its /64', () => {
      expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
      expect(addressKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
      expect(addressKey('::1')).toBe('0:0:0:0::/64');
      expect(addressKey('203.0.113.5')).toBe('203.0.113.5');
      expect(addressKey(undefined)).toBe('unknown');
    });
  });
});
