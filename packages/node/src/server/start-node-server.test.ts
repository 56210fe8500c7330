import { describe, expect, it } from 'vitest';
import { createTestNetwork } from '../testing/test-network.js';
import { startNodeServer } from './start-node-server.js';

describe('startNodeServer', () => {
  it('serves the node on a socket; close() stops accepting, then stops the node', async () => {
    const net = await createTestNetwork(['RU-MINFIN', 'EU-BE-ANTWERP']);
    const ru = net.nodes['RU-MINFIN'];
    if (ru === undefined) throw new Error('no RU node');
    const server = await startNodeServer(ru.node, {
      host: '127.0.0.1',
      port: 0,
      startWorkers: false,
    });
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    const health = await fetch(`${server.url}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok', authority: 'RU-MINFIN' });
    const list = await fetch(`${server.url}/api/v1/certificates`, {
      headers: { authorization: `Bearer ${ru.tokens.analyst}` },
    });
    expect(list.status).toBe(200);

    await server.close();
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    // The node was stopped: its database is closed.
    expect((await ru.node.fetch(new Request('http://x/healthz'))).status).toBeGreaterThanOrEqual(
      500,
    );
    await server.close(); // idempotent
    await net.stop();
  });

  it('closes when the signal aborts, and refuses plain HTTP off loopback', async () => {
    const net = await createTestNetwork(['RU-MINFIN']);
    const ru = net.nodes['RU-MINFIN'];
    if (ru === undefined) throw new Error('no RU node');
    await expect(startNodeServer(ru.node, { host: '0.0.0.0', port: 0 })).rejects.toThrow(
      /not a loopback address/,
    );
    const abort = new AbortController();
    const server = await startNodeServer(ru.node, {
      host: '127.0.0.1',
      port: 0,
      signal: abort.signal,
    });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    abort.abort();
    await server.close();
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    await net.stop();
  });
});
