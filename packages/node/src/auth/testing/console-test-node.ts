import type { NodeConfigInput } from '../../config/node-config.js';
import { createNode, type KpxNode } from '../../create-node.js';
import { createManualClock, type ManualClock } from '../../runtime/clock.js';
import { silentLogger } from '../../runtime/logger.js';
import { buildTestTrustList, generateTestKey } from '../../testing/test-trust-list.js';
import type { Role } from '../../tokens/roles.js';
import { staticTrustSource } from '../../trust/trust-source.js';
import { csrfHeader } from '../authenticate-request.js';
import { sessionCookieName } from '../session-cookie.js';

/** TEST ONLY: the socket bindings @hono/node-server passes as `env`, with a client address. */
export const fromAddress = (remoteAddress: string): unknown => ({
  incoming: { socket: { remoteAddress } },
});

/** TEST ONLY: a signed-in console session. */
export type TestSession = { cookie: string; csrfToken: string; setCookie: string };

/** TEST ONLY: one node (in-memory SQLite, manual clock) with console helpers. */
export type ConsoleTestNode = {
  node: KpxNode;
  clock: ManualClock;
  /** A bearer token per role. */
  tokens: Record<Role, string>;
  request(
    path: string,
    init?: RequestInit & { json?: unknown; session?: TestSession; csrf?: boolean; env?: unknown },
  ): Promise<Response>;
  signIn(
    username: string,
    password: string,
    options?: { totp?: string; env?: unknown; url?: string },
  ): Promise<Response>;
  /** Signs in and returns the session; throws unless the answer is 200. */
  session(username: string, password: string, options?: { totp?: string }): Promise<TestSession>;
  stop(): Promise<void>;
};

/**
 * TEST ONLY: a node for console tests, with configuration overrides (a cheap scrypt cost by
 * default, so tests that create many accounts stay fast).
 */
export async function createConsoleTestNode(
  options: {
    authority?: string;
    config?: Partial<NodeConfigInput>;
  } = {},
): Promise<ConsoleTestNode> {
  const authority = options.authority ?? 'RU-MINFIN';
  const key = generateTestKey();
  const clock = createManualClock('2026-03-02T09:00:00.000Z');
  const trustList = buildTestTrustList({ [authority]: key.publicJwk });
  const node = await createNode(
    {
      authority,
      signingKey: key.privateJwk,
      database: { kind: 'sqlite', path: ':memory:' },
      ...options.config,
      console: { passwordHashLogN: 10, ...options.config?.console },
    },
    { clock, logger: silentLogger(), trustSource: staticTrustSource(trustList) },
  );
  const tokens = {} as Record<Role, string>;
  for (const role of ['admin', 'issuer', 'importer', 'analyst', 'auditor'] as const)
    tokens[role] = (await node.createToken({ role, name: `test ${role}` })).token;

  const request: ConsoleTestNode['request'] = (path, init = {}) => {
    const { json, session, csrf, env, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (json !== undefined) headers.set('content-type', 'application/json');
    if (session !== undefined) {
      headers.set('cookie', session.cookie);
      if (csrf !== false) headers.set(csrfHeader, session.csrfToken);
    }
    return Promise.resolve(
      node.app.request(
        path,
        { ...rest, headers, ...(json === undefined ? {} : { body: JSON.stringify(json) }) },
        env as never,
      ),
    );
  };
  const signIn: ConsoleTestNode['signIn'] = (username, password, o = {}) =>
    request(o.url ?? '/api/v1/session', {
      method: 'POST',
      json: { username, password, ...(o.totp === undefined ? {} : { totp: o.totp }) },
      ...(o.env === undefined ? {} : { env: o.env }),
    });
  return {
    node,
    clock,
    tokens,
    request,
    signIn,
    async session(username, password, o = {}) {
      const res = await signIn(username, password, o);
      if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
      const setCookie = res.headers.get('set-cookie') ?? '';
      const value = new RegExp(`${sessionCookieName}=([^;]*)`).exec(setCookie)?.[1] ?? '';
      const body = (await res.json()) as { csrfToken: string };
      return { cookie: `${sessionCookieName}=${value}`, csrfToken: body.csrfToken, setCookie };
    },
    stop: () => node.stop(),
  };
}
