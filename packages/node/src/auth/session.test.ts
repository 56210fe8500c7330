import { sampleDraft } from '@kpx/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forEachDialect } from '../../../../test/support/dialects.js';
import { base32Decode } from './base32.js';
import {
  createConsoleTestNode,
  fromAddress,
  type ConsoleTestNode,
} from './testing/console-test-node.js';
import { totp } from './totp.js';

const password = 'a long enough passphrase';
let t: ConsoleTestNode;

forEachDialect((d) => {
  beforeEach(async () => {
    t = await createConsoleTestNode({ config: { database: d.database() } });
    await t.node.createUser({
      username: 'alice',
      role: 'issuer',
      password,
      displayName: 'Alice A.',
    });
    await t.node.createUser({ username: 'bob', role: 'analyst', password });
  });
  afterEach(async () => {
    await t.stop();
  });

  async function auditEntries(): Promise<{ actor: string; action: string; subject: string }[]> {
    return t.node.context.storage.db
      .selectFrom('audit_log')
      .select(['actor', 'action', 'subject'])
      .orderBy('seq')
      .execute();
  }

  describe('sign-in and sign-out', () => {
    it('signs in: the officer, a CSRF token and an HttpOnly SameSite=Strict cookie', async () => {
      const res = await t.signIn('alice', password);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        user: {
          username: 'alice',
          displayName: 'Alice A.',
          role: 'issuer',
          totpEnabled: false,
          mustChangePassword: false,
        },
        csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) as string,
      });
      const cookie = res.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(/^kpx_session=[A-Za-z0-9_-]{43}; /);
      expect(cookie).toContain('; HttpOnly');
      expect(cookie).toContain('; SameSite=Strict');
      expect(cookie).toContain('; Path=/');
      expect(cookie).toContain('; Max-Age=43200');
      // Plain HTTP to localhost (a development node): no Secure, or the browser would drop it.
      expect(cookie).not.toContain('Secure');
    });

    it('marks the cookie Secure over HTTPS, and over plain HTTP to anything but loopback', async () => {
      for (const url of [
        'https://node.example/api/v1/session',
        'http://node.example/api/v1/session',
        'https://127.0.0.1/api/v1/session',
      ]) {
        const res = await t.signIn('alice', password, { url });
        expect(res.headers.get('set-cookie'), url).toContain('; Secure');
      }
      const local = await t.signIn('alice', password, {
        url: 'http://127.0.0.1:8080/api/v1/session',
        env: fromAddress('127.0.0.1'),
      });
      expect(local.headers.get('set-cookie')).not.toContain('Secure');
      // Loopback host name, but the socket says the client is elsewhere: Secure.
      const relayed = await t.signIn('alice', password, {
        url: 'http://localhost/api/v1/session',
        env: fromAddress('198.51.100.7'),
      });
      expect(relayed.headers.get('set-cookie')).toContain('; Secure');
    });

    it('answers the same 401 for an unknown user, a wrong password and a disabled account', async () => {
      await t.node.createUser({ username: 'carol', role: 'importer', password });
      await t.request('/api/v1/users/carol', {
        method: 'PATCH',
        headers: { authorization: `Bearer ${t.tokens.admin}` },
        json: { disabled: true },
      });
      const bodies = [];
      for (const [username, pw] of [
        ['nobody', password],
        ['alice', 'not the password at all'],
        ['carol', password],
      ] as const) {
        const res = await t.signIn(username, pw);
        expect(res.status).toBe(401);
        expect(res.headers.get('set-cookie')).toBeNull();
        bodies.push(await res.json());
      }
      expect(bodies[0]).toMatchObject({ code: 'KPX_SIGN_IN_FAILED', status: 401 });
      expect(bodies[1]).toEqual(bodies[0]);
      expect(bodies[2]).toEqual(bodies[0]);
    });

    it('takes the username in any case, and validates the body', async () => {
      expect((await t.signIn('ALICE', password)).status).toBe(200);
      const res = await t.request('/api/v1/session', {
        method: 'POST',
        json: { username: 'alice' },
      });
      expect(res.status).toBe(422);
    });

    it('refuses a sign-in another site makes (Sec-Fetch-Site: cross-site)', async () => {
      const res = await t.request('/api/v1/session', {
        method: 'POST',
        headers: { 'sec-fetch-site': 'cross-site' },
        json: { username: 'alice', password },
      });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ code: 'KPX_CSRF_FAILED' });
    });

    it('GET /api/v1/session answers the session, DELETE ends it on the server', async () => {
      const s = await t.session('alice', password);
      const current = await t.request('/api/v1/session', { session: s });
      expect(current.status).toBe(200);
      expect(await current.json()).toMatchObject({
        user: { username: 'alice', role: 'issuer' },
        csrfToken: s.csrfToken,
      });

      const out = await t.request('/api/v1/session', { method: 'DELETE', session: s });
      expect(out.status).toBe(204);
      expect(out.headers.get('set-cookie')).toMatch(/^kpx_session=; .*Max-Age=0/);
      expect(await t.node.context.storage.db.selectFrom('sessions').selectAll().execute()).toEqual(
        [],
      );

      const after = await t.request('/api/v1/session', { session: s });
      expect(after.status).toBe(401);
      expect(await after.json()).toMatchObject({ code: 'KPX_UNAUTHENTICATED' });
      // The dead cookie is cleared in the refusal.
      expect(after.headers.get('set-cookie')).toMatch(/^kpx_session=; .*Max-Age=0/);
      expect((await t.request('/api/v1/session')).status).toBe(401);
    });

    it('stores only a hash of the session id', async () => {
      const s = await t.session('alice', password);
      const id = s.cookie.split('=')[1] ?? '';
      const rows = await t.node.context.storage.db.selectFrom('sessions').selectAll().execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]?.id_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(rows)).not.toContain(id);
    });

    it('ends a session after 30 idle minutes, and 12 hours after sign-in however busy', async () => {
      const s = await t.session('alice', password);
      t.clock.advance(29 * 60_000);
      expect((await t.request('/api/v1/session', { session: s })).status).toBe(200);
      t.clock.advance(29 * 60_000); // 58 min after sign-in, 29 after the last use
      expect((await t.request('/api/v1/session', { session: s })).status).toBe(200);
      t.clock.advance(31 * 60_000);
      expect((await t.request('/api/v1/session', { session: s })).status).toBe(401);

      const busy = await t.session('alice', password);
      for (let minutes = 0; minutes < 12 * 60 - 20; minutes += 20) {
        t.clock.advance(20 * 60_000);
        expect((await t.request('/api/v1/session', { session: busy })).status).toBe(200);
      }
      t.clock.advance(20 * 60_000);
      expect((await t.request('/api/v1/session', { session: busy })).status).toBe(401);
    });

    it('ends the sessions of an account that gets disabled', async () => {
      const s = await t.session('bob', password);
      const res = await t.request('/api/v1/users/bob', {
        method: 'PATCH',
        headers: { authorization: `Bearer ${t.tokens.admin}` },
        json: { disabled: true },
      });
      expect(res.status).toBe(200);
      expect((await t.request('/api/v1/session', { session: s })).status).toBe(401);
    });
  });

  describe('CSRF and roles with a session', () => {
    it('refuses an unsafe request without the CSRF token (403 KPX_CSRF_FAILED)', async () => {
      const s = await t.session('alice', password);
      const without = await t.request('/api/v1/certificates', {
        method: 'POST',
        session: s,
        csrf: false,
        json: sampleDraft,
      });
      expect(without.status).toBe(403);
      expect(await without.json()).toMatchObject({ code: 'KPX_CSRF_FAILED' });
      const wrong = await t.request('/api/v1/certificates', {
        method: 'POST',
        session: s,
        csrf: false,
        headers: { 'x-csrf-token': 'x'.repeat(43) },
        json: sampleDraft,
      });
      expect(wrong.status).toBe(403);
      const signOut = await t.request('/api/v1/session', {
        method: 'DELETE',
        session: s,
        csrf: false,
      });
      expect(signOut.status).toBe(403);
      // Reading needs no token.
      expect((await t.request('/api/v1/certificates', { session: s, csrf: false })).status).toBe(
        200,
      );
    });

    it('lets the session’s role through, with the token, and names the officer in the records', async () => {
      const s = await t.session('alice', password);
      const issued = await t.request('/api/v1/certificates', {
        method: 'POST',
        session: s,
        json: sampleDraft,
      });
      expect(issued.status).toBe(201);
      const { number } = (await issued.json()) as { number: string };
      const detail = await t.request(`/api/v1/certificates/${number}`, { session: s });
      const body = (await detail.json()) as { events: { type: string; actor: string }[] };
      expect(body.events[0]).toMatchObject({ type: 'issued', actor: 'user:alice' });
      expect(await auditEntries()).toContainEqual({
        actor: 'user:alice',
        action: 'certificate.issue',
        subject: number,
      });
    });

    it('forbids what the role may not do (an analyst issuing, an issuer listing users)', async () => {
      const analyst = await t.session('bob', password);
      const res = await t.request('/api/v1/certificates', {
        method: 'POST',
        session: analyst,
        json: sampleDraft,
      });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ code: 'KPX_FORBIDDEN' });
      const issuer = await t.session('alice', password);
      expect((await t.request('/api/v1/users', { session: issuer })).status).toBe(403);
    });

    it('exempts bearer tokens from CSRF, and keeps them out of the session routes', async () => {
      const bearer = { authorization: `Bearer ${t.tokens.issuer}` };
      const issued = await t.request('/api/v1/certificates', {
        method: 'POST',
        headers: bearer,
        json: sampleDraft,
      });
      expect(issued.status).toBe(201);
      const session = await t.request('/api/v1/session', { headers: bearer });
      expect(session.status).toBe(403);
      expect(await session.json()).toMatchObject({ code: 'KPX_FORBIDDEN' });
    });

    it('judges a request with an Authorization header by it alone', async () => {
      const s = await t.session('alice', password);
      const res = await t.request('/api/v1/certificates', {
        session: s,
        headers: { authorization: 'Bearer kpx_not-a-token' },
      });
      expect(res.status).toBe(401);
    });

    it('scopes Idempotency-Key to the officer', async () => {
      const s = await t.session('alice', password);
      const send = () =>
        t.request('/api/v1/certificates', {
          method: 'POST',
          session: s,
          headers: { 'idempotency-key': 'k-1' },
          json: sampleDraft,
        });
      const first = (await (await send()).json()) as { number: string };
      const again = await send();
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(((await again.json()) as { number: string }).number).toBe(first.number);
    });
  });

  describe('audit log', () => {
    it('records sign-in, failed sign-in and sign-out with the user', async () => {
      await t.signIn('alice', 'wrong password here', { env: fromAddress('203.0.113.9') });
      await t.signIn('mallory', 'wrong password here');
      const s = await t.session('alice', password);
      await t.request('/api/v1/session', { method: 'DELETE', session: s });
      const entries = (await auditEntries()).filter((e) => e.action.startsWith('session.'));
      expect(entries).toEqual([
        { actor: 'user:alice', action: 'session.sign-in-failed', subject: 'user:alice' },
        { actor: 'anonymous', action: 'session.sign-in-failed', subject: 'user:mallory' },
        { actor: 'user:alice', action: 'session.sign-in', subject: 'user:alice' },
        { actor: 'user:alice', action: 'session.sign-out', subject: 'user:alice' },
      ]);
      const failed = await t.node.context.storage.db
        .selectFrom('audit_log')
        .select('data')
        .where('action', '=', 'session.sign-in-failed')
        .orderBy('seq')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(failed.data)).toEqual({ address: '203.0.113.9', reason: 'password' });
      expect(JSON.stringify(await auditEntries())).not.toContain('wrong password');
      expect(await t.node.verifyAuditChain()).toMatchObject({ ok: true });
    });
  });

  describe('TOTP', () => {
    async function enrol(): Promise<Uint8Array> {
      const s = await t.session('alice', password);
      const started = await t.request('/api/v1/session/totp', { method: 'POST', session: s });
      expect(started.status).toBe(200);
      const { secret, otpauthUri } = (await started.json()) as {
        secret: string;
        otpauthUri: string;
      };
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/kpx%20RU-MINFIN:alice\?secret=/);
      const key = base32Decode(secret)!;
      // Not enabled before it is confirmed.
      expect((await t.signIn('alice', password)).status).toBe(200);

      const wrong = await t.request('/api/v1/session/totp/confirm', {
        method: 'POST',
        session: s,
        json: { code: '000000' === totp(key, t.clock.now()) ? '111111' : '000000' },
      });
      expect(wrong.status).toBe(422);
      expect(await wrong.json()).toMatchObject({ code: 'KPX_TOTP_INVALID' });
      const ok = await t.request('/api/v1/session/totp/confirm', {
        method: 'POST',
        session: s,
        json: { code: totp(key, t.clock.now()) },
      });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ user: { username: 'alice', totpEnabled: true } });
      return key;
    }

    it('enrols, then asks for a code at sign-in: missing or wrong is KPX_TOTP_REQUIRED', async () => {
      const key = await enrol();
      t.clock.advance(60_000);
      const missing = await t.signIn('alice', password);
      expect(missing.status).toBe(401);
      expect(await missing.json()).toMatchObject({ code: 'KPX_TOTP_REQUIRED' });
      const wrong = await t.signIn('alice', password, { totp: '12345' });
      expect(wrong.status).toBe(401);
      expect(await wrong.json()).toMatchObject({ code: 'KPX_TOTP_REQUIRED' });
      // A wrong password with a right code is still just a failed sign-in.
      const code = totp(key, t.clock.now());
      expect((await t.signIn('alice', 'not the password!!', { totp: code })).status).toBe(401);
      const ok = await t.signIn('alice', password, { totp: code });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ user: { totpEnabled: true } });
      // The same code again (a replay within its 30 s) is refused.
      const replay = await t.signIn('alice', password, { totp: code });
      expect(replay.status).toBe(401);
      expect(await replay.json()).toMatchObject({ code: 'KPX_TOTP_REQUIRED' });
      t.clock.advance(30_000);
      expect((await t.signIn('alice', password, { totp: totp(key, t.clock.now()) })).status).toBe(
        200,
      );
    });

    it('refuses a second enrolment while TOTP is on; an admin reset turns it off', async () => {
      await enrol();
      t.clock.advance(60_000);
      const s = await t.session('bob', password); // bob has none; alice needs a code now
      expect((await t.request('/api/v1/session/totp', { method: 'POST', session: s })).status).toBe(
        200,
      );
      const aliceKey = await t.node.context.storage.db
        .selectFrom('users')
        .select('totp_secret')
        .where('username', '=', 'alice')
        .executeTakeFirstOrThrow();
      const code = totp(base32Decode(aliceKey.totp_secret!)!, t.clock.now());
      const alice = await t.session('alice', password, { totp: code });
      const again = await t.request('/api/v1/session/totp', { method: 'POST', session: alice });
      expect(again.status).toBe(409);

      const reset = await t.request('/api/v1/users/alice/totp', {
        method: 'DELETE',
        headers: { authorization: `Bearer ${t.tokens.admin}` },
      });
      expect(reset.status).toBe(204);
      expect((await t.signIn('alice', password)).status).toBe(200);
      expect(await auditEntries()).toContainEqual(
        expect.objectContaining({ action: 'user.totp-reset', subject: 'user:alice' }),
      );
    });

    it('confirming without an enrolment is a conflict', async () => {
      const s = await t.session('alice', password);
      const res = await t.request('/api/v1/session/totp/confirm', {
        method: 'POST',
        session: s,
        json: { code: '123456' },
      });
      expect(res.status).toBe(409);
    });
  });

  describe('own password', () => {
    it('changes it with the current one; other sessions end, this one stays', async () => {
      const other = await t.session('alice', password);
      const s = await t.session('alice', password);
      const weak = await t.request('/api/v1/session/password', {
        method: 'POST',
        session: s,
        json: { currentPassword: password, newPassword: 'short' },
      });
      expect(weak.status).toBe(422);
      expect(await weak.json()).toMatchObject({ code: 'KPX_PASSWORD_WEAK' });
      const wrong = await t.request('/api/v1/session/password', {
        method: 'POST',
        session: s,
        json: { currentPassword: 'not my password at all', newPassword: 'a brand new passphrase' },
      });
      expect(wrong.status).toBe(403);
      expect(await wrong.json()).toMatchObject({ code: 'KPX_PASSWORD_WRONG' });
      const ok = await t.request('/api/v1/session/password', {
        method: 'POST',
        session: s,
        json: { currentPassword: password, newPassword: 'a brand new passphrase' },
      });
      expect(ok.status).toBe(204);
      expect((await t.request('/api/v1/session', { session: s })).status).toBe(200);
      expect((await t.request('/api/v1/session', { session: other })).status).toBe(401);
      expect((await t.signIn('alice', password)).status).toBe(401);
      expect((await t.signIn('alice', 'a brand new passphrase')).status).toBe(200);
      expect(await auditEntries()).toContainEqual({
        actor: 'user:alice',
        action: 'user.password-change',
        subject: 'user:alice',
      });
    });
  });
});
