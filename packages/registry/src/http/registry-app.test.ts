import { verifyTrustList } from '@kpx/protocol';
import { nodeVerifier } from '@kpx/protocol/node';
import { afterEach, describe, expect, it } from 'vitest';
import { signKeyEnrolment } from '../enrolment/sign-key-enrolment.js';
import {
  createTestRegistry,
  hour,
  testKey,
  testNames,
  type TestRegistry,
} from '../testing/test-registry.js';

const open: TestRegistry[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.registry.stop();
});

type Key = Awaited<ReturnType<typeof testKey>>;

/** A registry with RU-MINFIN (current key `ru`) and BY-MINFIN (key `by`). */
async function setup(autoApproveRotation: boolean) {
  const t = await createTestRegistry({ autoApproveRotation, overlapMs: 2 * hour });
  open.push(t);
  const ru = await testKey();
  const by = await testKey();
  await t.registry.addAuthority({
    id: 'RU-MINFIN',
    participant: 'RU',
    names: testNames,
    mayIssue: true,
    mayImport: true,
    keys: [{ jwk: ru.publicJwk }],
  });
  await t.registry.addAuthority({
    id: 'BY-MINFIN',
    participant: 'BY',
    names: testNames,
    mayIssue: true,
    mayImport: true,
    keys: [{ jwk: by.publicJwk }],
  });
  t.clock.advance(hour);
  const request = (path: string, init?: RequestInit) => t.registry.app.request(path, init);
  const enrol = async (
    signer: Key,
    jwk: Key,
    authority = 'RU-MINFIN',
    at = new Date(t.clock.now()),
  ) =>
    request('/enrolment/v1/keys', {
      method: 'POST',
      headers: { 'content-type': 'application/jose' },
      body: await signKeyEnrolment(
        { authority, jwk: jwk.publicJwk, validFrom: at, requestedAt: at },
        signer.signer,
      ),
    });
  const admin = (path: string, init: RequestInit = {}) =>
    request(`/admin/v1${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${t.init.adminToken}`,
        'content-type': 'application/json',
        ...init.headers,
      },
    });
  const verify = async (jws: string) => {
    const outcome = await verifyTrustList(jws, {
      rootKey: t.init.rootKey,
      verifier: nodeVerifier,
      now: new Date(t.clock.now()),
    });
    expect(outcome.checks.filter((c) => !c.ok)).toStrictEqual([]);
    return outcome.value!;
  };
  return { t, ru, by, request, enrol, admin, verify };
}

async function problem(response: Response) {
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const body = (await response.json()) as {
    code: string;
    status: number;
    title: string;
    detail?: string;
  };
  expect(body.status).toBe(response.status);
  return body;
}

describe('registry HTTP', () => {
  it('serves the newest list as application/jose with a strong ETag; If-None-Match gives 304', async () => {
    const { t, request, verify } = await setup(false);
    const first = await request('/trust-list.json');
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/jose');
    expect(first.headers.get('x-kpx-trust-list-version')).toBe('3');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"3-[A-Za-z0-9_-]{22}"$/);
    expect((await verify(await first.text())).version).toBe(3);

    const again = await request('/trust-list.json', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe('');
    expect(
      (await request('/trust-list.json', { headers: { 'if-none-match': `"x", W/${etag}` } }))
        .status,
    ).toBe(304);
    expect((await request('/trust-list.json', { headers: { 'if-none-match': '*' } })).status).toBe(
      304,
    );

    await t.registry.suspendParticipant('BY');
    const changed = await request('/trust-list.json', { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(
      (await verify(await changed.text())).participants.find((p) => p.code === 'BY')?.status,
    ).toBe('suspended');
    const head = await request('/trust-list.json', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toBe(changed.headers.get('etag'));
  });

  it('serves every past version, immutable, still verifying against the pinned root', async () => {
    const { request, verify } = await setup(false);
    const index = (await (await request('/trust-list/versions')).json()) as {
      versions: { version: number; etag: string }[];
    };
    expect(index.versions.map((v) => v.version)).toStrictEqual([3, 2, 1]);
    for (const { version, etag } of index.versions) {
      const response = await request(`/trust-list/versions/${version}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toContain('immutable');
      expect(response.headers.get('etag')).toBe(etag);
      expect((await verify(await response.text())).version).toBe(version);
      expect(
        (await request(`/trust-list/versions/${version}`, { headers: { 'if-none-match': etag } }))
          .status,
      ).toBe(304);
    }
    for (const bad of ['0', '4', 'abc', '1.0', '-1']) {
      const response = await request(`/trust-list/versions/${bad}`);
      expect(response.status).toBe(404);
      expect((await problem(response)).code).toBe('KPX_NOT_FOUND');
    }
    const nowhere = await request('/nowhere');
    expect((await problem(nowhere)).code).toBe('KPX_NOT_FOUND');
    expect(await (await request('/healthz')).json()).toStrictEqual({ ok: true });
  });

  it('auto-approves a rotation signed by the current key: published at once, old key kept with validTo', async () => {
    const { t, ru, enrol, request, verify } = await setup(true);
    const next = await testKey();
    const response = await enrol(ru, next);
    expect(response.status).toBe(201);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      authority: 'RU-MINFIN',
      kid: next.kid,
      status: 'approved',
      signedBy: ru.kid,
      validFrom: '2026-03-01T01:00:00.000Z',
      version: 4,
    });
    expect(response.headers.get('location')).toBe(`/enrolment/v1/keys/${next.kid}`);
    const list = await verify(await (await request('/trust-list.json')).text());
    expect(list.version).toBe(4);
    expect(list.keys.filter((k) => k.authority === 'RU-MINFIN')).toMatchObject([
      { kid: ru.kid, validFrom: '2026-03-01T00:00:00.000Z', validTo: '2026-03-01T03:00:00.000Z' },
      { kid: next.kid, validFrom: '2026-03-01T01:00:00.000Z' },
    ]);

    // The node retries (lost answer): same bytes or a fresh request for the same key → same answer.
    const again = await enrol(ru, next);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ id: body.id, status: 'approved' });
    t.clock.advance(60_000);
    const fresh = await enrol(ru, next);
    expect(fresh.status).toBe(200);
    expect(await fresh.json()).toMatchObject({ id: body.id, status: 'approved' });
    expect((await t.registry.currentList()).version).toBe(4);
    const status = await request(`/enrolment/v1/keys/${next.kid}`);
    expect(await status.json()).toMatchObject({
      id: body.id,
      status: 'approved',
      validFrom: '2026-03-01T01:00:00.000Z',
    });

    // The superseded key may not enrol another; the new current key may.
    const third = await testKey();
    const bySuperseded = await enrol(ru, third);
    expect(bySuperseded.status).toBe(401);
    expect(await problem(bySuperseded)).toMatchObject({
      code: 'KPX_KEY_EXPIRED',
      detail: expect.stringContaining('superseded') as string,
    });
    t.clock.advance(hour);
    expect((await enrol(next, third)).status).toBe(201);
  });

  it('holds an enrolment for an operator when auto-approval is off; admin API approves or rejects', async () => {
    const { t, ru, by, enrol, admin, request, verify } = await setup(false);
    const next = await testKey();
    const pending = await enrol(ru, next);
    expect(pending.status).toBe(202);
    const { id } = (await pending.json()) as { id: string; status: string };
    expect((await t.registry.currentList()).version).toBe(3);

    expect((await request('/admin/v1/enrolments')).status).toBe(401);
    const wrong = await request('/admin/v1/enrolments', {
      headers: { authorization: 'Bearer kpxr_nope' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toBe('Bearer');
    expect((await problem(wrong)).code).toBe('KPX_UNAUTHENTICATED');

    const listed = (await (await admin('/enrolments?status=pending')).json()) as {
      enrolments: { id: string; kid: string }[];
    };
    expect(listed.enrolments).toMatchObject([{ id, kid: next.kid, status: 'pending' }]);
    expect((await admin('/enrolments?status=bogus')).status).toBe(422);

    const approved = await admin(`/enrolments/${id}/approval`, { method: 'POST' });
    expect(approved.status).toBe(200);
    expect(await approved.json()).toMatchObject({ id, status: 'approved', version: 4 });
    const list = await verify(await (await request('/trust-list.json')).text());
    expect(list.keys.find((k) => k.kid === next.kid)?.authority).toBe('RU-MINFIN');
    expect(list.keys.find((k) => k.kid === ru.kid)?.validTo).toBe('2026-03-01T03:00:00.000Z');
    const twice = await admin(`/enrolments/${id}/approval`, { method: 'POST' });
    expect((await problem(twice)).code).toBe('KPX_STATUS_TRANSITION');

    const byNext = await testKey();
    const second = (await (await enrol(by, byNext, 'BY-MINFIN')).json()) as { id: string };
    const noReason = await admin(`/enrolments/${second.id}/rejection`, {
      method: 'POST',
      body: '{}',
    });
    expect((await problem(noReason)).code).toBe('KPX_VALIDATION_FAILED');
    const rejected = await admin(`/enrolments/${second.id}/rejection`, {
      method: 'POST',
      body: JSON.stringify({ reason: 'not requested by the Ministry' }),
    });
    expect(await rejected.json()).toMatchObject({
      status: 'rejected',
      reason: 'not requested by the Ministry',
    });
    expect((await t.registry.currentList()).list.keys.some((k) => k.kid === byNext.kid)).toBe(
      false,
    );
    expect((await (await enrol(by, byNext, 'BY-MINFIN')).json()) as unknown).toMatchObject({
      status: 'rejected',
    });
    expect((await problem(await admin('/enrolments/nope/approval', { method: 'POST' }))).code).toBe(
      'KPX_NOT_FOUND',
    );

    const published = await admin('/publication', { method: 'POST' });
    expect(published.status).toBe(201);
    expect(await published.json()).toMatchObject({ version: 5 });
  });

  it('refuses an operator approval once the signing key was revoked', async () => {
    const { t, ru, enrol } = await setup(false);
    const next = await testKey();
    const { id } = (await (await enrol(ru, next)).json()) as { id: string };
    await t.registry.revokeKey(ru.kid, 'compromise');
    await expect(t.registry.approveEnrolment(id)).rejects.toMatchObject({
      code: 'KPX_KEY_REVOKED',
    });
  });

  it('refuses enrolments signed by a wrong, unknown or revoked key, or for a suspended Participant', async () => {
    const { t, ru, by, enrol, request } = await setup(true);
    const next = await testKey();
    t.clock.advance(2 * hour);
    const cases: [Response, number, string][] = [
      [await enrol(by, next, 'RU-MINFIN'), 401, 'KPX_KEY_AUTHORITY_MISMATCH'],
      [await enrol(next, await testKey()), 401, 'KPX_KEY_UNKNOWN'],
      [
        await enrol(ru, next, 'RU-MINFIN', new Date(t.clock.now() - 1.5 * hour)),
        400,
        'KPX_MESSAGE_TOO_OLD',
      ],
      [
        await enrol(ru, next, 'RU-MINFIN', new Date(t.clock.now() - 4 * hour)),
        401,
        'KPX_KEY_NOT_YET_VALID',
      ],
    ];
    for (const [response, status, code] of cases) {
      expect(response.status).toBe(status);
      expect((await problem(response)).code).toBe(code);
    }
    await t.registry.revokeKey(by.kid, 'compromise');
    const revoked = await enrol(by, next, 'BY-MINFIN');
    expect(revoked.status).toBe(401);
    expect(await problem(revoked)).toMatchObject({
      code: 'KPX_KEY_REVOKED',
      detail: expect.stringContaining('key-not-revoked') as string,
    });

    await t.registry.suspendParticipant('RU');
    const suspended = await enrol(ru, next);
    expect(suspended.status).toBe(403);
    expect((await problem(suspended)).code).toBe('KPX_PARTICIPANT_SUSPENDED');
    expect((await t.registry.enrolments()).length).toBe(0);

    const plain = await request('/enrolment/v1/keys', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(plain.status).toBe(415);
    expect((await problem(plain)).code).toBe('KPX_UNSUPPORTED_MEDIA_TYPE');
    const huge = await request('/enrolment/v1/keys', {
      method: 'POST',
      headers: { 'content-type': 'application/jose' },
      body: 'x'.repeat(100_000),
    });
    expect(huge.status).toBe(413);
    expect((await problem(huge)).code).toBe('KPX_BODY_TOO_LARGE');
    const garbage = await request('/enrolment/v1/keys', {
      method: 'POST',
      headers: { 'content-type': 'application/jose' },
      body: 'a.b.c',
    });
    expect(garbage.status).toBe(400);
    expect((await problem(garbage)).code).toBe('KPX_JWS_MALFORMED');
    expect((await request(`/enrolment/v1/keys/${next.kid}`)).status).toBe(404);
  });

  it('refuses to enrol a key another authority already has', async () => {
    const { ru, by, enrol } = await setup(true);
    const taken = await enrol(ru, by);
    expect(taken.status).toBe(409);
    expect((await problem(taken)).code).toBe('KPX_CONFLICT');
  });
});
