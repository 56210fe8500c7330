import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { KpxError } from '@kpx/domain';
import { Agent, request as undiciRequest } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestPki } from '../../../../test/support/test-ca.js';
import { tempDir } from '../../../../test/support/temp-dir.js';
import { openListener, type Listener } from './http-listener.js';

const open: Listener[] = [];
afterAll(async () => {
  await Promise.all(open.map((l) => l.close()));
});

async function listen(options: Parameters<typeof openListener>[0]): Promise<Listener> {
  const listener = await openListener(options);
  open.push(listener);
  return listener;
}

async function refusal(promise: Promise<unknown>): Promise<KpxError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof KpxError) return error;
    throw error;
  }
  throw new Error('expected a KpxError');
}

describe('openListener', () => {
  it('serves plain HTTP on loopback only, and mutual TLS only with TLS', async () => {
    const offLoopback = await refusal(openListener({ host: '0.0.0.0', port: 0 }));
    expect(offLoopback.code).toBe('KPX_CONFIG_INVALID');
    expect(offLoopback.message).toMatch(
      /^invalid server configuration: \/server\/host: 0\.0\.0\.0 is not a loopback address: plain HTTP/,
    );
    expect(
      (await refusal(openListener({ host: '127.0.0.1', port: 0, clientCa: 'x' }))).message,
    ).toMatch(/\/server\/tls\/clientCa/);
  });

  it('names a port in use', async () => {
    const first = await listen({ host: '127.0.0.1', port: 0 });
    expect((await refusal(openListener({ host: '127.0.0.1', port: first.port }))).message).toMatch(
      /\/server\/port: 127\.0\.0\.1:\d+ is already in use/,
    );
  });

  it('answers 503 until a handler is attached', async () => {
    const listener = await listen({ host: '127.0.0.1', port: 0 });
    expect((await fetch(`${listener.url}/healthz`)).status).toBe(503);
    listener.setHandler(() => new Response('ok'));
    expect(await (await fetch(`${listener.url}/healthz`)).text()).toBe('ok');
  });

  it('close() lets a request in flight finish (Connection: close) and cuts what is left after the grace period', async () => {
    const listener = await openListener({ host: '127.0.0.1', port: 0, shutdownGraceMs: 1500 });
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    listener.setHandler(async (req) => {
      if (new URL(req.url).pathname === '/slow') await held;
      return new Response('done');
    });
    const answer = new Promise<{ status: number; connection: string | undefined; body: string }>(
      (resolve, reject) => {
        request(`${listener.url}/slow`, (res) => {
          let body = '';
          res.setEncoding('utf8').on('data', (c: string) => (body += c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }),
          );
        })
          .on('error', reject)
          .end();
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    let closed = false;
    const closing = listener.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(closed).toBe(false);
    await expect(fetch(`${listener.url}/fast`)).rejects.toThrow(); // no longer accepting
    release();
    expect(await answer).toEqual({ status: 200, connection: 'close', body: 'done' });
    await closing;

    // A request that never ends is cut at the grace period.
    const stuck = await openListener({ host: '127.0.0.1', port: 0, shutdownGraceMs: 200 });
    stuck.setHandler(() => new Promise<Response>(() => undefined));
    const hanging = fetch(`${stuck.url}/never`).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await stuck.close();
    expect(Date.now() - started).toBeLessThan(1500);
    expect(await hanging).toBeInstanceOf(Error);
  });

  it('with a client CA, /exchange/* needs a client certificate the CA issued; other routes do not', async () => {
    const pki = createTestPki(tempDir('kpx-listener-tls-'));
    const server = pki.leaf('node');
    const listener = await listen({
      host: '127.0.0.1',
      port: 0,
      tls: { cert: readFileSync(server.cert, 'utf8'), key: readFileSync(server.key, 'utf8') },
      clientCa: readFileSync(pki.caCert, 'utf8'),
    });
    expect(listener.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    listener.setHandler((req) => new Response(`reached ${new URL(req.url).pathname}`));
    const call = async (path: string, client?: { cert: string; key: string }) => {
      const agent = new Agent({
        connect: {
          ca: readFileSync(pki.caCert),
          ...(client === undefined
            ? {}
            : { cert: readFileSync(client.cert), key: readFileSync(client.key) }),
        },
      });
      try {
        const res = await undiciRequest(`${listener.url}${path}`, {
          method: 'POST',
          body: 'x',
          dispatcher: agent,
        });
        return {
          status: res.statusCode,
          type: res.headers['content-type'],
          body: await res.body.text(),
        };
      } finally {
        await agent.close();
      }
    };
    const anonymous = await call('/exchange/v1/messages');
    expect(anonymous.status).toBe(401);
    expect(anonymous.type).toBe('application/problem+json');
    expect(JSON.parse(anonymous.body)).toMatchObject({
      code: 'KPX_UNAUTHENTICATED',
      detail: 'A client certificate is required: /exchange requires mutual TLS',
    });
    const rogue = await call('/exchange/v1/messages', pki.rogue('intruder'));
    expect(rogue.status).toBe(401);
    expect(JSON.parse(rogue.body).detail).toMatch(/^The client certificate is not trusted/);
    expect(await call('/exchange/v1/messages', pki.leaf('partner'))).toMatchObject({
      status: 200,
      body: 'reached /exchange/v1/messages',
    });
    expect(await call('/api/v1/verify')).toMatchObject({
      status: 200,
      body: 'reached /api/v1/verify',
    });
  });
});
