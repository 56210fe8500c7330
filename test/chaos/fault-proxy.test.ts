// The chaos run's fault proxy (test/support/fault-proxy.ts) against a real upstream on a real
// socket: each fault does what it says to the request and to the answer, and the same seed
// makes the same decisions.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import {
  faultKinds,
  seededRandom,
  startFaultProxy,
  type FaultProxy,
} from '../support/fault-proxy.js';

type Upstream = { url: string; bodies: string[]; aborted: number; close(): Promise<void> };

/** An upstream that records every complete body it got and answers `{ echo: body }`. */
async function startUpstream(): Promise<Upstream> {
  const bodies: string[] = [];
  let aborted = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('aborted', () => (aborted += 1));
    req.on('end', () => {
      bodies.push(body);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ echo: body, padding: 'x'.repeat(200) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bodies,
    get aborted() {
      return aborted;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** POSTs `body`; the answer's text, or `error` when the connection failed or was cut. */
async function post(url: string, body: string): Promise<string> {
  try {
    const res = await request(`${url}/exchange/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body,
    });
    return JSON.parse(await res.body.text()).echo as string;
  } catch {
    return 'error';
  }
}

describe('fault proxy', () => {
  const open: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const o of open.splice(0).reverse()) await o.close();
  });
  const start = async (
    options: Omit<Parameters<typeof startFaultProxy>[0], 'target'>,
  ): Promise<{ upstream: Upstream; proxy: FaultProxy }> => {
    const upstream = await startUpstream();
    open.push(upstream);
    const proxy = await startFaultProxy({ target: upstream.url, ...options });
    open.push(proxy);
    return { upstream, proxy };
  };

  it('passes everything untouched when faults are off, and counts answers by id', async () => {
    const { upstream, proxy } = await start({ seed: 1, identify: (b) => b.toString() });
    proxy.setFaults(false);
    expect(await post(proxy.url, 'a')).toBe('a');
    expect(await post(proxy.url, 'a')).toBe('a');
    expect(await post(proxy.url, 'b')).toBe('b');
    expect(upstream.bodies).toEqual(['a', 'a', 'b']);
    expect(proxy.counts()).toMatchObject({ pass: 3, dropRequest: 0, duplicate: 0 });
    expect(Object.fromEntries(proxy.answeredById)).toEqual({ a: 2, b: 1 });
  });

  it('drops a request: nothing reaches the upstream, the client gets no answer', async () => {
    const { upstream, proxy } = await start({ seed: 2, faultRate: 1, kinds: ['dropRequest'] });
    expect(await post(proxy.url, 'lost')).toBe('error');
    expect(upstream.bodies).toEqual([]);
    expect(proxy.counts().dropRequest).toBe(1);
  });

  it('duplicates a request: the upstream gets it twice, the client one answer', async () => {
    const { upstream, proxy } = await start({ seed: 3, faultRate: 1, kinds: ['duplicate'] });
    expect(await post(proxy.url, 'twice')).toBe('twice');
    expect(upstream.bodies).toEqual(['twice', 'twice']);
  });

  it('drops or truncates a response: the upstream did the work, the client sees an error', async () => {
    for (const kind of ['dropResponse', 'truncateResponse'] as const) {
      const { upstream, proxy } = await start({ seed: 4, faultRate: 1, kinds: [kind] });
      expect(await post(proxy.url, kind)).toBe('error');
      expect(upstream.bodies).toEqual([kind]);
      expect(proxy.counts()[kind]).toBe(1);
    }
  });

  it('truncates a request: the upstream sees half a body and a cut connection, never a whole one', async () => {
    const { upstream, proxy } = await start({ seed: 5, faultRate: 1, kinds: ['truncateRequest'] });
    expect(await post(proxy.url, 'a body long enough to cut in half')).toBe('error');
    expect(upstream.bodies).toEqual([]);
    // The upstream's side of the cut is observed asynchronously.
    for (let i = 0; i < 100 && upstream.aborted === 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(upstream.aborted).toBe(1);
  });

  it('reorders: a held request goes out after a later one', async () => {
    const { upstream, proxy } = await start({
      seed: 6,
      faultRate: 1,
      kinds: ['reorder'],
      reorderHoldMs: 60_000,
    });
    const first = post(proxy.url, 'first');
    // Wait until the proxy holds the first, then send a second that passes.
    while (proxy.counts().reorder === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    proxy.setFaults(false);
    expect(await post(proxy.url, 'second')).toBe('second');
    expect(await first).toBe('first');
    expect(upstream.bodies).toEqual(['second', 'first']);
  });

  it('delays and still delivers', async () => {
    const { upstream, proxy } = await start({
      seed: 7,
      faultRate: 1,
      kinds: ['delay'],
      maxDelayMs: 20,
    });
    expect(await post(proxy.url, 'late')).toBe('late');
    expect(upstream.bodies).toEqual(['late']);
  });

  it('makes the same decisions for the same seed', async () => {
    const run = async () => {
      const { proxy } = await start({ seed: 42, faultRate: 0.7, maxDelayMs: 5, reorderHoldMs: 5 });
      for (let i = 0; i < 40; i++) await post(proxy.url, `m${i}`);
      return proxy.counts();
    };
    const a = await run();
    expect(await run()).toEqual(a);
    const faults = faultKinds.reduce((sum, kind) => sum + a[kind], 0);
    expect(faults + a.pass).toBe(40);
    expect(faults).toBeGreaterThan(0);
    const r = seededRandom(9);
    const s = seededRandom(9);
    expect([r(), r(), r()]).toEqual([s(), s(), s()]);
  });
});
