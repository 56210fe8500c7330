import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forEachDialect } from '../../../../test/support/dialects.js';
import {
  createConsoleTestNode,
  type ConsoleTestNode,
  type TestSession,
} from './testing/console-test-node.js';

const password = 'root of all the keys';
let t: ConsoleTestNode;
let admin: TestSession;

forEachDialect((d) => {
  beforeEach(async () => {
    t = await createConsoleTestNode({ config: { database: d.database() } });
    await t.node.createUser({ username: 'root', role: 'admin', password, displayName: 'Root' });
    admin = await t.session('root', password);
  });
  afterEach(async () => {
    await t.stop();
  });

  const post = (path: string, json?: unknown) =>
    t.request(path, { method: 'POST', session: admin, ...(json === undefined ? {} : { json }) });

  async function audit(): Promise<{ actor: string; action: string; subject: string }[]> {
    return t.node.context.storage.db
      .selectFrom('audit_log')
      .select(['actor', 'action', 'subject'])
      .where('action', 'like', 'user.%')
      .orderBy('seq')
      .execute();
  }

  describe('users admin', () => {
    it('creates an account with a generated password shown once, and lists it', async () => {
      const res = await post('/api/v1/users', {
        username: 'ivan',
        displayName: 'Ivan Petrov',
        role: 'importer',
      });
      expect(res.status).toBe(201);
      expect(res.headers.get('location')).toBe('/api/v1/users/ivan');
      const created = (await res.json()) as { user: unknown; initialPassword: string };
      expect(created.user).toEqual({
        username: 'ivan',
        displayName: 'Ivan Petrov',
        role: 'importer',
        totpEnabled: false,
        mustChangePassword: true,
        disabled: false,
        createdAt: '2026-03-02T09:00:00.000Z',
        updatedAt: '2026-03-02T09:00:00.000Z',
        lastSignInAt: null,
      });
      expect(created.initialPassword).toMatch(/^[A-Za-z0-9]{20}$/);

      const signIn = await t.signIn('ivan', created.initialPassword);
      expect(signIn.status).toBe(200);
      expect(await signIn.json()).toMatchObject({ user: { mustChangePassword: true } });

      const list = await t.request('/api/v1/users', { session: admin });
      const { items } = (await list.json()) as { items: { username: string }[] };
      expect(items.map((u) => u.username)).toEqual(['ivan', 'root']);
      const text = JSON.stringify(items);
      expect(text).not.toContain(created.initialPassword);
      expect(text).not.toContain('scrypt');
    });

    it('takes a chosen password (no initialPassword back) when it meets the policy', async () => {
      const weak = await post('/api/v1/users', {
        username: 'olga',
        displayName: 'Olga',
        role: 'analyst',
        password: 'too short',
      });
      expect(weak.status).toBe(422);
      expect(await weak.json()).toMatchObject({
        code: 'KPX_PASSWORD_WEAK',
        problems: [{ path: '/password' }],
      });
      const ok = await post('/api/v1/users', {
        username: 'olga',
        displayName: 'Olga',
        role: 'analyst',
        password: 'twelve chars',
      });
      expect(ok.status).toBe(201);
      expect(await ok.json()).not.toHaveProperty('initialPassword');
      expect((await t.signIn('olga', 'twelve chars')).status).toBe(200);
    });

    it('refuses a taken username (409) and malformed input (422)', async () => {
      const body = { username: 'root', displayName: 'Again', role: 'auditor' };
      expect((await post('/api/v1/users', body)).status).toBe(409);
      for (const bad of [
        { ...body, username: 'Root' },
        { ...body, username: 'a' },
        { ...body, username: 'x y' },
        { ...body, username: 'eve', role: 'trader' },
        { ...body, username: 'eve', extra: 1 },
        { username: 'eve', role: 'auditor' },
      ]) {
        const res = await post('/api/v1/users', bad);
        expect(res.status, JSON.stringify(bad)).toBe(422);
      }
    });

    it('changes role, display name and disabled flag; a role change applies at once', async () => {
      await t.node.createUser({ username: 'ivan', role: 'analyst', password });
      const ivan = await t.session('ivan', password);
      expect((await t.request('/api/v1/users', { session: ivan })).status).toBe(403);

      const patch = (json: unknown) =>
        t.request('/api/v1/users/ivan', { method: 'PATCH', session: admin, json });
      const res = await patch({ role: 'auditor', displayName: 'Ivan P.' });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({
        username: 'ivan',
        role: 'auditor',
        displayName: 'Ivan P.',
      });
      const me = await t.request('/api/v1/session', { session: ivan });
      expect(await me.json()).toMatchObject({ user: { role: 'auditor', displayName: 'Ivan P.' } });

      expect((await patch({})).status).toBe(422);
      expect((await patch({ role: 'king' })).status).toBe(422);
      expect(
        (
          await t.request('/api/v1/users/nobody', {
            method: 'PATCH',
            session: admin,
            json: { disabled: true },
          })
        ).status,
      ).toBe(404);

      expect((await patch({ disabled: true })).status).toBe(200);
      expect((await t.request('/api/v1/session', { session: ivan })).status).toBe(401);
      expect((await t.signIn('ivan', password)).status).toBe(401);
      expect((await patch({ disabled: false })).status).toBe(200);
      expect((await t.signIn('ivan', password)).status).toBe(200);
    });

    it('keeps at least one enabled admin', async () => {
      const self = (json: unknown) =>
        t.request('/api/v1/users/root', { method: 'PATCH', session: admin, json });
      expect((await self({ disabled: true })).status).toBe(409);
      expect((await self({ role: 'auditor' })).status).toBe(409);
      await t.node.createUser({ username: 'second', role: 'admin', password });
      expect((await self({ role: 'auditor' })).status).toBe(200);
    });

    it('resets a password: a temporary one, shown once; the old one and the sessions end', async () => {
      await t.node.createUser({ username: 'ivan', role: 'importer', password });
      const ivan = await t.session('ivan', password);
      const res = await post('/api/v1/users/ivan/password-reset');
      expect(res.status).toBe(200);
      const { temporaryPassword } = (await res.json()) as { temporaryPassword: string };
      expect(temporaryPassword).toMatch(/^[A-Za-z0-9]{20}$/);
      expect((await t.request('/api/v1/session', { session: ivan })).status).toBe(401);
      expect((await t.signIn('ivan', password)).status).toBe(401);
      const again = await t.signIn('ivan', temporaryPassword);
      expect(again.status).toBe(200);
      expect(await again.json()).toMatchObject({ user: { mustChangePassword: true } });
      expect((await post('/api/v1/users/nobody/password-reset')).status).toBe(404);
    });

    it('is for admins only, with a token or a session', async () => {
      await t.node.createUser({ username: 'ivan', role: 'issuer', password });
      const ivan = await t.session('ivan', password);
      const asIssuer = await t.request('/api/v1/users', {
        method: 'POST',
        session: ivan,
        json: { username: 'x1', displayName: 'X', role: 'admin' },
      });
      expect(asIssuer.status).toBe(403);
      const asToken = await t.request('/api/v1/users', {
        method: 'POST',
        headers: { authorization: `Bearer ${t.tokens.admin}` },
        json: { username: 'x1', displayName: 'X', role: 'auditor' },
      });
      expect(asToken.status).toBe(201);
    });

    it('records every change in the audit log, naming who did it', async () => {
      await post('/api/v1/users', { username: 'ivan', displayName: 'Ivan', role: 'importer' });
      await t.request('/api/v1/users/ivan', {
        method: 'PATCH',
        session: admin,
        json: { role: 'analyst' },
      });
      await post('/api/v1/users/ivan/password-reset');
      await t.request('/api/v1/users/ivan/totp', { method: 'DELETE', session: admin });
      const tokenId = (
        await t.node.context.storage.db
          .selectFrom('api_tokens')
          .select('id')
          .where('role', '=', 'admin')
          .executeTakeFirstOrThrow()
      ).id;
      await t.request('/api/v1/users', {
        method: 'POST',
        headers: { authorization: `Bearer ${t.tokens.admin}` },
        json: { username: 'olga', displayName: 'Olga', role: 'auditor' },
      });
      expect(await audit()).toEqual([
        { actor: 'system', action: 'user.create', subject: 'user:root' },
        { actor: 'user:root', action: 'user.create', subject: 'user:ivan' },
        { actor: 'user:root', action: 'user.update', subject: 'user:ivan' },
        { actor: 'user:root', action: 'user.password-reset', subject: 'user:ivan' },
        { actor: 'user:root', action: 'user.totp-reset', subject: 'user:ivan' },
        { actor: `token:${tokenId}`, action: 'user.create', subject: 'user:olga' },
      ]);
    });
  });
});
