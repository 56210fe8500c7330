import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeServer, type NodeServer } from '../server/start-node-server.js';
import { createConsoleTestNode, type ConsoleTestNode } from './testing/console-test-node.js';

// The console over a real socket: the server hands the client address to the app.

let t: ConsoleTestNode;
let server: NodeServer;

beforeAll(async () => {
  t = await createConsoleTestNode();
  await t.node.createUser({ username: 'alice', role: 'issuer', password: 'socket test password' });
  server = await startNodeServer(t.node, { host: '127.0.0.1', port: 0, startWorkers: false });
});
afterAll(async () => {
  await server.close();
});

describe('console over a socket', () => {
  it('records the client address with the session and signs in over plain loopback HTTP', async () => {
    const res = await fetch(`${server.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'kpx-test/1' },
      body: JSON.stringify({ username: 'alice', password: 'socket test password' }),
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).not.toContain('Secure');
    const rows = await t.node.context.storage.db
      .selectFrom('sessions')
      .select(['ip', 'user_agent'])
      .execute();
    expect(rows).toEqual([{ ip: '127.0.0.1', user_agent: 'kpx-test/1' }]);

    const me = await fetch(`${server.url}/api/v1/session`, {
      headers: { cookie: cookie.split(';')[0] ?? '' },
    });
    expect(me.status).toBe(200);
    expect(me.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });
});
