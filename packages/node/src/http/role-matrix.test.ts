import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachDialect } from '../../../../test/support/dialects.js';
import { createTestNetwork, type TestNetwork, type TestNode } from '../testing/test-network.js';
import { allRoles as roles } from '../tokens/roles.js';
import { buildOpenApiDocument } from './openapi-document.js';

// Generated from the OpenAPI document: every operation × every role × no credentials. A route
// added without the right role check fails here, not in production.

type Operation = { 'x-kpx-roles'?: string[]; requestBody?: unknown };
const document = buildOpenApiDocument() as { paths: Record<string, Record<string, Operation>> };
const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, op]) => ({
    path,
    method,
    op,
    roles: op['x-kpx-roles'] ?? [],
  })),
);

const concretePath = (path: string): string =>
  path
    .replace('{number}', 'RU-2026-999999')
    .replace('{id}', '019cad6a-0e80-7000-8000-000000000000')
    .replace('{attachment}', '019cad6a-0e80-7000-8000-000000000001')
    .replace('{username}', 'nobody');

let net: TestNetwork;
let node: TestNode;

function call(op: (typeof operations)[number], authorization?: string): Promise<Response> {
  const headers: Record<string, string> = {};
  if (authorization !== undefined) headers['authorization'] = authorization;
  const init: RequestInit = { method: op.method.toUpperCase(), headers };
  if (op.op.requestBody !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = '{}';
  }
  return Promise.resolve(node.node.app.request(concretePath(op.path), init));
}

// The same matrix through the console: one officer account per role, signed in.
type Session = { cookie: string; csrfToken: string };
const sessionPassword = 'role matrix password';

async function signIn(role: string): Promise<Session> {
  const res = await node.node.app.request('/api/v1/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: `matrix-${role}`, password: sessionPassword }),
  });
  expect(res.status).toBe(200);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { cookie, csrfToken: ((await res.json()) as { csrfToken: string }).csrfToken };
}

async function callWithSession(
  op: (typeof operations)[number],
  role: string,
  sessions: Map<string, Session>,
): Promise<Response> {
  // Signing out would end the session the other operations use: that one gets its own.
  const signsOut = op.method === 'delete' && op.path === '/api/v1/session';
  const session = signsOut ? await signIn(role) : sessions.get(role)!;
  const headers: Record<string, string> = {
    cookie: session.cookie,
    'x-csrf-token': session.csrfToken,
  };
  const init: RequestInit = { method: op.method.toUpperCase(), headers };
  if (op.op.requestBody !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = '{}';
  }
  return Promise.resolve(node.node.app.request(concretePath(op.path), init));
}

forEachDialect((d) => {
  const sessions = new Map<string, Session>();
  beforeAll(async () => {
    net = await createTestNetwork(['RU-MINFIN'], { database: () => d.database() });
    node = net.nodes['RU-MINFIN']!;
    for (const role of roles) {
      await node.node.createUser({
        username: `matrix-${role}`,
        role,
        password: sessionPassword,
        ...(role === 'trader' ? { company: node.company } : {}),
      });
      sessions.set(role, await signIn(role));
    }
  });
  afterAll(async () => {
    await net.stop();
  });

  describe('role matrix (from OpenAPI x-kpx-roles)', () => {
    it('covers every operation, each with its roles marked', () => {
      expect(operations.length).toBeGreaterThanOrEqual(18);
      for (const op of operations)
        expect(op.roles.length, `${op.method} ${op.path}`).toBeGreaterThan(0);
    });

    for (const op of operations) {
      const label = `${op.method.toUpperCase()} ${op.path} [${op.roles.join(', ')}]`;

      it(`${label}: without credentials`, async () => {
        const res = await call(op);
        if (op.roles.includes('public') || op.roles.includes('partner-node')) {
          expect(res.status).not.toBe(401);
          expect(res.status).not.toBe(403);
        } else {
          expect(res.status).toBe(401);
          expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
          expect(await res.json()).toMatchObject({ code: 'KPX_UNAUTHENTICATED' });
          const wrong = await call(op, 'Bearer kpx_not-a-real-token');
          expect(wrong.status).toBe(401);
        }
      });

      for (const role of roles) {
        const allowed =
          op.roles.includes(role) ||
          op.roles.includes('public') ||
          op.roles.includes('partner-node');
        it(`${label}: ${role} is ${allowed ? 'allowed' : 'forbidden'}`, async () => {
          const res = await call(op, `Bearer ${node.tokens[role]}`);
          if (allowed) {
            expect([401, 403]).not.toContain(res.status);
          } else {
            expect(res.status).toBe(403);
            expect(await res.json()).toMatchObject({ code: 'KPX_FORBIDDEN' });
          }
        });

        const bySession = allowed || op.roles.includes('session');
        it(`${label}: a ${role} session is ${bySession ? 'allowed' : 'forbidden'}`, async () => {
          const res = await callWithSession(op, role, sessions);
          if (bySession) {
            expect([401, 403]).not.toContain(res.status);
          } else {
            expect(res.status).toBe(403);
            expect(await res.json()).toMatchObject({ code: 'KPX_FORBIDDEN' });
          }
        });
      }
    }
  });
});
