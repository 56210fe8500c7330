import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';

/** TEST ONLY: a node's HTTP API over real sockets (undici), optionally trusting a test CA and presenting a client certificate. */
export type TestApi = {
  call(
    method: string,
    path: string,
    options?: { token?: string; json?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
};

export function testApi(
  baseUrl: string,
  tls: { ca?: string; cert?: string; key?: string } = {},
): TestApi {
  const read = (path: string | undefined) => (path === undefined ? undefined : readFileSync(path));
  const ca = read(tls.ca);
  const cert = read(tls.cert);
  const key = read(tls.key);
  const agent = new Agent({
    connect: {
      ...(ca === undefined ? {} : { ca }),
      ...(cert === undefined ? {} : { cert }),
      ...(key === undefined ? {} : { key }),
    },
  });
  return {
    async call(method, path, options = {}) {
      const response = await request(new URL(path, baseUrl), {
        method: method as 'GET',
        dispatcher: agent,
        headers: {
          ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
          ...(options.json === undefined ? {} : { 'content-type': 'application/json' }),
          ...options.headers,
        },
        ...(options.json === undefined ? {} : { body: JSON.stringify(options.json) }),
      });
      const text = await response.body.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON (a JWS)
      }
      return { status: response.statusCode, body };
    },
    close: () => agent.close(),
  };
}

/** Polls until `check` returns a value (not undefined) or the time is up. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
